import type { Customer } from '../../core/inventory/inventory.ts';
import type { PoolHeadroom } from '../../core/runway-row.ts';
import type { RunwayRow } from '../../forecast/job/runway-row.ts';

/** One day of a resource as measured: disk % used, or the daily peak load. */
export interface HistoryPoint {
  timeMs: number;
  value: number;
}

/** One future day of the stored forecast, with its prediction interval. */
export interface ForecastPoint {
  timeMs: number;
  value: number;
  lower: number;
  upper: number;
}

export interface NoticeSeries {
  history: HistoryPoint[];
  forecast: ForecastPoint[];
}

export interface NoticeInput {
  customer: Customer;
  /** The customer's rows whose likely crossing falls within `withinDays`, already filtered. */
  rows: RunwayRow[];
  /** Chart data per row, keyed by noticeRowKey(row); a row without one is described without a chart. */
  series: Map<string, NoticeSeries>;
  /** The headroom of the customer's server pools, from the same run as the rows (empty without pools). */
  pools: PoolHeadroom[];
  nowMs: number;
  withinDays: number;
  /** Who writes: the hosting company's name, as the customer knows it. */
  hostingCompany: string;
}

export interface Notice {
  subject: string;
  /** A complete standalone HTML document: printable on A4, and usable as an e-mail's HTML body. */
  html: string;
  /** The same notice as plain text, for the e-mail's text alternative. */
  text: string;
}

/** The key of a row's series: one resource of one host. */
export function noticeRowKey(row: Pick<RunwayRow, 'customer' | 'host' | 'metric' | 'mount'>): string {
  return [row.customer, row.host, row.metric, row.mount ?? ''].join('\u0000');
}
