import { RunwayError } from '../../core/errors.ts';
import type { ForecastModel, HolidayRange, ModelOptions } from '../model.ts';
import { DAY_MS, type Series } from '../series.ts';
import { type Column, fourierColumns, holidayColumns, maxFourierOrder, WEEK_MS, YEAR_MS } from './design.ts';
import { combine, type Gram, gram, ridgeSolve } from './least-squares.ts';
import { fitLine, fitRecentTrend, localLinearTrend } from './local-trend.ts';
import { type Bounds, type FitResult, fittedSeasonalLinear, SEASONAL_LINEAR, valueAt } from './seasonal-linear-fitted.ts';

export { SEASONAL_LINEAR };

/** The forecast slope is the one of this many most recent days (when the history is 1.5 times longer). */
const RECENT_TREND_DAYS = 180;
/** A year-wide trend window: yearly seasonality averages out of it instead of bending the trend. */
const TREND_HALF_WINDOW_MS = YEAR_MS / 2;
/** Fewer finite values than this cannot give a trend and a residual spread. */
const MIN_VALUES = 3;
/** Residual degrees of freedom kept when deciding whether a component fits in a short history. */
const MIN_DOF = 3;
/** A holiday window seen on fewer fitted buckets is not learnt: one day of noise is not an effect. */
const MIN_HOLIDAY_ROWS = 2;
const DAILY_ORDER = 4;
const WEEKLY_ORDER = 3;
/** Yearly terms must beat a forecast without them over this last stretch of the history… */
const YEARLY_HOLDOUT_DAYS = 90;
/** …by this fraction of its error; a near tie keeps the simpler model. */
const YEARLY_MIN_GAIN = 0.1;

/**
 * Least-squares model for capacity series: a trend, daily/weekly/yearly Fourier seasonality as the
 * step and history allow, and holiday lead-up and occurrence windows (see design.ts).
 *
 * Seasonal and holiday effects are fitted against a year-wide local linear trend (Speckman's
 * partial-residual estimator: regress the detrended series on the detrended regressors), so slow
 * changes in growth are not mistaken for seasonality. Yearly terms are kept only when they clearly
 * improve a forecast of the last 90 days, because with two or three years of history a one-off
 * change in growth can pass for a yearly pattern. The forecast continues the straight line fitted
 * to the seasonally adjusted last 180 days, so a disk whose growth changed is extrapolated at its
 * recent rate. Interval: point ± z(level) · residual sd · √(1 + h / n_eff), n_eff being the number
 * of values behind that line.
 */
export function seasonalLinear(options: ModelOptions = {}): ForecastModel {
  const { min = -Infinity, max = Infinity } = options.bounds ?? {};
  if (!(min <= max)) throw new RunwayError('RUNWAY_ERR_FORECAST_ARGUMENT', { reason: `bounds min ${min} > max ${max}` });
  const holidays = options.holidays ?? [];
  return { name: SEASONAL_LINEAR, fit: (series) => fittedSeasonalLinear(fitSeasonalLinear(series, holidays, { min, max })) };
}

interface Observed {
  times: number[];
  values: Float64Array;
}

/** Seasonal and holiday columns with their values at the observed times (values[j][i] = columns[j].at(times[i])). */
interface Regressors {
  columns: Column[];
  values: Float64Array[];
}

function fitSeasonalLinear(series: Series, holidays: readonly HolidayRange[], bounds: Bounds): FitResult {
  const obs = observed(series);
  const n = obs.times.length;
  if (n < MIN_VALUES) {
    throw new RunwayError('RUNWAY_ERR_FORECAST_SERIES', { reason: `need at least ${MIN_VALUES} values, got ${n}` });
  }
  const endMs = series.startMs + (series.values.length - 1) * series.stepMs;
  const chosen = chooseComponents(series.stepMs, endMs, obs, holidays);
  let regressors = chosen.regressors;
  const orders = { ...chosen.orders, yearlyRejected: false };
  if (orders.yearly > 0 && !yearlyHelps(obs, endMs, regressors)) {
    regressors = withoutYearly(regressors);
    orders.yearlyRejected = true;
    orders.yearly = 0;
  }
  const core = fitCore(detrend(obs, regressors), endMs);
  return { series, endMs, columns: regressors.columns, bounds, n, orders, ...core };
}

function observed(series: Series): Observed {
  const times: number[] = [];
  const values: number[] = [];
  series.values.forEach((v, i) => {
    if (Number.isFinite(v)) {
      times.push(series.startMs + i * series.stepMs);
      values.push(v);
    }
  });
  return { times, values: Float64Array.from(values) };
}

