/**
 * Sends the demo fleet the way Telegraf's outputs.influxdb does, so that loading the demo
 * exercises the same ingest path as a real customer's agents.
 *
 * CLI: node scripts/demo-fleet/send.ts URL [--hosts N] [--days N] [--seed N] [--token T] [--end ISO]
 */
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { withRetries, type AttemptOutcome } from '../../alerting/impl/retry.ts';
import { formatPoints } from '../../core/line-protocol-format.ts';
import type { MetricPoint } from '../../core/schema.ts';
import { demoFleet, hostBatches, hostPointCount, type DemoFleetOptions } from './fleet.ts';

const gzip = promisify(gzipCb);

export type SendOptions = DemoFleetOptions & {
  concurrency?: number;
  token?: string;
  /** A token per customer, as each customer's collectors would send (wins over `token`). */
  tokenFor?: (customer: string) => string;
  onProgress?: (sentPoints: number, totalPoints: number) => void;
  /** Points per request; Telegraf's default metric_batch_size is 1000, larger loads faster. */
  batchPoints?: number;
  /** First retry delay; doubles on each retry. */
  retryBaseMs?: number;
};

/** One POST with retries on 5xx, 429 and network errors; 4xx means the data is wrong: throw. */
async function postBatch(writeUrl: string, body: Buffer, headers: Record<string, string>, retryBaseMs: number): Promise<void> {
  const result = await withRetries(async (): Promise<AttemptOutcome> => {
    const res = await fetch(writeUrl, { method: 'POST', headers, body }).catch((err: Error) => {
      throw new Error(`${err.message}${err.cause ? ` (${String(err.cause)})` : ''}`);
    });
    const text = await res.text();
    if (res.ok) return { ok: true };
    return { ok: false, error: `HTTP ${res.status}: ${text.trim()}`, permanent: res.status >= 400 && res.status < 500 && res.status !== 429 };
  }, { maxAttempts: 6, deadlineMs: 300_000, baseDelayMs: retryBaseMs, maxDelayMs: 30_000 });
  if (result.permanent) throw new Error(`demo fleet: ${writeUrl} rejected a batch with ${result.lastError}`);
  if (!result.ok) throw new Error(`demo fleet: ${writeUrl} failed ${result.attempts} times, last: ${result.lastError}`);
}

/**
 * Posts the fleet to a Runway (or InfluxDB 1.x) /write endpoint exactly as Telegraf's
 * outputs.influxdb does: POST {url}/write?db=telegraf, gzip body, text/plain; charset=utf-8,
 * no precision parameter (ns). `concurrency` parallel requests (default 4).
 */
export async function sendFleet(url: string, opts: SendOptions): Promise<{ points: number; requests: number; ms: number }> {
  const started = performance.now();
  const writeUrl = `${url.replace(/\/+$/, '')}/write?db=telegraf`;
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Encoding': 'gzip',
    'User-Agent': 'Telegraf/1.30 (runway demo fleet)',
  };
  if (opts.token) headers.Authorization = `Token ${opts.token}`;
  const hosts = demoFleet(opts);
  const totalPoints = hosts.reduce((n, h) => n + hostPointCount(h, opts), 0);
  let points = 0;
  let requests = 0;
  let failed = false;
  const send = async (batch: MetricPoint[]): Promise<void> => {
    const body = await gzip(Buffer.from(formatPoints(batch), 'utf8'));
    // A batch holds one host's points, so one customer's token covers it.
    const customer = batch[0]?.tags.customer;
    const batchHeaders = opts.tokenFor && customer ? { ...headers, Authorization: `Token ${opts.tokenFor(customer)}` } : headers;
    try {
      await postBatch(writeUrl, body, batchHeaders, opts.retryBaseMs ?? 250);
    } catch (err) {
      failed = true;
      throw err;
    }
    points += batch.length;
    requests++;
    opts.onProgress?.(points, totalPoints);
  };
  // Workers take whole hosts, and send a host's batches one after another: each series arrives in
  // time order, as from a collector (runway serve --demo rolls the history up as it passes).
  let nextHost = 0;
  const worker = async (): Promise<void> => {
    while (nextHost < hosts.length && !failed) {
      const host = hosts[nextHost++]!;
      for (const batch of hostBatches(host, opts, opts.batchPoints ?? 5000)) {
        if (failed) return;
        await send(batch);
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker);
  const results = await Promise.allSettled(workers);
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return { points, requests, ms: Math.round(performance.now() - started) };
}

function parseArgs(argv: string[]): { url: string; opts: SendOptions } {
  const [url, ...rest] = argv;
  if (!url || url.startsWith('--')) throw new Error('usage: send.ts URL [--hosts N] [--days N] [--seed N] [--token T] [--end ISO]');
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) flags.set(rest[i]!.replace(/^--/, ''), rest[i + 1] ?? '');
  const num = (k: string) => (flags.has(k) ? Number(flags.get(k)) : undefined);
  const end = flags.get('end');
  const opts: SendOptions = { endMs: end ? Date.parse(end) : Date.now() };
  for (const k of ['hosts', 'days', 'seed'] as const) if (num(k) !== undefined) opts[k] = num(k);
  if (flags.get('token')) opts.token = flags.get('token');
  return { url, opts };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url, opts } = parseArgs(process.argv.slice(2));
  let shown = -1;
  opts.onProgress = (sent, total) => {
    const pct = Math.floor((sent / total) * 100);
    if (pct !== shown) process.stderr.write(`\r${pct} % of ${total} points`);
    shown = pct;
  };
  const r = await sendFleet(url, opts);
  process.stderr.write(`\nsent ${r.points} points in ${r.requests} requests, ${(r.ms / 1000).toFixed(1)} s\n`);
}
