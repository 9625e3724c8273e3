import { median } from 'simple-statistics';
import { RunwayError } from '../../core/errors.ts';
import type { ForecastModel, HolidayRange, ModelOptions } from '../model.ts';
import { DAY_MS, type Series } from '../series.ts';
import { fourierOrder, nonzeroBefore, type PrefixDesign, prefixDesign, type Season, subtractColumns } from './prefix-design.ts';
import { type CrossProducts, prefixCrossProducts, ridgeSolve, withoutRows } from './least-squares.ts';
import { CALM_SD, largestSpike, robustSd, SPIKE_NEIGHBOURS, SPIKE_SD } from './spikes.ts';
import { yearlyBlockCuts, yearlyHoldsAcrossTheYear } from './yearly-choice.ts';
import { fitLine, fitRecentTrend } from './local-trend.ts';
import { longRunSlope, persistence, trendOffset } from './trend-persistence.ts';
import { type Bounds, type FitResult, fittedSeasonalLinear, SEASONAL_LEVEL, SEASONAL_LINEAR, type TrendForm } from './seasonal-linear-fitted.ts';

export { SEASONAL_LEVEL, SEASONAL_LINEAR };

/** The forecast slope is the one of this many most recent days (when the history is 1.5 times longer). */
const RECENT_TREND_DAYS = 180;
const YEAR_DAYS = 365;
/**
 * A history shorter than this is searched for breaks over all of it. Between it and the recent
 * window's 1.5 × 180 days, a store draws one line through all of it: searching there too let the
 * 90-day holdout that picks the trend's form pick a store's post-import slope, which then ran away
 * (dev half, 300-day histories: 0 → 3 blow-ups); a capacity series, too, keeps its line there. Any
 * other series searches the last two thirds of its history, as a longer one searches its recent
 * window: one line through a season's bend (a load from winter into summer) ends far off the level
 * of the last weeks.
 */
const SHORT_HISTORY_DAYS = 150;
/** Fewer finite values than this cannot give a trend and a residual spread. */
const MIN_VALUES = 3;
/** Residual degrees of freedom kept when deciding whether a component fits in a short history. */
const MIN_DOF = 3;
/** A holiday window seen on fewer fitted buckets is not learnt: one day of noise is not an effect. */
const MIN_HOLIDAY_ROWS = 2;
/** Choices a fit makes for itself are scored on this last stretch of the history (a third of a short one)… */
const HOLDOUT_DAYS = 90;
/** Another trend form must beat the recent line's holdout error by this fraction to replace it. */
const FORM_MIN_GAIN = 0.1;
/** The level can be re-anchored on the mean deviation of this many last days from the fitted line. */
const ANCHOR_DAYS = 7;
/** The long-run growth rate is measured over this many last days (year-on-year changes across the last year). */
const LONG_RUN_DAYS = 730;
/** The seasonal-level model's level: the seasonally adjusted mean of this many last days, long enough to average out a cold spell (chosen on the dev half of bench/forecast: 28, 56, 91 and 120 tried). */
const LEVEL_DAYS = 56;

/**
 * Least-squares model for capacity series: a trend, daily/weekly/yearly Fourier seasonality as the
 * step and history allow, and holiday lead-up and occurrence windows (see design.ts).
 *
 * Seasonal and holiday effects are fitted jointly with a linear spline trend whose knots are a
 * year apart, so slow changes in growth are not mistaken for seasonality and a yearly pattern is
 * not mistaken for trend. Yearly terms are kept only when they forecast quarters of the history
 * held out in turn better (yearly-choice.ts), because with two or three years of history a one-off
 * change in growth can pass for a yearly pattern in-sample but not out of it. The forecast
 * continues the straight line fitted to the seasonally adjusted last 180 days, its difference from
 * the long-run rate fading as the evidence for it allows (trend-persistence.ts), so a disk whose
 * growth doubled keeps its new rate and a short noisy burst does not run away. Interval: point ±
 * z(level) · residual sd · √(1 + h / n_eff), n_eff being the number of values behind that line.
 *
 * Every prefix of a series (a backtest's origins) is fitted from one evaluation of the columns and
 * one running pass of cross-products, which is what keeps a calibrated forecast in milliseconds.
 */
export function seasonalLinear(options: ModelOptions = {}): ForecastModel {
  return sharedFit(options, 'trend');
}

