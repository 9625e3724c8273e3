import { RunwayError } from '../core/errors.ts';
import type { MetricPoint } from '../core/schema.ts';
import type { MetricWriter } from '../core/store.ts';
import { CustomerAssigner, type Principal, type TenantRules } from './auth/principal.ts';
import type { HostActivity } from './host-activity.ts';
import type { ParseResult } from './line-protocol.ts';

export interface PipelineContext {
  writer: MetricWriter;
  rules: TenantRules;
  activity: HostActivity;
}

export interface IngestOutcome {
  /** Lines seen (blank lines and comments excluded). */
  total: number;
  /** Points stored. */
  accepted: number;
  errors: ParseResult['errors'];
}

/** Maps one parsed point to what is stored, given its customer; null drops a point with nothing left to store. */
export type PointMapper = (point: MetricPoint, customer: string) => MetricPoint | null;

/** For parsers that already produce canonical points: only the customer tag is added. */
export const withCustomer: PointMapper = (p, customer) => ({ ...p, tags: { ...p.tags, customer } });

/**
 * What every collector's route does after parsing: give each point its customer (from the token,
 * refusing foreign hosts), store the good points, note the hosts as alive, and report bad lines.
 * Resolves only once the writer holds the points, so the caller may acknowledge.
 */
export async function storeParsed(parsed: ParseResult, principal: Principal, ctx: PipelineContext, map: PointMapper = withCustomer): Promise<IngestOutcome> {
  const assigner = new CustomerAssigner(principal, ctx.rules);
  const stored: MetricPoint[] = [];
  for (const p of parsed.points) {
    const customer = assigner.customerOf(p.tags.host, p.tags.customer);
    const mapped = map(p, customer);
    if (mapped) stored.push(mapped);
  }
  assigner.assertNothingRefused();
  if (stored.length > 0) await ctx.writer.write(stored);
  const now = Date.now();
  for (const p of stored) if (p.tags.host) ctx.activity.seen(p.tags.host, now);
  return { total: parsed.lines, accepted: stored.length, errors: parsed.errors };
}

/** A batch with bad lines: the good ones are stored already; the answer lists every bad line. */
export function assertNoBadLines(outcome: IngestOutcome): void {
  if (outcome.errors.length === 0) return;
  const shown = outcome.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.reason}`);
  if (outcome.errors.length > 5) shown.push(`and ${outcome.errors.length - 5} more`);
  throw new RunwayError('RUNWAY_ERR_INGEST_BAD_LINES', {
    rejected: outcome.errors.length,
    total: outcome.total,
    accepted: outcome.accepted,
    summary: shown.join('; '),
    lines: outcome.errors,
  });
}
