import type { ErrorScale, FittedModel, ForecastModel, ModelOptions } from '../model.ts';
import type { Series } from '../series.ts';

/**
 * Multiplicative seasonality for any additive model: fit on log(y + offset), forecast back with exp.
 * Traffic peaks grow with the traffic (a Christmas rush is "twice a normal day", not "+2 load"),
 * so effects learnt from smaller past years must scale with this year's level. Bounds apply after
 * the transform, on the original scale. The offset keeps zeros finite: 1 % of the median level.
 */
export function multiplicative(inner: (options: ModelOptions) => ForecastModel, options: ModelOptions = {}): ForecastModel {
  const { bounds, ...rest } = options;
  const model = inner(rest);
  const name = `${model.name}-multiplicative`;
  const errorScale = (series: Series): ErrorScale => onLogScale(series).scale;
  const wrap = (fitted: FittedModel, scale: ErrorScale & { offset: number }): FittedModel => {
    const back = (v: number) => clamp(scale.inverse(v), bounds?.min ?? -Infinity, bounds?.max ?? Infinity);
    return {
      name,
      predict: (horizonSteps, levelPercent) =>
        fitted.predict(horizonSteps, levelPercent).map((p) => ({ timeMs: p.timeMs, value: back(p.value), lower: back(p.lower), upper: back(p.upper) })),
      ...(fitted.pointForecast ? { pointForecast: (horizonSteps: number) => fitted.pointForecast!(horizonSteps).map(back) } : {}),
      describe: () => ({ ...fitted.describe(), name, scale: 'log', offset: scale.offset }),
    };
  };
  const fitPrefixes = (series: Series, lengths: readonly number[]): FittedModel[] => {
    const { scale, logged } = onLogScale(series);
    const fits = model.fitPrefixes ? model.fitPrefixes(logged, lengths) : lengths.map((len) => model.fit({ ...logged, values: logged.values.slice(0, len) }));
    return fits.map((f) => wrap(f, scale));
  };
  return {
    name,
    fit: (series) => fitPrefixes(series, [series.values.length])[0]!,
    fitPrefixes,
    errorScale,
  };
}

/**
 * The last series put on the log scale. Seasonal-linear and seasonal-level share one fit per series
 * object (seasonal-linear.ts), so both multiplicative variants of one forecast must be handed the
 * same logged series, or a load series is fitted twice.
 */
let lastLogged: { series: Series; scale: ErrorScale & { offset: number }; logged: Series } | null = null;

function onLogScale(series: Series): { scale: ErrorScale & { offset: number }; logged: Series } {
  if (lastLogged?.series !== series) {
    const scale = logScale(offsetFor(series.values));
    lastLogged = { series, scale, logged: { ...series, values: series.values.map((v) => (Number.isFinite(v) ? scale.forward(v) : NaN)) } };
  }
  return lastLogged;
}

function logScale(offset: number): ErrorScale & { offset: number } {
  return { offset, forward: (v) => Math.log(Math.max(v, 0) + offset), inverse: (v) => Math.exp(v) - offset };
}

function offsetFor(values: readonly number[]): number {
  // A typed array sorts numerically without a comparator call per step.
  const finite = Float64Array.from(values.filter((v) => Number.isFinite(v) && v > 0)).sort();
  const median = finite[Math.floor(finite.length / 2)] ?? 1;
  return Math.max(median * 0.01, 1e-9);
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