/**
 * The same fit's seasons and holidays around the seasonally adjusted level of the last eight weeks,
 * with no growth: a series whose level wanders with the weather (electricity, footfall) is
 * forecast better by its seasons at today's level than by any recent slope, and a growing series
 * loses the backtest to seasonal-linear. Made with seasonalLinear from the same options, the two
 * share one fit per series (see sharedFit).
 */
export function seasonalLevel(options: ModelOptions = {}): ForecastModel {
  return sharedFit(options, 'level');
}

/** The last fit made, by series, holidays, bounds and prefix lengths: both variants of one backtest reuse it. */
let lastFit: { series: Series; holidays: readonly HolidayRange[]; store: boolean; capacity: boolean; min: number; max: number; lengths: string; fits: { trend: FitResult; level: FitResult }[]; endSpike: number | null } | null = null;

/**
 * The bucket of the one-off among the last days of `series` (a glitch, see endSpike) that the last
 * fit of this very series left out, or null. Seasonal naive, which repeats the last season, asks
 * it so as not to repeat the glitch every season (forecast-series.ts).
 */
export function oneOffAtEnd(series: Series): number | null {
  return lastFit?.series === series ? lastFit.endSpike : null;
}

function sharedFit(options: ModelOptions, variant: 'trend' | 'level'): ForecastModel {
  const { min = -Infinity, max = Infinity } = options.bounds ?? {};
  if (!(min <= max)) throw new RunwayError('RUNWAY_ERR_FORECAST_ARGUMENT', { reason: `bounds min ${min} > max ${max}` });
  const holidays = options.holidays ?? [];
  const store = options.store ?? false;
  const capacity = options.capacity ?? false;
  const fitPrefixes = (series: Series, lengths: readonly number[]) => {
    const key = lengths.join(',');
    const hit = lastFit && lastFit.series === series && lastFit.holidays === holidays && lastFit.store === store && lastFit.capacity === capacity && lastFit.min === min && lastFit.max === max && lastFit.lengths === key;
    if (!hit) lastFit = { series, holidays, store, capacity, min, max, lengths: key, ...fitSeasonalLinear(series, lengths, holidays, { store, capacity }, { min, max }) };
    return lastFit!.fits.map((f) => fittedSeasonalLinear(f[variant]));
  };
  return { name: variant === 'level' ? SEASONAL_LEVEL : SEASONAL_LINEAR, fit: (series) => fitPrefixes(series, [series.values.length])[0]!, fitPrefixes };
}

/** What the caller knows of the series: a store that fills; a capacity series, whose growth decides an alert. */
interface Kind {
  store: boolean;
  capacity: boolean;
}

/** One prefix to fit: its length in buckets, its columns, and the holdout its own choices are scored on. */
interface PrefixPlan {
  length: number;
  rows: number;
  keep: number[];
  orders: { daily: number; weekly: number; yearly: number };
  /** The holdout: the last holdoutSteps buckets, scored by a fit on the observed rows before them. */
  holdoutSteps: number;
  holdoutRows: number;
}

