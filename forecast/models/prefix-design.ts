import type { HolidayRange } from '../model.ts';
import { DAY_MS, type Series } from '../series.ts';
import { nonzeroRowsOf } from './least-squares.ts';
import { type Column, fourierColumns, holidayColumns, maxFourierOrder, trendColumns, WEEK_MS, YEAR_MS } from './design.ts';

export const DAILY_ORDER = 4;
export const WEEKLY_ORDER = 3;
/** Fewer yearly harmonics with less history: 6 at 1.5 years up to this many from 2.5 years. */
export const MAX_YEARLY_ORDER = 10;
/**
 * Knots of the trend spline, a year apart: a yearly pattern looks the same at every knot, so the
 * trend cannot soak it up, while growth that changes from one year to the next still bends it.
 */
const TREND_KNOT_MS = YEAR_MS / 2;

/** How much history a seasonal period needs before it is fitted. */
export const MIN_SPAN_MS: Record<'daily' | 'weekly' | 'yearly', number> = { daily: 2 * DAY_MS, weekly: 2 * WEEK_MS, yearly: 1.5 * YEAR_MS };

/**
 * Every column any prefix of one series may use (trend hats, daily/weekly/yearly Fourier terms at
 * the highest order the whole history allows, holiday windows), evaluated once on the series' own
 * buckets, so the fits of many prefixes (a backtest) share the work.
 */
export interface PrefixDesign {
  series: Series;
  /** Bucket index of each observed (finite) value, ascending. */
  bucketOf: Int32Array;
  /** The observed values. */
  y: Float64Array;
  /** observedBefore[L]: how many observed values lie in the first L buckets. */
  observedBefore: Int32Array;
  columns: Column[];
  byName: Map<string, number>;
  /** Each column on every bucket of the series. */
  onBuckets: Float64Array[];
  /** Each column at the observed buckets (rows of the least-squares design). */
  rows: Float64Array[];
  /** Observed rows where each column is non-zero, ascending. */
  nonzeroRows: Int32Array[];
  /**
   * Which columns the ridge shrinks: the effects, not the trend hats, which carry the level and
   * would bias it.
   */
  penalised: (j: number) => boolean;
}

export function prefixDesign(series: Series, holidays: readonly HolidayRange[]): PrefixDesign {
  const { startMs, stepMs, values } = series;
  const n = values.length;
  const observedBefore = new Int32Array(n + 1);
  const buckets: number[] = [];
  const observedValues: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(values[i])) {
      buckets.push(i);
      observedValues.push(values[i]!);
    }
    observedBefore[i + 1] = buckets.length;
  }
  const bucketOf = Int32Array.from(buckets);
  const spanMs = n * stepMs;
  const seasonal = (label: 'daily' | 'weekly' | 'yearly', periodMs: number, order: number): Column[] =>
    spanMs >= MIN_SPAN_MS[label] ? fourierColumns(label, periodMs, Math.min(order, maxFourierOrder(periodMs, stepMs)), stepMs) : [];
  const byHoliday = new Map<string, HolidayRange[]>();
  for (const h of holidays) byHoliday.set(h.name, [...(byHoliday.get(h.name) ?? []), h]);
  const columns = [
    ...trendColumns(startMs, startMs + (n - 1) * stepMs, TREND_KNOT_MS),
    ...(stepMs < DAY_MS ? seasonal('daily', DAY_MS, DAILY_ORDER) : []),
    ...seasonal('weekly', WEEK_MS, WEEKLY_ORDER),
    ...seasonal('yearly', YEAR_MS, MAX_YEARLY_ORDER),
    ...[...byHoliday].flatMap(([name, occurrences]) => holidayColumns(name, occurrences, stepMs)),
  ];
  const onBuckets = columns.map((c) => c.onGrid(startMs, stepMs, n));
  // Without gaps the observed rows are the buckets themselves.
  const rows = bucketOf.length === n ? onBuckets : onBuckets.map((v) => {
    const out = new Float64Array(bucketOf.length);
    for (let r = 0; r < bucketOf.length; r++) out[r] = v[bucketOf[r]!]!;
    return out;
  });
  const nonzeroRows = rows.map(nonzeroRowsOf);
  return {
    series, bucketOf, y: Float64Array.from(observedValues), observedBefore, columns,
    byName: new Map(columns.map((c, j) => [c.name, j])), onBuckets, rows, nonzeroRows,
    penalised: (j) => columns[j]!.group !== 'trend',
  };
}

/** How many of the first `rowCount` observed rows column j is non-zero on. */
export function nonzeroBefore(design: PrefixDesign, j: number, rowCount: number): number {
  const rows = design.nonzeroRows[j]!;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]! < rowCount) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
