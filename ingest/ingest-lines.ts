import type { MetricWriter } from '../core/store.ts';
import type { MetricPoint } from '../core/schema.ts';
import type { CustomerAssigner } from './auth/principal.ts';
import type { HostActivity } from './host-activity.ts';
import { parseLineProtocol, type LineError, type Precision } from './line-protocol.ts';
import type { IngestCounters } from './metrics.ts';
import { toCanonical } from './telegraf-mapping.ts';

export interface IngestOutcome {
  /** Lines seen (blank lines and comments excluded). */
  total: number;
  /** Points stored in InfluxDB (a line whose every field was dropped stores nothing). */
  accepted: number;
  errors: LineError[];
}

/** A writer that takes one request's points in pieces and makes them durable together (the spool). */
export interface BatchWriter extends MetricWriter {
  /** `sizeHintBytes`: about how many bytes the points will take as line protocol. */
  startBatch(sizeHintBytes: number): PointBatch;
}

export interface PointBatch {
  add(points: readonly MetricPoint[]): void;
  /** Resolves once every point added is durable, as MetricWriter.write would. */
  commit(): Promise<void>;
}

export const isBatchWriter = (w: MetricWriter): w is BatchWriter => typeof (w as Partial<BatchWriter>).startBatch === 'function';

/** For a plain writer (the store): the pieces are gathered and written at once. */
export function gatheringBatch(writer: MetricWriter): PointBatch {
  const all: MetricPoint[] = [];
  return {
    add: (points) => {
      for (const p of points) all.push(p);
    },
    commit: () => writer.write(all),
  };
}

/**
 * A body is parsed a slice of about this many characters at a time, and each slice's points are
 * handed on before the next is parsed: a whole 5000-line body's objects alive at once would be
 * copied by every young-generation GC that runs meanwhile. Lines are parsed one by one either way.
 */
const SLICE_CHARS = 64 * 1024;

export interface IngestContext {
  /** The durable spool in `runway serve`, or the store: either resolves once the points are safe. */
  writer: MetricWriter;
  /** Gives each point its customer from the caller's token; refuses foreign hosts. */
  assigner: CustomerAssigner;
  /** Notes which hosts are alive, for OCO's staleness rule. */
  activity?: HostActivity;
  metrics?: IngestCounters;
}

/**
 * Parses a line-protocol body, maps it to the canonical schema and stores the good points.
 * Resolves only once the writer holds them durably, so the caller may acknowledge; bad lines are reported, not fatal.
 */
export async function ingestLines(body: string, precision: Precision, ctx: IngestContext, nowNs: bigint = currentNs(), sliceChars = SLICE_CHARS): Promise<IngestOutcome> {
  const { outcome, batch, hosts } = await parseAndMap(body, precision, ctx, nowNs, sliceChars);
  // A request touching another customer's host stores nothing: the batch is dropped uncommitted.
  ctx.assigner.assertNothingRefused();
  if (outcome.accepted > 0) {
    await batch.commit();
    ctx.metrics?.accepted(outcome.accepted);
    const now = Date.now();
    for (const host of hosts) ctx.activity?.seen(host, now);
  }
  return outcome;
}

/**
 * Parses, maps and hands the points on slice by slice; bad lines keep their body line numbers.
 * Between slices it lets the event loop run, so that a stream of large bodies does not starve
 * the spool's replay (which shares this thread) and InfluxDB does not sit idle meanwhile.
 */
async function parseAndMap(body: string, precision: Precision, ctx: IngestContext, nowNs: bigint, sliceChars: number): Promise<{ outcome: IngestOutcome; batch: PointBatch; hosts: Set<string> }> {
  const hosts = new Set<string>();
  const batch = isBatchWriter(ctx.writer) ? ctx.writer.startBatch(body.length + 1024) : gatheringBatch(ctx.writer);
  const outcome: IngestOutcome = { total: 0, accepted: 0, errors: [] };
  let linesBefore = 0; // line breaks in body[0, countedTo)
  let countedTo = 0;
  for (let start = 0; start < body.length; ) {
    const cut = body.length - start <= sliceChars ? -1 : body.indexOf('\n', start + sliceChars);
    const end = cut === -1 ? body.length : cut + 1;
    const parsed = parseLineProtocol(body, { precision, nowNs, from: start, to: end });
    outcome.total += parsed.lines;
    if (parsed.errors.length > 0) {
      linesBefore += countLineBreaks(body, countedTo, start);
      countedTo = start;
      for (const e of parsed.errors) outcome.errors.push({ ...e, line: e.line + linesBefore });
    }
    const canonical: MetricPoint[] = [];
    for (const p of parsed.points) {
      const mapped = toCanonical(p, ctx.assigner.customerOf(p.tags.host, p.tags.customer));
      if (mapped) canonical.push(mapped);
      if (p.tags.host !== undefined) hosts.add(p.tags.host);
    }
    batch.add(canonical);
    outcome.accepted += canonical.length;
    start = end;
    if (start < body.length) await yieldToEventLoop();
  }
  ctx.metrics?.rejectedLines(outcome.errors.length);
  return { outcome, batch, hosts };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function countLineBreaks(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

export function currentNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** A short, readable list of the bad lines for the error message (the full list is in the response body). */
export function summariseErrors(errors: readonly LineError[], max = 5): string {
  const shown = errors.slice(0, max).map((e) => `line ${e.line}: ${e.reason}`);
  if (errors.length > max) shown.push(`and ${errors.length - max} more`);
  return shown.join('; ');
}