function fitSeasonalLinear(series: Series, lengths: readonly number[], holidays: readonly HolidayRange[], kind: Kind, bounds: Bounds): { fits: { trend: FitResult; level: FitResult }[]; endSpike: number | null } {
  const design = prefixDesign(series, holidays, !kind.store);
  const plans = lengths.map((length) => planPrefix(design, length));
  const longest = plans.reduce((a, b) => (b.rows > a.rows ? b : a));
  const planCuts = [...new Set(plans.flatMap((p) => [p.rows, p.holdoutRows]))];
  const blockCuts = longest.orders.yearly > 0 ? yearlyBlockCuts(design, longest.length) : [];
  const cuts = [...new Set([...planCuts, ...blockCuts])].filter((c) => c > 0).sort((a, b) => a - b);
  const raw = new Map(prefixCrossProducts(design.rows, design.y, cuts, design.nonzeroRows).map((cp, k) => [cuts[k]!, cp]));
  // Spikes are judged once, by the fit of the longest prefix; each prefix then leaves out the
  // ones in its stretch of history (a cleaning of the past, as a planner would clean it), except
  // in its own last days, where a spike cannot yet be told from a step.
  const { spikes, last } = findSpikes(design, raw.get(longest.rows)!, longest);
  const isSpike = new Uint8Array(design.y.length);
  for (const r of spikes) isSpike[r] = 1;
  // A one-off in the very last days, with the days around it calm, is left out of the whole
  // series' fit (END_SPIKE); the prefixes never reach it.
  if (last !== null) isSpike[last] = END_SPIKE;
  const spikesBefore = (rows: number): number[] => [...spikes.filter((r) => r < rows - SPIKE_NEIGHBOURS), ...(last !== null && last < rows ? [last] : [])];
  const products = new Map(planCuts.map((rows) => [rows, spikesBefore(rows).length === 0 ? raw.get(rows)! : withoutRows(raw.get(rows)!, design.rows, design.y, spikesBefore(rows))]));
  // Yearly terms are decided once, on the whole history: blocks of it held out in turn (yearly-choice.ts).
  const yearlyHolds = blockCuts.length > 0 && yearlyHoldsAcrossTheYear(design, raw, blockCuts, longest.keep, (j) => isYearly(design, j), isSpike).keep;
  // A prefix's holdout fit can be another prefix's own (the whole series' holdout is the latest
  // origin when the horizon is the holdout's length): each distinct fit is made once.
  const cores = new Map<string, Core>();
  const fit: FitCore = (cp, rows, keep, endMs) => {
    const key = `${rows}/${endMs}/${keep.join(',')}`;
    if (!cores.has(key)) cores.set(key, fitCore(design, cp, rows, keep, endMs, isSpike, kind));
    return cores.get(key)!;
  };
  const fits = plans.map((plan) => {
    const yearly = yearlyHolds && plan.orders.yearly > 0;
    const choice = holdoutChoice(design, plan, products.get(plan.holdoutRows)!, isSpike, yearly, fit);
    const keep = yearly ? plan.keep : plan.keep.filter((j) => !isYearly(design, j));
    const orders = { ...plan.orders, yearly: yearly ? plan.orders.yearly : 0, yearlyRejected: plan.orders.yearly > 0 && !yearly };
    const endMs = series.startMs + (plan.length - 1) * series.stepMs;
    const core = fit(products.get(plan.rows)!, plan.rows, keep, endMs);
    const seasonal = keep.filter((j) => !isTrend(design, j));
    const trend: FitResult = {
      series: { ...series, values: series.values.slice(0, plan.length) },
      endMs, bounds, n: plan.rows, orders, spikesIgnored: spikesBefore(plan.rows).length,
      columns: seasonal.map((j) => design.columns[j]!),
      onBuckets: { startMs: series.startMs, values: seasonal.map((j) => design.onBuckets[j]!) },
      beta: core.beta, nEff: core.nEff, residualSd: core.residualSd,
      trend: {
        ...core.trend,
        levelAtEnd: core.trend.levelAtEnd + (choice.form === 'line' ? 0 : core.anchor),
        // 'flat' holds the level of the last days at the long-run rate: the recent line is not trusted.
        slopePerMs: choice.form === 'flat' ? core.trend.longRunSlopePerMs : core.trend.slopePerMs,
        form: choice.form,
      },
    };
    const level: FitResult = { ...trend, trend: { ...core.trend, levelAtEnd: core.recentLevel, slopePerMs: 0, longRunSlopePerMs: 0, persistMs: Infinity, form: 'level' } };
    return { trend, level };
  });
  return { fits, endSpike: last === null || longest.length !== series.values.length ? null : design.bucketOf[last]! };
}

/** The columns a prefix of `length` buckets can carry: trend hats it reaches, then seasonal and holiday terms, most important first. */
function planPrefix(design: PrefixDesign, length: number): PrefixPlan {
  const { series, observedBefore, bucketOf } = design;
  const rows = observedBefore[Math.min(length, series.values.length)]!;
  if (rows < MIN_VALUES) throw new RunwayError('RUNWAY_ERR_FORECAST_SERIES', { reason: `need at least ${MIN_VALUES} values, got ${rows}` });
  const { stepMs } = series;
  const spanMs = (length - bucketOf[0]!) * stepMs;
  const keep = design.columns.flatMap((c, j) => (c.group === 'trend' && nonzeroBefore(design, j, rows) > 0 ? [j] : []));
  const fits = (extra: number): boolean => rows - keep.length - extra >= MIN_DOF;
  const seasonal = (season: Season): number => {
    const order = fourierOrder(season, spanMs, stepMs);
    const columns = Array.from({ length: order }, (_, k) => [`${season}-sin${k + 1}`, `${season}-cos${k + 1}`]).flat().flatMap((name) => design.byName.get(name) ?? []);
    // No columns: a season the design left out (a store's yearly terms).
    if (order <= 0 || columns.length === 0 || !fits(columns.length)) return 0;
    keep.push(...columns);
    return order;
  };
  const daily = seasonal('daily');
  const weekly = seasonal('weekly');
  const yearly = seasonal('yearly');
  design.columns.forEach((c, j) => {
    if (c.group === 'holiday' && nonzeroBefore(design, j, rows) >= MIN_HOLIDAY_ROWS && fits(1)) keep.push(j);
  });
  const holdoutSteps = Math.min(Math.round((HOLDOUT_DAYS * DAY_MS) / stepMs), Math.floor(length / 3));
  return { length, rows, keep, orders: { daily, weekly, yearly }, holdoutSteps, holdoutRows: observedBefore[length - holdoutSteps]! };
}

