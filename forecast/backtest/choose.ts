import type { FittedModel, ForecastModel } from '../model.ts';
import type { Series } from '../series.ts';
import { type Backtest, backtestOrigins, IDENTITY, runBacktest, withOriginsWhere } from './backtest.ts';
import { type Bounds, calibrated, heldOutCoverage, trendPerStep } from './calibrate.ts';
import { combinedBacktest, combinedModel, INSEPARABLE, inseparable, type Weighted } from './combine.ts';

/** One candidate's rolling-origin score. */
export interface CandidateScore {
  model: string;
  /** NaN when the candidate could not be backtested (too little history) or failed. */
  mase: number;
  error?: string;
}

export interface ModelChoice {
  /** The chosen model fitted on the whole series, with calibrated intervals. */
  fitted: FittedModel;
  model: string;
  /** Backtest MASE of the chosen model (NaN without backtest origins). */
  mase: number;
  /** Held-out coverage of its calibrated interval at the requested level (NaN with < 2 origins). */
  coverage: number;
  origins: number;
  /** Whether the intervals come from backtest errors (false: the model's own assumptions). */
  calibrated: boolean;
  scores: CandidateScore[];
  /** The models combined and their weights (one entry of weight 1 when one model is used), and why. */
  combination: { model: string; weight: number; mase: number }[];
  reason: string;
}

/**
 * Picks, per series, the candidate with the lowest rolling-origin MASE (ties go to the earlier
 * candidate, so list Runway's own model first), then fits it on the whole series and calibrates
 * its intervals from its own recent backtest errors. The choice also scores last year's window of
 * the season ahead: a model blind to Christmas can win the spring and summer windows, then miss
 * the peak that matters. The intervals leave that window out: the current regime's errors are the
 * ones to expect next, and one season's window would widen every horizon. A candidate that throws is scored NaN and skipped; if every
 * backtest fails the first candidate that fits is used uncalibrated.
 */
export function chooseModel(series: Series, candidates: readonly ForecastModel[], opts: { horizonSteps: number; levelPercent: number; bounds: Bounds }): ModelChoice {
  const { lengths, horizon, sameSeason } = backtestOrigins(series, opts.horizonSteps);
  const scored = sameSeason === null || lengths.length === 0 ? lengths : [...lengths, sameSeason];
  const attempt = (model: ForecastModel): Attempt => {
    if (lengths.length === 0) return { model, backtest: null, score: { model: model.name, mase: NaN } };
    try {
      const backtest = runBacktest(model, series, horizon, scored);
      return { model, backtest, score: { model: model.name, mase: backtest.mase } };
    } catch (e) {
      return { model, backtest: null, score: { model: model.name, mase: NaN, error: (e as Error).message } };
    }
  };
  const tried = candidates.map(attempt);
  const combined = combine(series, tried, sameSeason, opts);
  if (combined) return combined;
  const winner = best(tried);
  const order = winner ? [winner, ...tried.filter((t) => t !== winner)] : tried;
  let lastError: unknown;
  for (const t of order) {
    try {
      const raw = t.backtest?.whole ?? t.model.fit(series);
      const scale = t.model.errorScale?.(series) ?? IDENTITY;
      const recent = t.backtest ? withOriginsWhere(t.backtest, (len) => len !== sameSeason) : null;
      const fitted = recent ? calibrated(raw, recent, scale, opts.bounds) : raw;
      return {
        fitted,
        model: t.model.name,
        mase: t.score.mase,
        coverage: recent ? heldOutCoverage(recent, opts.levelPercent) : NaN,
        origins: t.backtest?.origins.length ?? 0,
        calibrated: t.backtest !== null,
        scores: tried.map((x) => x.score),
        combination: [{ model: t.model.name, weight: 1, mase: t.score.mase }],
        reason: t === winner ? (tried.length > 1 ? 'lowest backtest MASE, the others clearly worse' : 'the only candidate') : 'the better candidates failed to fit',
      };
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}

/**
 * When the backtest cannot separate the best candidates (MASE within INSEPARABLE of each other),
 * their forecasts are averaged with inverse-squared-MASE weights, and the combination's intervals
 * are calibrated from its own backtest errors at the same origins. Null when one model stands out.
 */
function combine(series: Series, tried: readonly Attempt[], sameSeason: number | null, opts: { levelPercent: number; bounds: Bounds }): ModelChoice | null {
  const members = tried.flatMap((t) => (t.backtest && Number.isFinite(t.score.mase) ? [{ model: t.model.name, fitted: t.backtest.whole, backtest: t.backtest, mase: t.score.mase, scale: t.model.errorScale?.(series) ?? IDENTITY }] : []));
  if (members.length < 2) return null;
  const weighted = inseparable(members);
  if (weighted.length < 2) return null;
  const backtest = combinedBacktest(series, weighted);
  const recent = withOriginsWhere(backtest, (len) => len !== sameSeason);
  return {
    fitted: calibrated(combinedModel(weighted), recent, weighted[0]!.scale, opts.bounds, combinedTrend(weighted)),
    model: weighted[0]!.model,
    mase: backtest.mase,
    coverage: heldOutCoverage(recent, opts.levelPercent),
    origins: backtest.origins.length,
    calibrated: true,
    scores: tried.map((x) => x.score),
    combination: weighted.map((w) => ({ model: w.model, weight: w.weight, mase: w.mase })),
    reason: `backtest MASE within ${Math.round(INSEPARABLE * 100)} % of the best: combined, weighted by inverse squared MASE`,
  };
}

/**
 * The combination's growth per step: its members' trends, weighted as their forecasts are (a
 * member without one, seasonal naive, grows by none). The lead member's alone would say a
 * combination led by the level without growth does not grow, and give its growth no uncertainty.
 */
function combinedTrend(weighted: readonly Weighted[]): number | null {
  const trends = weighted.map((w) => trendPerStep(w.fitted));
  if (trends.every((t) => t === null)) return null;
  return weighted.reduce((sum, w, i) => sum + w.weight * (trends[i] ?? 0), 0);
}

interface Attempt {
  model: ForecastModel;
  backtest: Backtest | null;
  score: CandidateScore;
}

/** The attempt with the lowest finite MASE, the earlier one on a tie; undefined when none scored. */
function best(tried: readonly Attempt[]): Attempt | undefined {
  return tried.filter((t) => Number.isFinite(t.score.mase)).reduce<Attempt | undefined>((b, t) => (!b || t.score.mase < b.score.mase ? t : b), undefined);
}
