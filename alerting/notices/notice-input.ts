import type { Customer } from '../../core/inventory/inventory.ts';
import type { SeriesSource } from '../../core/rollups.ts';
import type { SeriesReader } from '../../core/store.ts';
import type { PoolHeadroom } from '../../core/runway-row.ts';
import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { loadNoticeData } from './load-notice-data.ts';
import type { NoticeInput } from './notice-types.ts';

const DAY_MS = 86_400_000;

/** A customer's rows whose likely crossing falls within the next `withinDays` days, of every resource (disk, load, memory, CPU, inodes). */
export function shortagesWithin(rows: readonly RunwayRow[], customerId: string, nowMs: number, withinDays: number): RunwayRow[] {
  const until = nowMs + withinDays * DAY_MS;
  return rows.filter((r) => r.customer === customerId && r.crossing.likely !== null && r.crossing.likely <= until);
}

export interface NoticeInputOptions {
  reader: SeriesReader;
  /** Where the daily history is read: the daily rollup, or raw points where InfluxDB keeps no rollups. */
  source: SeriesSource;
  customer: Customer;
  /** The latest runway rows of the whole fleet (or of this customer). */
  rows: readonly RunwayRow[];
  /** The pools' headroom from the same run (of the whole fleet or of this customer); none without pools. */
  pools?: readonly PoolHeadroom[];
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
  const pools = (opts.pools ?? []).filter((p) => p.customer === opts.customer.id);
  return { customer: opts.customer, rows, series, pools, nowMs: opts.nowMs, withinDays: opts.withinDays, hostingCompany: opts.hostingCompany };
}
