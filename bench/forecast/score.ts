import { type Crossing, findCrossing } from '../../forecast/crossing.ts';
import type { ForecastModel } from '../../forecast/model.ts';
import type { ForecastPoint, Series } from '../../forecast/series.ts';
import { DAY_MS } from '../../forecast/series.ts';
import { type BenchSeries, FLEET_HORIZON_DAYS, type ResourceKind } from './cases.ts';
import { median, naiveScale, percentile } from './metrics.ts';

export { median, percentile };

/**
 * A method as the fleet section runs it: fit on a training series, forecast 240 days at 80 %. The
 * crossing is the method's own where it dates one (Runway's job does), else its bands' (findCrossing).
 */
export interface Method {
  name: string;
  forecast(c: BenchSeries, train: Series): { points: ForecastPoint[]; crossing?: Crossing };
}

export const fromModel = (name: string, make: (c: BenchSeries) => ForecastModel): Method => ({
  name,
  forecast: (c, train) => ({ points: make(c).fit(train).predict(FLEET_HORIZON_DAYS, 80) }),
});

/** A method's crossing of the case's threshold. */
export const crossingOf = (f: ReturnType<Method['forecast']>, threshold: number): Crossing => f.crossing ?? findCrossing(f.points, threshold);

/** One method on one series from one origin. */
export interface CaseResult {
  /** series@origin: the same case for every method. */
  key: string;
  series: string;
  origin: number;
  trainDays: number;
  mae: number;
  /** MASE denominator of this training window (seasonal naive in-sample MAE). */
  scale: number;
  inside: number;
  outcomes: number;
  ms: number;
  /** Fleet only: crossing day offsets from the origin (likely), null when none within the horizon. */
  forecastCrossing?: number | null;
  /** The 80 % band's ends: the first days the upper and the lower bound reach the threshold. */
  forecastEarliest?: number | null;
  forecastLatest?: number | null;
  trueCrossing?: number | null;
  driver?: string | null;
  kind?: ResourceKind;
  /** The simulated growth changed after the origin and before the true crossing: no forecast from the origin can see it. */
  changedAfterOrigin?: boolean;
}

export function runCase(method: Method, c: BenchSeries, origin: number): CaseResult {
  const from = c.trainDays === null ? 0 : Math.max(0, origin - c.trainDays);
  const train: Series = { startMs: c.series.startMs + from * DAY_MS, stepMs: DAY_MS, values: c.series.values.slice(from, origin) };
  const started = performance.now();
  const forecast = method.forecast(c, train);
  const ms = performance.now() - started;
  const { points } = forecast;
  let abs = 0;
  let outcomes = 0;
  let inside = 0;
  points.forEach((p, h) => {
    const actual = c.series.values[origin + h]!;
    if (!Number.isFinite(actual)) return;
    abs += Math.abs(actual - p.value);
    outcomes++;
    if (actual >= p.lower && actual <= p.upper) inside++;
  });
  const result: CaseResult = {
    key: `${c.name}@${origin}`, series: c.name, origin, trainDays: train.values.length, mae: abs / Math.max(1, outcomes),
    scale: naiveScale(train.values), inside, outcomes, ms,
  };
  if (c.threshold !== undefined) {
    const crossing = crossingOf(forecast, c.threshold);
    const day = (t: number | null): number | null => (t === null ? null : Math.round((t - (train.startMs + train.values.length * DAY_MS)) / DAY_MS));
    result.forecastCrossing = day(crossing.likely);
    result.forecastEarliest = day(crossing.earliest);
    result.forecastLatest = day(crossing.latest);
    // A week past the horizon too, so a forecast crossing just before the cut is not called invented.
    const truth = c.series.values.slice(origin, origin + FLEET_HORIZON_DAYS + 7).findIndex((v) => v >= c.threshold!);
    result.trueCrossing = truth < 0 ? null : truth;
    if (c.kind) result.kind = c.kind;
    result.driver = truth < 0 ? null : driverAt(c, c.series.startMs + (origin + truth) * DAY_MS);
    const originMs = c.series.startMs + origin * DAY_MS;
    const truthMs = c.series.startMs + (origin + truth) * DAY_MS;
    if (truth >= 0) result.changedAfterOrigin = (c.changesMs ?? []).some((t) => t >= originMs && t <= truthMs);
  }
  return result;
}

/** The season around a true crossing: a holiday whose run-up (4 weeks) or days hold it, else growth. */
function driverAt(c: BenchSeries, timeMs: number): string {
  const h = c.holidays.find((x) => x.name !== 'public-holiday' && timeMs >= x.startMs - 28 * DAY_MS && timeMs < x.endMs + 3 * DAY_MS);
  return h ? h.name : 'growth';
}


