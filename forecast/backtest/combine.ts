import type { ErrorScale, FittedModel } from '../model.ts';
import type { ForecastPoint, Series } from '../series.ts';
import { type Backtest, naiveScale, seasonLag } from './backtest.ts';

/**
 * Models whose backtest MASE is within this fraction of the best one's are not told apart by the
 * backtest (a handful of windows): they are combined rather than one of them bet on.
 */
export const INSEPARABLE = 0.25;

export interface Member {
  model: string;
  fitted: FittedModel;
  backtest: Backtest;
  mase: number;
  scale: ErrorScale;
}

export interface Weighted extends Member {
  weight: number;
}

/** The members the backtest cannot separate from the best, weighted by inverse squared MASE (largest weight first). */
export function inseparable(members: readonly Member[]): Weighted[] {
  const best = Math.min(...members.map((m) => m.mase));
  const kept = members.filter((m) => m.mase <= (1 + INSEPARABLE) * best);
  const raw = kept.map((m) => 1 / Math.max(m.mase, 1e-9) ** 2);
  const sum = raw.reduce((a, b) => a + b, 0);
  return kept.map((m, i) => ({ ...m, weight: raw[i]! / sum })).sort((a, b) => b.weight - a.weight);
}

/** The weighted mean of the members' point forecasts (their own intervals averaged too, until calibrated). */
export function combinedModel(members: readonly Weighted[]): FittedModel {
  const lead = members[0]!;
  return {
    name: lead.model,
    predict(horizonSteps: number, levelPercent: number): ForecastPoint[] {
      const each = members.map((m) => m.fitted.predict(horizonSteps, levelPercent));
      return each[0]!.map((p, h) => {
        const mix = (pick: (q: ForecastPoint) => number): number => members.reduce((s, m, i) => s + m.weight * pick(each[i]![h]!), 0);
        return { timeMs: p.timeMs, value: mix((q) => q.value), lower: mix((q) => q.lower), upper: mix((q) => q.upper) };
      });
    },
    describe: () => lead.fitted.describe(),
  };
}

/**
 * The combination's own backtest, from its members' predictions at the same origins: its errors
 * on the lead member's error scale (for calibrating its intervals) and its MASE.
 */
export function combinedBacktest(series: Series, members: readonly Weighted[]): Backtest {
  const lead = members[0]!.backtest;
  const scale = members[0]!.scale;
  const lag = seasonLag(series.stepMs);
  const errors: Float64Array[] = [];
  const predictions: Float64Array[] = [];
  const maePerOrigin: number[] = [];
  let maseSum = 0;
  lead.origins.forEach((len, k) => {
    const point = Float64Array.from(lead.predictions[k]!, (_, h) => members.reduce((s, m) => s + m.weight * m.backtest.predictions[k]![h]!, 0));
    const e = new Float64Array(point.length).fill(NaN);
    let abs = 0;
    let count = 0;
    point.forEach((p, h) => {
      const actual = series.values[len + h];
      if (actual === undefined || !Number.isFinite(actual) || !Number.isFinite(p)) return;
      e[h] = scale.forward(actual) - scale.forward(p);
      abs += Math.abs(actual - p);
      count++;
    });
    errors.push(e);
    predictions.push(point);
    const mae = count > 0 ? abs / count : NaN;
    maePerOrigin.push(mae);
    maseSum += mae / naiveScale(series.values, len, lag);
  });
  return { ...lead, model: lead.model, errors, predictions, maePerOrigin, mase: lead.origins.length > 0 ? maseSum / lead.origins.length : NaN };
}
