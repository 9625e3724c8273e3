import type { RunwayRow } from '../forecast/job/runway-row.ts';
import { isoDay } from './format.ts';
import type { AlertCandidate } from './lifecycle/alert-machine.ts';
import { proposeRemediation, type CoreDonor } from './remediation.ts';

const ALERT_NAMES = { disk_used_percent: 'DiskFillingUp', load_daily_max: 'PeakLoadOverCapacity' } as const;

/** The identity of a resource's alert across runs. */
export const rowKey = (row: RunwayRow): string => [ALERT_NAMES[row.metric], row.customer, row.host, row.resource].join('|');

/**
 * What the runway table means for alerting: one candidate per resource, with its lead time; the
 * lifecycle decides the severity from the tiers. A full disk loses data, so it may go critical; a
 * peak over capacity slows a shop down, so it stays a warning at most.
 */
export function alertCandidates(rows: readonly RunwayRow[], context: { poolOf?: (host: string) => string | undefined } = {}): AlertCandidate[] {
  return rows.map((row) => ({
    key: rowKey(row),
    labels: { alertname: ALERT_NAMES[row.metric], customer: row.customer, host: row.host, resource: row.resource },
    daysLeft: row.daysLeft,
    summary: summaryOf(row),
    remediation: proposeRemediation(row, row.metric === 'load_daily_max' ? donorFor(row, rows, context.poolOf) : undefined),
    evidence: row,
    ...(row.metric === 'load_daily_max' ? { maxSeverity: 'warning' as const } : {}),
  }));
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

function summaryOf(row: RunwayRow): string {
  const when = `likely ${isoDay(row.crossing.likely)} (earliest ${isoDay(row.crossing.earliest)}, latest ${isoDay(row.crossing.latest)})`;
  if (row.metric === 'disk_used_percent') {
    return `${row.host} ${row.resource} reaches ${row.threshold} % ${when}; now ${row.current.toFixed(1)} %`;
  }
  const driver = row.driver && row.driver !== 'trend' ? `, driven by the ${row.driver} peak` : '';
  return `${row.host} daily peak load reaches its ${row.threshold} cores ${when}${driver}; recent peak ${row.current.toFixed(2)}`;
}