export interface Summary {
  method: string;
  cases: number;
  /** Geometric mean over cases of MAE ÷ seasonal naive's MAE on the same case (= MASE ratio). */
  maseRatio: number;
  coverage: number;
  medianMs: number;
  /** Median ms on 3-year (1095-day) training series only. */
  medianMs3y: number;
}

export function summarise(method: string, results: CaseResult[], naive: CaseResult[]): Summary {
  const naiveMae = new Map(naive.map((r) => [r.key, r.mae]));
  const logs: number[] = [];
  for (const r of results) {
    const base = naiveMae.get(r.key);
    if (base !== undefined && base > 0 && r.mae > 0) logs.push(Math.log(r.mae / base));
  }
  const outcomes = results.reduce((s, r) => s + r.outcomes, 0);
  return {
    method,
    cases: results.length,
    maseRatio: Math.exp(logs.reduce((s, x) => s + x, 0) / Math.max(1, logs.length)),
    coverage: results.reduce((s, r) => s + r.inside, 0) / Math.max(1, outcomes),
    medianMs: median(results.map((r) => r.ms)),
    medianMs3y: median(results.filter((r) => r.trainDays === 1095).map((r) => r.ms)),
  };
}

export interface CrossingStats {
  pairs: number;
  medianErrorDays: number;
  p90ErrorDays: number;
  /** Median |likely − true| days over the pairs whose true crossing is within NEAR_DAYS. */
  medianErrorNearDays: number;
  /** Median |likely − true| as % of the lead (days from origin to the true crossing) beyond NEAR_DAYS. */
  medianErrorFarPercent: number;
  missed: number;
  /** Of the missed, those whose simulated growth changed after the origin. */
  missedAfterChange: number;
  invented: number;
  truths: number;
  /** Of the truths, those whose 80 % band [earliest, latest] holds the true day (no latest: beyond the horizon). */
  bandHolds: number;
  /** The same two counts over the truths whose simulated growth did not change after the origin. */
  steadyTruths: number;
  steadyBandHolds: number;
}

/** Crossings within this many days are judged in days; later ones as a share of their lead. */
export const NEAR_DAYS = 90;

/**
 * Crossing accuracy over (series, origin) pairs whose truth or forecast crosses within the horizon.
 * Error: |forecast − true| days when both cross. Missed: a true crossing more than a week inside
 * the horizon that the forecast does not reach within it; counted apart too when the simulated
 * growth changed after the origin (the scenario's step or faster rate had not happened yet, so the
 * history could not show it). Invented: a forecast crossing where the truth does not cross within
 * the horizon (a crossing that falls within a week after the horizon counts as neither, its date
 * error being unknowable at the cut).
 */
export function crossingStats(results: CaseResult[], keep: (r: CaseResult) => boolean, horizon = FLEET_HORIZON_DAYS): CrossingStats {
  const errors: number[] = [];
  const near: number[] = [];
  const farPercent: number[] = [];
  let missed = 0;
  let missedAfterChange = 0;
  let invented = 0;
  let truths = 0;
  let bandHolds = 0;
  let steadyTruths = 0;
  let steadyBandHolds = 0;
  for (const r of results.filter(keep)) {
    const f = r.forecastCrossing ?? null;
    const t = r.trueCrossing ?? null;
    if (t !== null && t < horizon) {
      truths++;
      const earliest = r.forecastEarliest ?? null;
      const latest = r.forecastLatest ?? null;
      const holds = earliest !== null && earliest <= t && (latest === null || latest >= t);
      if (holds) bandHolds++;
      if (!r.changedAfterOrigin) [steadyTruths, steadyBandHolds] = [steadyTruths + 1, steadyBandHolds + (holds ? 1 : 0)];
    }
    if (f !== null && t !== null) {
      errors.push(Math.abs(f - t));
      if (t < NEAR_DAYS) near.push(Math.abs(f - t));
      else farPercent.push((100 * Math.abs(f - t)) / t);
    } else if (t !== null && f === null && t < horizon - 7) {
      missed++;
      if (r.changedAfterOrigin) missedAfterChange++;
    } else if (f !== null && t === null) invented++;
  }
  return {
    pairs: errors.length, medianErrorDays: median(errors), p90ErrorDays: percentile(errors, 0.9),
    medianErrorNearDays: median(near), medianErrorFarPercent: median(farPercent),
    missed, missedAfterChange, invented, truths, bandHolds, steadyTruths, steadyBandHolds,
  };
}
