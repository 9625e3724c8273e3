import type { MetricWriter } from '../core/store.ts';
import type { MetricPoint } from '../core/schema.ts';
import { parseLineProtocol, type LineError, type Precision } from './line-protocol.ts';
import { toCanonical } from './telegraf-mapping.ts';

export interface IngestOutcome {
  /** Lines seen (blank lines and comments excluded). */
  total: number;
  /** Points stored in InfluxDB (a line whose every field was dropped stores nothing). */
  accepted: number;
  errors: LineError[];
}

export interface IngestContext {
  writer: MetricWriter;
  defaultCustomer: string;
}

/**
 * Parses a line-protocol body, maps it to the canonical schema and stores the good points.
 * Resolves only once InfluxDB holds them, so the caller may acknowledge; bad lines are reported, not fatal.
 */
export async function ingestLines(body: string, precision: Precision, ctx: IngestContext, nowNs: bigint = currentNs()): Promise<IngestOutcome> {
  const parsed = parseLineProtocol(body, { precision, nowNs });
  const canonical: MetricPoint[] = [];
  for (const p of parsed.points) {
    // Until per-customer tokens exist, the collector's own `customer` tag (Telegraf global_tags) names the customer.
    const mapped = toCanonical(p, p.tags.customer ?? ctx.defaultCustomer);
    if (mapped) canonical.push(mapped);
  }
  if (canonical.length > 0) await ctx.writer.write(canonical);
  return { total: parsed.lines, accepted: canonical.length, errors: parsed.errors };
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