type Core = Pick<FitResult, 'beta' | 'nEff' | 'residualSd'> & {
  trend: Omit<FitResult['trend'], 'form'>;
  /** Mean deviation of the last ANCHOR_DAYS from the line: what re-anchoring adds to its level. */
  anchor: number;
  /** Mean seasonally adjusted value of the last LEVEL_DAYS: the seasonal-level model's level. */
  recentLevel: number;
};

/** fitCore on one design and its spikes: the cross-products of the first `rows` observations, the columns kept, the end of the fitted stretch. */
type FitCore = (cp: CrossProducts, rows: number, keep: readonly number[], endMs: number) => Core;

/**
 * Spline trend and seasonal coefficients jointly on the first `rows` observations, then the recent
 * line through the seasonally adjusted series. beta holds the seasonal and holiday coefficients.
 */
function fitCore(design: PrefixDesign, cp: CrossProducts, rows: number, keep: readonly number[], endMs: number, isSpike: Uint8Array, kind: Kind): Core {
  const { store, capacity } = kind;
  const all = ridgeSolve(cp, keep, design.penalised);
  const seasonal = keep.flatMap((j, k) => (isTrend(design, j) ? [] : [k]));
  const beta = new Float64Array(seasonal.length);
  for (let s = 0; s < seasonal.length; s++) beta[s] = all[seasonal[s]!]!;
  const { series, bucketOf, y } = design;
  const timeOf = (r: number): number => series.startMs + bucketOf[r]! * series.stepMs;

  const spanMs = endMs - timeOf(0);
  // The first of the rows before `hi` later than ms: times rise with the row, so a binary search finds it.
  const firstAfter = (ms: number, hi: number): number => {
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (timeOf(mid) > ms) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  // Traffic seen for SHORT_HISTORY_DAYS to 1.5 windows: its window is the last two thirds of it.
  const shortWindow = !store && !capacity && spanMs >= SHORT_HISTORY_DAYS * DAY_MS && spanMs < 1.5 * RECENT_TREND_DAYS * DAY_MS;
  const windowDays = shortWindow ? spanMs / DAY_MS / 1.5 : RECENT_TREND_DAYS;
  let first = firstAfter(endMs - windowDays * DAY_MS, rows);
  const useRecent = (shortWindow || spanMs >= 1.5 * RECENT_TREND_DAYS * DAY_MS) && rows - first >= MIN_VALUES;
  if (!useRecent) first = 0;
  // The long-run rate needs two years of adjusted values; the recent line the last of them.
  const longFirst = firstAfter(endMs - LONG_RUN_DAYS * DAY_MS, first);
  // Column by column over the rows: each column is read in order, once.
  const adjustedRows = y.slice(longFirst, rows);
  subtractColumns(design, seasonal.map((k) => keep[k]!), beta, adjustedRows, longFirst, rows);
  // Typed buffers and views of them rather than growing arrays and copies: fitCore runs twice per prefix.
  let kept = 0;
  const longTimesAll = new Float64Array(rows - longFirst);
  const longAdjustedAll = new Float64Array(rows - longFirst);
  for (let r = longFirst; r < rows; r++) {
    // Spikes are left out, but not in the last days, where they cannot be told from a step yet.
    if (isSpike[r] === END_SPIKE || (isSpike[r] === 1 && r < rows - SPIKE_NEIGHBOURS)) continue;
    longTimesAll[kept] = timeOf(r);
    longAdjustedAll[kept++] = adjustedRows[r - longFirst]!;
  }
  const longTimes = longTimesAll.subarray(0, kept);
  const longAdjusted = longAdjustedAll.subarray(0, kept);
  let cut = 0;
  while (cut < longTimes.length && longTimes[cut]! < timeOf(first)) cut++;
  const times = longTimes.subarray(cut);
  const adjusted = longAdjusted.subarray(cut);
  // Within the recent window, a clear change of regime (a step, a new growth rate) moves the line to the later
  // regime. A new host's short history is searched over all of it: one line drawn through a step is a slope
  // that was never there.
  const searched = useRecent || spanMs < SHORT_HISTORY_DAYS * DAY_MS;
  const line = searched ? fitRecentTrend(times, adjusted, endMs) : { ...fitLine(times, adjusted, endMs), breakMs: null, n: times.length };
  // Degrees of freedom: the line's two, plus the fitted rows' share of the seasonal parameters.
  const dof = Math.max(1, line.n - 2 - (beta.length * line.n) / rows);
  const residualSd = Math.sqrt(line.residuals.reduce((sum, r) => sum + r * r, 0) / dof);
  const anchorFromMs = endMs - ANCHOR_DAYS * DAY_MS;
  let anchorSum = 0;
  let anchorCount = 0;
  for (let i = line.residuals.length - 1; i >= 0 && times[times.length - line.residuals.length + i]! > anchorFromMs; i--) {
    anchorSum += line.residuals[i]!;
    anchorCount++;
  }
  let levelSum = 0;
  let levelCount = 0;
  for (let i = longTimes.length - 1; i >= 0 && longTimes[i]! > endMs - LEVEL_DAYS * DAY_MS; i--) {
    levelSum += longAdjusted[i]!;
    levelCount++;
  }
  // Less than a year holds no year-on-year change: a shorter history's lagged changes measure mostly its
  // seasons (an electricity load's autumn climb). Traffic then tends to no growth, its recent slope lasting a
  // quarter of the time it was seen however clear it is, since it may be a season's (dev half of
  // bench/forecast, 60 to 300 days of history: blow-ups 34 → 17). A store's fill rate is growth, and is
  // kept; so is a capacity series' recent slope, as its evidence carries it: growth missed is an alert missed.
  const yearSeen = spanMs >= YEAR_DAYS * DAY_MS;
  const longRun = store || yearSeen ? longRunSlope(longTimes, longAdjusted, series.stepMs) : 0;
  const { persistMs, evidence } = persistence(line.slope, longRun, times, line.residuals, yearSeen || store || capacity);
  return {
    beta, nEff: line.n, residualSd, anchor: anchorCount > 0 ? anchorSum / anchorCount : 0,
    recentLevel: levelCount > 0 ? levelSum / levelCount : line.level,
    trend: { levelAtEnd: line.level, slopePerMs: line.slope, longRunSlopePerMs: longRun, persistMs, evidence, windowDays: useRecent ? Math.round(windowDays) : null, breakMs: line.breakMs },
  };
}

const isYearly = (design: PrefixDesign, j: number): boolean => design.columns[j]!.name.startsWith('yearly-');
const isTrend = (design: PrefixDesign, j: number): boolean => design.columns[j]!.group === 'trend';

/**
 * What the last stretch of the history says about two choices: whether yearly terms help (they
 * must clearly beat the forecast without them), and the trend's form: the fitted line (a steadily
 * filling disk), the line moved to the level of the last days, or that level held flat (a series
 * that wanders like a random walk rather than grows).
 */
function holdoutChoice(design: PrefixDesign, plan: PrefixPlan, cp: CrossProducts | undefined, isSpike: Uint8Array, yearly: boolean, fit: FitCore): { form: TrendForm } {
  const k = plan.holdoutRows;
  // Nothing to test against (a gap at the end) or too little to train on: keep the simpler model.
  if (k < MIN_VALUES || k >= plan.rows || !cp) return { form: 'line' };
  const { series, bucketOf, y } = design;
  const originMs = series.startMs + (plan.length - 1 - plan.holdoutSteps) * series.stepMs;
  // Columns with no rows before the cut (a hat or a holiday still ahead) cannot be fitted there.
  const trainable = plan.keep.filter((j) => nonzeroBefore(design, j, k) > 0);
  const errors = (keep: number[]): Record<Exclude<TrendForm, 'level'>, number> => {
    const core = fit(cp, k, keep, originMs);
    const seasonal = keep.filter((j) => !isTrend(design, j)).map((j) => design.onBuckets[j]!);
    let line = 0;
    let anchored = 0;
    let flat = 0;
    for (let r = k; r < plan.rows; r++) {
      // A spike would cost every form the same; it says nothing about which is better.
      if (isSpike[r] !== 0) continue;
      const bucket = bucketOf[r]!;
      let effects = 0;
      for (let s = 0; s < seasonal.length; s++) effects += core.beta[s]! * seasonal[s]![bucket]!;
      const dt = series.startMs + bucket * series.stepMs - originMs;
      const v = core.trend.levelAtEnd + trendOffset(core.trend.slopePerMs, core.trend, dt) + effects;
      line += Math.abs(y[r]! - v);
      anchored += Math.abs(y[r]! - v - core.anchor);
      flat += Math.abs(y[r]! - core.trend.levelAtEnd - core.anchor - core.trend.longRunSlopePerMs * dt - effects);
    }
    return { line, anchored, flat };
  };
  const e = errors(yearly ? trainable : trainable.filter((j) => !isYearly(design, j)));
  // Near ties keep the line, which carries the recent rate: the holdout ends before the last
  // months, so a form that wins it by a hair says little about the regime now (a disk whose growth
  // doubled since). The line moved is preferred to the level held.
  const form: TrendForm = Math.min(e.anchored, e.flat) >= (1 - FORM_MIN_GAIN) * e.line ? 'line' : e.anchored <= e.flat ? 'anchored' : 'flat';
  return { form };
}

/** isSpike's mark for a spike among the last days (endSpike): left out of the fit, not only out of the past's. */
const END_SPIKE = 2;

/**
 * One-off spikes in a plan's rows (ascending), found one at a time and each refit without the ones
 * before; and `last`, a one-off among the last days (endSpike), or null.
 */
function findSpikes(design: PrefixDesign, cp: CrossProducts, plan: PrefixPlan): { spikes: number[]; last: number | null } {
  const found: number[] = [];
  let current = cp;
  let e = residuals(design, current, plan);
  // A spike a month at most: more often is the series' own behaviour, not a fault, and each costs a refit.
  for (let i = 0; i < Math.ceil(plan.rows / 30); i++) {
    for (const r of found) e[r] = 0;
    const r = largestSpike(e);
    if (r === null) break;
    found.push(r);
    current = withoutRows(current, design.rows, design.y, [r]);
    e = residuals(design, current, plan);
  }
  return { spikes: found.sort((a, b) => a - b), last: endSpike(design, current, plan, e) };
}

/**
 * A one-off among the last SPIKE_NEIGHBOURS rows (a glitch, a partial day, a one-day burst): far
 * from the fit made without it, the rows before it calm (their median, as largestSpike asks), and
 * no row near it sharing half its move. Extrapolated, one such day would pass for a step or a
 * steep new rate; two such days in a row share the move and are not one-offs, so a real step
 * still shows.
 */
function endSpike(design: PrefixDesign, cp: CrossProducts, plan: PrefixPlan, e: Float64Array): number | null {
  const sd = robustSd(e);
  if (!(sd > 0)) return null;
  for (let r = plan.rows - 1; r >= Math.max(SPIKE_NEIGHBOURS, plan.rows - SPIKE_NEIGHBOURS); r--) {
    // The fit pulls towards the row it holds, so its residual understates it: a first sieve only.
    if (Math.abs(e[r]!) <= CALM_SD * sd) continue;
    const without = residuals(design, withoutRows(cp, design.rows, design.y, [r]), plan);
    const move = without[r]!;
    if (Math.abs(move) <= SPIKE_SD * sd || Math.abs(median(Array.from(without.subarray(r - SPIKE_NEIGHBOURS, r)))) > CALM_SD * sd) continue;
    let shared = false;
    for (let q = r - SPIKE_NEIGHBOURS; q < plan.rows; q++) if (q !== r && without[q]! * Math.sign(move) > Math.abs(move) / 2) shared = true;
    if (!shared) return r;
  }
  return null;
}

/** Observed minus fitted (trend hats, seasonal and holiday terms) over a plan's rows. */
function residuals(design: PrefixDesign, cp: CrossProducts, plan: PrefixPlan): Float64Array {
  const beta = ridgeSolve(cp, plan.keep, design.penalised);
  const out = design.y.slice(0, plan.rows);
  subtractColumns(design, plan.keep, beta, out, 0, plan.rows);
  return out;
}
