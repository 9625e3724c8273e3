import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { RunwayError } from '../core/errors.ts';
import { retryAfterMs, withRetries, type AttemptOutcome, type RetryPolicy } from '../alerting/impl/retry.ts';
import { formatPoints } from '../core/line-protocol-format.ts';
import { parseBackfillCsv } from '../ingest/collectors/csv-backfill.ts';
import { parseCactiXport } from '../ingest/collectors/rrd-xport.ts';
import type { ParseResult } from '../ingest/line-protocol.ts';
import { parseBackfillArgs, BACKFILL_USAGE, type BackfillArgs } from './backfill-options.ts';

const gzip = promisify(gzipCb);

export interface BackfillIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stderr is a terminal: the progress bar is drawn only there (default: process.stderr's). */
  terminal?: boolean;
}

/** Where a backfill got to: sending resumes after the last chunk InfluxDB acknowledged. */
interface Checkpoint {
  fileSha256: string;
  chunkPoints: number;
  chunksDone: number;
}

/**
 * `runway backfill`: history from CSV or Cacti's `rrdtool xport` (XML or JSON) into Runway, through
 * its API with the customer's token like any collector. Resumable from a checkpoint file, and
 * idempotent: the same points land on the same series and timestamps, so a second run stores
 * nothing twice.
 */
export async function runBackfillCommand(argv: string[], io: BackfillIo): Promise<number> {
  let args: BackfillArgs;
  try {
    args = parseBackfillArgs(argv);
  } catch (e) {
    io.stderr(`runway backfill: ${(e as Error).message}\n\n${BACKFILL_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(BACKFILL_USAGE + '\n');
    return 0;
  }
  const body = readFileSync(args.file, 'utf8');
  const parsed = parseFile(body, args);
  for (const e of parsed.errors.slice(0, 20)) io.stderr(`${args.file} line ${e.line}: ${e.reason}\n`);
  if (parsed.errors.length > 0) {
    io.stderr(`runway backfill: ${parsed.errors.length} bad lines in ${args.file}; fix them and run again (nothing was sent)\n`);
    return 2;
  }
  const checkpointPath = args.checkpoint ?? `${args.file}.runway-backfill.json`;
  const fileSha256 = createHash('sha256').update(body).digest('hex');
  const done = readCheckpoint(checkpointPath, fileSha256, args.chunkPoints);
  const chunks = Math.ceil(parsed.points.length / args.chunkPoints);
  const total = parsed.points.length;
  if (done >= chunks) {
    io.stdout(`nothing sent: all ${total} points of ${args.file} were sent by an earlier run (${checkpointPath}; delete it to send them again)\n`);
    return 0;
  }
  if (done > 0) io.stderr(`resuming after ${done} of ${chunks} chunks (${checkpointPath})\n`);
  const terminal = io.terminal ?? process.stderr.isTTY === true;
  for (let c = done; c < chunks; c++) {
    const points = parsed.points.slice(c * args.chunkPoints, (c + 1) * args.chunkPoints);
    await postChunk(args, await gzip(formatPoints(points)));
    writeFileSync(checkpointPath, JSON.stringify({ fileSha256, chunkPoints: args.chunkPoints, chunksDone: c + 1 } satisfies Checkpoint));
    if (terminal) io.stderr(`\r${progressBar((c + 1) / chunks)} ${Math.min((c + 1) * args.chunkPoints, total).toLocaleString('en')} / ${total.toLocaleString('en')} points`);
  }
  if (terminal) io.stderr('\n');
  const sent = total - done * args.chunkPoints;
  const earlier = done > 0 ? ` (the other ${total - sent} were sent by an earlier run)` : '';
  io.stdout(`backfilled ${sent} points from ${args.file} for ${args.host ?? 'the hosts in the file'}${earlier}\n`);
  return 0;
}

function parseFile(body: string, args: BackfillArgs): ParseResult {
  if (args.format === 'csv') return parseBackfillCsv(body, args.host ? { host: args.host } : {});
  if (!args.host) throw new RunwayError('RUNWAY_ERR_CLI_USAGE', { reason: '--host is required for rrdtool xport files' });
  return parseCactiXport(body, args.host, { diskUnitBytes: args.unitBytes, memUnitBytes: args.unitBytes, ...(args.mount ? { mount: args.mount } : {}) });
}

function readCheckpoint(path: string, fileSha256: string, chunkPoints: number): number {
  try {
    const c = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
    // A changed file or chunk size means the old position no longer names the same points.
    return c.fileSha256 === fileSha256 && c.chunkPoints === chunkPoints ? c.chunksDone : 0;
  } catch {
    return 0;
  }
}

/** Up to 8 attempts over at most 10 minutes: a restarting Runway has time to come back. */
const CHUNK_RETRY: RetryPolicy = { maxAttempts: 8, deadlineMs: 600_000, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** Retries unavailability with backoff (honouring Retry-After); a refusal (4xx) stops the backfill with its reason. */
async function postChunk(args: BackfillArgs, body: Buffer): Promise<void> {
  const url = `${args.url.replace(/\/+$/, '')}/api/v1/import`;
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip' };
  if (args.token) headers.authorization = `Token ${args.token}`;
  const result = await withRetries(async (): Promise<AttemptOutcome> => {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(60_000) });
    if (res.ok) return { ok: true };
    const error = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    return { ok: false, error, permanent: res.status < 500 && res.status !== 429, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) };
  }, CHUNK_RETRY);
  if (result.ok) return;
  if (result.permanent) {
    throw new RunwayError('RUNWAY_ERR_CLI_USAGE', { reason: `Runway refused the data: ${result.lastError}` });
  }
  throw new RunwayError('RUNWAY_ERR_CLI_USAGE', { reason: `Runway at ${url} did not take a chunk after ${result.attempts} attempts (${result.lastError}); run the same command again to resume` });
}

function progressBar(fraction: number, width = 30): string {
  const full = Math.round(fraction * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(fraction * 100).toFixed(0).padStart(3)} %`;
}

