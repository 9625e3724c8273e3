import { RunwayError } from '../core/errors.ts';
import type { MetricPoint } from '../core/schema.ts';
import type { MetricWriter } from '../core/store.ts';
import { CustomerAssigner, type Principal, type TenantRules } from './auth/principal.ts';
import type { FieldTypeCache } from './checks/field-types.ts';
import { PointChecks } from './checks/point-checks.ts';
import type { HostActivity } from './host-activity.ts';
import type { LineError, ParseResult } from './line-protocol.ts';
import type { IngestCounters } from './metrics.ts';
import { startBatch } from './point-batch.ts';
import { yieldToEventLoop } from '../core/event-loop.ts';

/** Everything a write needs besides its points: where they go, who owns what, what is known of InfluxDB. */
export interface PipelineContext {
  /** The durable spool in `runway serve`, or the store: either resolves once the points are safe. */
  writer: MetricWriter;
  rules: TenantRules;
  /** Notes which hosts are alive, for OCO's staleness rule. */
  activity: HostActivity;
  metrics?: IngestCounters;
  /** Field types InfluxDB holds: a conflicting point is refused up front. */
  fieldTypes?: FieldTypeCache;
}

export interface IngestOutcome {
  /** Lines seen (blank lines and comments excluded). */
  total: number;
  /** Points stored (a line whose every field was dropped stores nothing). */
  accepted: number;
  /** Bad lines, by line number: unparsable, or refused as InfluxDB would refuse them. */
  errors: LineError[];
}

/** One parser's output, or a piece of it: where a point came from, when the parser knows. */
export interface ParsedPiece extends ParseResult {
  /** The 1-based line of the body that point `index` was parsed from, when the parser knows. */
  pointLine?: (index: number) => number;
}

/** Maps one parsed point to what is stored, given its customer; null drops a point with nothing left to store. */
export type PointMapper = (point: MetricPoint, customer: string) => MetricPoint | null;

/** For parsers that already produce canonical points: only the customer tag is added. */
export const withCustomer: PointMapper = (p, customer) => ({ ...p, tags: { ...p.tags, customer } });

export interface IngestOptions {
  map?: PointMapper;
  /** About how many bytes the points take as line protocol (the spool sizes its buffer by it). */
  sizeHintBytes?: number;
}

/**
 * The one path every write takes, whatever its parser (line protocol, Prometheus text, RTM,
 * Nagios, sensision, the scraper): each point gets its customer from the caller (foreign hosts
 * refuse the request), is mapped, is checked as InfluxDB would check it (reserved measurements
 * refuse the request; a field type conflict or an oversized series key refuses its line), and the
 * good points are stored. Resolves once the writer holds them, so the caller may acknowledge.
 * Pieces are handed on one by one, letting the event loop run in between.
 */
export async function ingest(pieces: Iterable<ParsedPiece>, principal: Principal, ctx: PipelineContext, opts: IngestOptions = {}): Promise<IngestOutcome> {
  const { map = withCustomer } = opts;
  const assigner = new CustomerAssigner(principal, ctx.rules);
  const checks = new PointChecks(ctx.fieldTypes);
  const batch = startBatch(ctx.writer, opts.sizeHintBytes ?? 64 * 1024);
  const outcome: IngestOutcome = { total: 0, accepted: 0, errors: [] };
  const hosts = new Set<string>();
  // A body's points come host by host: a host like the last one's need not be hashed into the set again.
  let lastHost: string | undefined;
  let first = true;
  for (const piece of pieces) {
    if (!first) await yieldToEventLoop();
    first = false;
    outcome.total += piece.lines;
    for (const e of piece.errors) outcome.errors.push(e);
    const stored: MetricPoint[] = [];
    for (let i = 0; i < piece.points.length; i++) {
      const p = piece.points[i]!;
      const host = p.tags.host;
      const mapped = map(p, assigner.customerOf(host, p.tags.customer));
      if (host !== lastHost && host !== undefined) hosts.add((lastHost = host));
      if (!mapped) continue;
      const problem = checks.problem(mapped);
      if (problem === null) stored.push(mapped);
      else outcome.errors.push({ line: piece.pointLine?.(i) ?? 0, reason: problem, text: describe(mapped) });
    }
    batch.add(stored);
    outcome.accepted += stored.length;
  }
  // A request touching another customer's host, or Runway's own measurements, stores nothing.
  assigner.assertNothingRefused();
  checks.assertNoReserved();
  if (outcome.accepted > 0) {
    await batch.commit();
    ctx.fieldTypes?.learn(checks.learned);
    ctx.metrics?.accepted(outcome.accepted);
    const now = Date.now();
    for (const host of hosts) ctx.activity.seen(host, now);
  }
  ctx.metrics?.rejectedLines(outcome.errors.length);
  if (outcome.errors.length > 1) outcome.errors.sort((a, b) => a.line - b.line);
  return outcome;
}

/** A refused point, for the bad-line list when its text is not at hand. */
function describe(p: MetricPoint): string {
  return `${p.measurement} ${Object.keys(p.fields).join(',')}`.slice(0, 200);
}

/** A batch with bad lines: the good ones are stored already; the answer (400) lists every bad line. */
export function assertNoBadLines(outcome: IngestOutcome): void {
  if (outcome.errors.length === 0) return;
  throw new RunwayError('RUNWAY_ERR_INGEST_BAD_LINES', {
    rejected: outcome.errors.length,
    total: outcome.total,
    accepted: outcome.accepted,
    summary: summariseErrors(outcome.errors),
    lines: outcome.errors,
  });
}

/** A short, readable list of the bad lines for the error message (the full list is in the response body). */
export function summariseErrors(errors: readonly LineError[], max = 5): string {
  const shown = errors.slice(0, max).map((e) => `line ${e.line}: ${e.reason}`);
  if (errors.length > max) shown.push(`and ${errors.length - max} more`);
  return shown.join('; ');
}
