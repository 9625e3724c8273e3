import type { Customer } from '../../core/inventory/inventory.ts';
import type { SeriesSource } from '../../core/rollups.ts';
import type { SeriesReader } from '../../core/store.ts';
import type { RunwayMetric, RunwayRow } from '../../forecast/job/runway-row.ts';
import { loadNoticeData } from './load-notice-data.ts';
import type { NoticeInput } from './notice-types.ts';

const DAY_MS = 86_400_000;

/** The resources a notice can describe to a customer (its sentences and chart exist in every language). */
export const NOTICE_METRICS: ReadonlySet<RunwayMetric> = new Set<RunwayMetric>(['disk_used_percent', 'load_daily_max']);

/** A customer's rows whose likely crossing falls within the next `withinDays` days. */
export function shortagesWithin(rows: readonly RunwayRow[], customerId: string, nowMs: number, withinDays: number): RunwayRow[] {
  const until = nowMs + withinDays * DAY_MS;
  return rows.filter((r) => r.customer === customerId && NOTICE_METRICS.has(r.metric) && r.crossing.likely !== null && r.crossing.likely <= until);
}

export interface NoticeInputOptions {
  reader: SeriesReader;
  /** Where the daily history is read: the daily rollup, or raw points where InfluxDB keeps no rollups. */
  source: SeriesSource;
  customer: Customer;
  /** The latest runway rows of the whole fleet (or of this customer). */
  rows: readonly RunwayRow[];
  nowMs: number;
  withinDays: number;
  hostingCompany: string;
  /** Days of history the charts show. */
  historyDays?: number;
}

/** Everything renderNotice needs for one customer: its shortages within the window and their chart data from InfluxDB. */
export async function noticeInputFor(opts: NoticeInputOptions): Promise<NoticeInput> {
  const rows = shortagesWithin(opts.rows, opts.customer.id, opts.nowMs, opts.withinDays);
  const dayMs = Math.floor(opts.nowMs / DAY_MS) * DAY_MS;
  const fromMs = dayMs - (opts.historyDays ?? 120) * DAY_MS;
  // Far enough ahead for every crossing's latest date and the air the chart leaves after it.
  const lastMs = Math.max(dayMs, ...rows.map((r) => r.crossing.latest ?? r.crossing.likely ?? dayMs));
  const series = await loadNoticeData(opts.reader, opts.source, rows, fromMs, lastMs + 31 * DAY_MS);
  return { customer: opts.customer, rows, series, nowMs: opts.nowMs, withinDays: opts.withinDays, hostingCompany: opts.hostingCompany };
}