/** Adds seasonal and holiday components, most important first, while the history can carry them. */
function chooseComponents(stepMs: number, endMs: number, obs: Observed, holidays: readonly HolidayRange[]) {
  const n = obs.times.length;
  const spanMs = endMs - obs.times[0]! + stepMs;
  const regressors: Regressors = { columns: [], values: [] };
  const add = (c: Column, values = evaluate(c, obs.times)): void => {
    regressors.columns.push(c);
    regressors.values.push(values);
  };
  const fits = (extra: number): boolean => n - 2 - regressors.columns.length - extra >= MIN_DOF;
  const seasonal = (label: string, periodMs: number, wanted: number, minSpanMs: number): number => {
    const order = spanMs >= minSpanMs ? Math.min(wanted, maxFourierOrder(periodMs, stepMs)) : 0;
    const columns = fourierColumns(label, periodMs, order, stepMs);
    if (order <= 0 || !fits(columns.length)) return 0;
    columns.forEach((c) => add(c));
    return order;
  };
  const daily = stepMs < DAY_MS ? seasonal('daily', DAY_MS, DAILY_ORDER, 2 * DAY_MS) : 0;
  const weekly = seasonal('weekly', WEEK_MS, WEEKLY_ORDER, 2 * WEEK_MS);
  // Fewer yearly harmonics with less history: 6 at 1.5 years up to 10 from 2.5 years.
  const yearly = seasonal('yearly', YEAR_MS, Math.min(10, Math.round((4 * spanMs) / YEAR_MS)), 1.5 * YEAR_MS);

  const byName = new Map<string, HolidayRange[]>();
  for (const h of holidays) byName.set(h.name, [...(byName.get(h.name) ?? []), h]);
  for (const [name, occurrences] of byName) {
    for (const c of holidayColumns(name, occurrences, stepMs)) {
      const values = evaluate(c, obs.times);
      if (values.filter((v) => v !== 0).length >= MIN_HOLIDAY_ROWS && fits(1)) add(c, values);
    }
  }
  return { regressors, orders: { daily, weekly, yearly } };
}

const withoutYearly = (r: Regressors): Regressors => {
  const keep = r.columns.flatMap((c, j) => (isYearly(c) ? [] : [j]));
  return { columns: keep.map((j) => r.columns[j]!), values: keep.map((j) => r.values[j]!) };
};

type Core = Pick<FitResult, 'beta' | 'nEff' | 'residualSd' | 'trend'>;

/** The regressors and the series with the year-wide trend taken out (Speckman), ready for solving. */
interface Detrended {
  obs: Observed;
  raw: Float64Array[];
  gram: Gram;
  y: Float64Array;
}

function detrend(obs: Observed, regressors: Regressors): Detrended {
  const n = obs.times.length;
  const without = (v: Float64Array): Float64Array => {
    const trend = localLinearTrend(obs.times, v, TREND_HALF_WINDOW_MS);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = v[i]! - trend[i]!;
    return out;
  };
  // Regressor values may run past these observations (holdout fits use a prefix).
  const raw = regressors.values.map((v) => v.subarray(0, n));
  return { obs, raw, gram: gram(raw.map(without)), y: without(obs.values) };
}

/** Seasonal coefficients of the columns `keep`, then the recent line through the seasonally adjusted series. */
function fitCore(d: Detrended, endMs: number, keep: readonly number[] = d.raw.map((_, j) => j)): Core {
  const { obs } = d;
  const n = obs.times.length;
  const beta = ridgeSolve(d.gram, d.y, keep);
  const seasonal = combine(keep.map((j) => d.raw[j]!), beta, n);

  const spanMs = endMs - obs.times[0]!;
  const knotMs = endMs - RECENT_TREND_DAYS * DAY_MS;
  const recent = obs.times.flatMap((t, i) => (t > knotMs ? [i] : []));
  const useRecent = spanMs >= 1.5 * RECENT_TREND_DAYS * DAY_MS && recent.length >= MIN_VALUES;
  const rows = useRecent ? recent : obs.times.map((_, i) => i);
  const times = rows.map((i) => obs.times[i]!);
  const adjusted = rows.map((i) => obs.values[i]! - seasonal[i]!);
  // Within the recent window, a clear change of regime (a step, a new growth rate) moves the line to the later regime.
  const line = useRecent ? fitRecentTrend(times, adjusted, endMs) : { ...fitLine(times, adjusted, endMs), breakMs: null, n: rows.length };
  // Degrees of freedom: the line's two, plus the fitted rows' share of the seasonal parameters.
  const dof = Math.max(1, line.n - 2 - (keep.length * line.n) / n);
  const residualSd = Math.sqrt(line.residuals.reduce((sum, r) => sum + r * r, 0) / dof);
  return {
    beta, nEff: line.n, residualSd,
    trend: { levelAtEnd: line.level, slopePerMs: line.slope, windowDays: useRecent ? RECENT_TREND_DAYS : null, breakMs: line.breakMs },
  };
}

const isYearly = (c: Column): boolean => c.name.startsWith('yearly-');

/** Does a fit with the yearly terms forecast the last 90 days clearly better than one without them? */
function yearlyHelps(obs: Observed, endMs: number, regressors: Regressors): boolean {
  const cutMs = endMs - YEARLY_HOLDOUT_DAYS * DAY_MS;
  // Observations are in time order, so the training part is a prefix.
  const k = obs.times.findIndex((t) => t > cutMs);
  // Nothing to test against (a gap at the end) or too little to train on: keep the simpler model.
  if (k < MIN_VALUES) return false;
  const train = detrend({ times: obs.times.slice(0, k), values: obs.values.subarray(0, k) }, regressors);
  const error = (keep: number[]): number => {
    const core = fitCore(train, cutMs, keep);
    const columns = keep.map((j) => regressors.columns[j]!);
    let sum = 0;
    for (let i = k; i < obs.times.length; i++) sum += Math.abs(obs.values[i]! - valueAt(core, columns, cutMs, obs.times[i]!));
    return sum;
  };
  const all = regressors.columns.map((_, j) => j);
  return error(all) < (1 - YEARLY_MIN_GAIN) * error(all.filter((j) => !isYearly(regressors.columns[j]!)));
}

function evaluate(column: Column, times: readonly number[]): Float64Array {
  const out = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) out[i] = column.at(times[i]!);
  return out;
}
