import type { RunwayRow } from '../forecast/job/runway-row.ts';
import { isoDay } from '../alerting/format.ts';
import { poolLine } from '../alerting/pool-proposals.ts';
import type { PoolHeadroom } from '../core/runway-row.ts';

export interface RunwayTableRow extends RunwayRow {
  severity: string;
}

/** Soonest exhaustion first; resources with no crossing in the horizon last. */
export function sortByRunway<T extends RunwayRow>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.host.localeCompare(b.host) || a.resource.localeCompare(b.resource));
}

/** The runway table as text for a terminal. */
export function formatRunwayTable(rows: readonly RunwayTableRow[]): string {
  const header = ['customer', 'host', 'resource', 'now', 'threshold', 'likely crossing', 'earliest – latest', 'driver', 'severity'];
  const body = sortByRunway(rows).map((r) => [
    r.customer,
    r.host,
    r.resource,
    r.metric === 'load_daily_max' ? r.current.toFixed(2) : `${r.current.toFixed(1)} %`,
    r.metric === 'load_daily_max' ? `${r.threshold} cores` : `${r.threshold} %`,
    r.crossing.likely === null ? '–' : isoDay(r.crossing.likely),
    r.crossing.earliest === null && r.crossing.latest === null ? '–' : `${shortDay(r.crossing.earliest)} – ${shortDay(r.crossing.latest)}`,
    r.driver ?? '–',
    r.severity,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

const shortDay = (ms: number | null) => (ms === null ? 'later' : isoDay(ms));

/** One line per pool and resource: "hyggehjem  pool hyggehjem-shop (2 hosts): forecast peak load 9.8 of 24 cores …". */
export function formatPoolLines(pools: readonly PoolHeadroom[]): string[] {
  const width = Math.max(0, ...pools.map((p) => p.customer.length));
  return pools.map((p) => `  ${p.customer.padEnd(width)}  ${Number.isFinite(p.peakForecast) ? poolLine(p) : `pool ${p.pool}: no forecast days common to its hosts`}`);
}
