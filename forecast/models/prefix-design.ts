import type { HolidayRange } from '../model.ts';
import { DAY_MS, type Series } from '../series.ts';
import { nonzeroRowsOf, SPARSE_SHARE } from './least-squares.ts';
import { type Column, fourierColumns, holidayColumns, maxFourierOrder, trendColumns, WEEK_MS, YEAR_MS } from './design.ts';

const DAILY_ORDER = 4;
const WEEKLY_ORDER = 3;
/** Fewer yearly harmonics with less history: 6 at 1.5 years up to this many from 2.5 years. */
const MAX_YEARLY_ORDER = 10;
/**
 * Knots of the trend spline, a year apart: a yearly pattern looks the same at every knot, so the
 * trend cannot soak it up, while growth that changes from one year to the next still bends it.
 */
const TREND_KNOT_MS = YEAR_MS;

export type Season = 'daily' | 'weekly' | 'yearly';
export const PERIOD_MS: Record<Season, number> = { daily: DAY_MS, weekly: WEEK_MS, yearly: YEAR_MS };
/** How much history a seasonal period needs before it is fitted. */
const MIN_SPAN_MS: Record<Season, number> = { daily: 2 * DAY_MS, weekly: 2 * WEEK_MS, yearly: 1.5 * YEAR_MS };

/**
 * The Fourier order a season gets from spanMs of history at this step, 0 when it is not fitted:
 * daily only below a day's step, yearly from 6 harmonics at 1.5 years up to 10 from 2.5 years,
 * never past what the step can carry (Nyquist).
 */
export function fourierOrder(season: Season, spanMs: number, stepMs: number): number {
  if (spanMs < MIN_SPAN_MS[season] || (season === 'daily' && stepMs >= DAY_MS)) return 0;
  const wanted = season === 'daily' ? DAILY_ORDER : season === 'weekly' ? WEEKLY_ORDER : Math.min(MAX_YEARLY_ORDER, Math.round((4 * spanMs) / YEAR_MS));
  return Math.max(0, Math.min(wanted, maxFourierOrder(PERIOD_MS[season], stepMs)));
}

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

export function prefixDesign(series: Series, holidays: readonly HolidayRange[], yearly = true): PrefixDesign {
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
  // The whole history's orders: no prefix has more history, so none needs a higher one.
  const seasonal = (season: Season): Column[] => fourierColumns(season, PERIOD_MS[season], fourierOrder(season, n * stepMs, stepMs), stepMs);
  const byHoliday = new Map<string, HolidayRange[]>();
  for (const h of holidays) byHoliday.set(h.name, [...(byHoliday.get(h.name) ?? []), h]);
  const columns = [
    ...trendColumns(startMs, startMs + (n - 1) * stepMs, TREND_KNOT_MS),
    ...seasonal('daily'),
    ...seasonal('weekly'),
    ...(yearly ? seasonal('yearly') : []),
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
  return lowerBound(design.nonzeroRows[j]!, rowCount);
}

/**
 * out[r − from] −= Σ_k b[k] · (column js[k] at row r) for the observed rows from..to−1, the terms
 * subtracted in the order of js, as a plain loop over the columns would. Consecutive dense columns
 * go four at a time (one load and store of out per four terms, the same subtractions in the same
 * order); a sparse column (a holiday window) visits only its non-zero rows, the others subtracting
 * exactly nothing. The result is the plain loop's to the last bit, for a fraction of the work.
 */
export function subtractColumns(design: PrefixDesign, js: readonly number[], b: ArrayLike<number>, out: Float64Array, from: number, to: number): void {
  const dense = (k: number): boolean => design.nonzeroRows[js[k]!]!.length >= SPARSE_SHARE * design.y.length;
  let k = 0;
  while (k < js.length) {
    if (!dense(k)) {
      subtractSparse(design.rows[js[k]!]!, design.nonzeroRows[js[k]!]!, b[k]!, out, from, to);
      k++;
      continue;
    }
    let run = 1;
    while (run < 4 && k + run < js.length && dense(k + run)) run++;
    const [c0, c1, c2, c3] = [0, 1, 2, 3].map((i) => design.rows[js[k + Math.min(i, run - 1)]!]!) as [Float64Array, Float64Array, Float64Array, Float64Array];
    const [b0, b1, b2, b3] = [b[k]!, b[k + 1] ?? 0, b[k + 2] ?? 0, b[k + 3] ?? 0];
    if (run === 4) for (let r = from; r < to; r++) out[r - from] = out[r - from]! - b0 * c0[r]! - b1 * c1[r]! - b2 * c2[r]! - b3 * c3[r]!;
    else if (run === 3) for (let r = from; r < to; r++) out[r - from] = out[r - from]! - b0 * c0[r]! - b1 * c1[r]! - b2 * c2[r]!;
    else if (run === 2) for (let r = from; r < to; r++) out[r - from] = out[r - from]! - b0 * c0[r]! - b1 * c1[r]!;
    else for (let r = from; r < to; r++) out[r - from] = out[r - from]! - b0 * c0[r]!;
    k += run;
  }
}

function subtractSparse(column: Float64Array, nonzero: Int32Array, b: number, out: Float64Array, from: number, to: number): void {
  for (let i = lowerBound(nonzero, from); i < nonzero.length && nonzero[i]! < to; i++) {
    const r = nonzero[i]!;
    out[r - from] = out[r - from]! - b * column[r]!;
  }
}

/** The first index of ascending `rows` whose value is at least `value`. */
function lowerBound(rows: Int32Array, value: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
