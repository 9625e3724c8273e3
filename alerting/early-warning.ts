import { ALERT_NAME, SLOWDOWN_METRICS } from '../core/runway-row.ts';
import type { RunwayRow } from '../forecast/job/runway-row.ts';
import { isoDay } from './format.ts';
import type { AlertCandidate } from './lifecycle/alert-machine.ts';
import { proposeRemediation, type CoreDonor } from './remediation.ts';
import type { PoolDonor } from './resource-proposals.ts';
import type { PoolHeadroom } from '../core/runway-row.ts';
import { poolSentence } from './pool-proposals.ts';

const ALERT_NAMES = ALERT_NAME;

/** The identity of a resource's alert across runs. */
export const rowKey = (row: RunwayRow): string => [ALERT_NAMES[row.metric], row.customer, row.host, row.resource].join('|');

/**
 * What the runway table means for alerting: one candidate per resource, with its lead time; the
 * lifecycle decides the severity from the tiers. A full disk (bytes or inodes) loses data and a
 * host out of memory kills processes, so those may go critical; a peak over capacity (load, CPU)
 * slows a shop down, so it stays a warning at most.
 */
export function alertCandidates(rows: readonly RunwayRow[], context: TextContext = {}): AlertCandidate[] {
  // Donors are looked for among the rows of the same pool: over the whole fleet, every load and CPU
  // row of a pool host would scan every row (30,000 × 30,000 at 10,000 hosts, on the event loop).
  let byPool: Map<string, RunwayRow[]> | undefined;
  const peers = (row: RunwayRow): readonly RunwayRow[] => (byPool ??= rowsByPool(rows, context.poolOf)).get(context.poolOf?.(row.host) ?? '') ?? [];
  return rows.map((row) => new RowCandidate(row, context, peers));
}

interface TextContext {
  poolOf?: (host: string) => string | undefined;
  pools?: readonly PoolHeadroom[];
}

/**
 * One row's candidate, its summary and remediation written when first read. The lifecycle reads
 * them only for a resource that alerts or did, a few of a fleet's rows; writing them for all 70,000
 * rows of 10,000 hosts held the event loop for a second every cycle.
 */
class RowCandidate implements AlertCandidate {
  readonly key: string;
  readonly labels: AlertCandidate['labels'];
  readonly daysLeft: number | null;
  readonly evidence: RunwayRow;
  readonly maxSeverity?: 'warning';
  #texts: { summary: string; remediation: string } | undefined;
  readonly #context: TextContext;
  readonly #peers: (row: RunwayRow) => readonly RunwayRow[];

  constructor(row: RunwayRow, context: TextContext, peers: (row: RunwayRow) => readonly RunwayRow[]) {
    this.key = rowKey(row);
    this.labels = { alertname: ALERT_NAMES[row.metric], customer: row.customer, host: row.host, resource: row.resource };
    this.daysLeft = row.daysLeft;
    this.evidence = row;
    if (SLOWDOWN_METRICS.has(row.metric)) this.maxSeverity = 'warning';
    this.#context = context;
    this.#peers = peers;
  }

  get summary(): string {
    return this.#written().summary;
  }

  get remediation(): string {
    return this.#written().remediation;
  }

  #written(): { summary: string; remediation: string } {
    const row = this.evidence;
    const { poolOf, pools = [] } = this.#context;
    return (this.#texts ??= {
      summary: summaryOf(row),
      remediation: [
        proposeRemediation(row, row.metric === 'load_daily_max' ? donorFor(row, this.#peers(row), poolOf) : row.metric === 'cpu_p95_percent' ? cpuDonorFor(row, this.#peers(row), poolOf) : undefined),
        poolSentence(row, pools),
      ].filter(Boolean).join(' '),
    });
  }
}

/** The rows of hosts in a pool, by pool. */
function rowsByPool(rows: readonly RunwayRow[], poolOf?: (host: string) => string | undefined): Map<string, RunwayRow[]> {
  const out = new Map<string, RunwayRow[]>();
  if (!poolOf) return out;
  for (const row of rows) {
    const pool = poolOf(row.host);
    if (!pool) continue;
    const members = out.get(pool) ?? [];
    out.set(pool, members);
    members.push(row);
  }
  return out;
}

/**
 * The host in the same pool whose forecast peak leaves the most whole cores unused over the
 * horizon, if it can spare what the overloaded host needs.
 */
function donorFor(row: RunwayRow, rows: readonly RunwayRow[], poolOf?: (host: string) => string | undefined): CoreDonor | undefined {
  const pool = poolOf?.(row.host);
  if (!pool) return undefined;
  const needed = Math.max(1, Math.ceil(row.peakForecast - row.threshold));
  const donors = rows
    .filter((r) => r.metric === 'load_daily_max' && r.host !== row.host && poolOf?.(r.host) === pool)
    .map((r) => ({ host: r.host, pool, cores: r.threshold, peak: r.peakForecast, spareCores: Math.floor(r.threshold - r.peakForecast) - 1 }))
    .filter((d) => d.spareCores >= needed)
    .sort((a, b) => b.spareCores - a.spareCores);
  return donors[0];
}

/**
 * The host in the same pool whose forecast CPU leaves the most cores idle (below the threshold,
 * one kept in reserve), if it can take the work of the cores the row's host lacks.
 */
function cpuDonorFor(row: RunwayRow, rows: readonly RunwayRow[], poolOf?: (host: string) => string | undefined): PoolDonor | undefined {
  const pool = poolOf?.(row.host);
  if (!pool || !row.cores) return undefined;
  const needed = Math.max(1, Math.ceil(row.cores * (row.peakForecast - row.threshold) / 100));
  const spare = (r: RunwayRow) => Math.floor(((r.threshold - r.peakForecast) / 100) * (r.cores ?? 0)) - 1;
  return rows
    .filter((r) => r.metric === 'cpu_p95_percent' && r.host !== row.host && r.cores && poolOf?.(r.host) === pool && spare(r) >= needed)
    .sort((a, b) => spare(b) - spare(a))
    .map((r) => ({ host: r.host, pool, capacity: r.cores ?? 0, peakPercent: r.peakForecast }))[0];
}

function summaryOf(row: RunwayRow): string {
  const when = `likely ${isoDay(row.crossing.likely)} (earliest ${isoDay(row.crossing.earliest)}, latest ${isoDay(row.crossing.latest)})`;
  const driver = row.driver && row.driver !== 'trend' ? `, driven by the ${row.driver} peak` : '';
  switch (row.metric) {
    case 'disk_used_percent':
    case 'inodes_used_percent':
      return `${row.host} ${row.resource} reaches ${row.threshold} % ${when}; now ${row.current.toFixed(1)} %`;
    case 'mem_used_percent':
      return `${row.host} daily peak memory use reaches ${row.threshold} % of RAM ${when}${driver}; recent peak ${row.current.toFixed(1)} %`;
    case 'cpu_p95_percent':
      return `${row.host} daily 95th percentile of CPU use reaches ${row.threshold} % ${when}${driver}; recent ${row.current.toFixed(1)} %`;
    case 'load_daily_max':
      return `${row.host} daily peak load reaches its ${row.threshold} cores ${when}${driver}; recent peak ${row.current.toFixed(2)}`;
  }
}
