/**
 * The forecast as Runway stores it: the `forecast` measurement's tags and fields, and the model
 * description that travels with each forecast. The forecast job writes it, the dashboards and the
 * notices read it, so it is a contract and lives here (as the runway row does).
 */
import { FORECAST_MEASUREMENT, float, msToNs, str, TAG_CUSTOMER, TAG_HOST, TAG_MOUNT, type MetricPoint } from './schema.ts';
import type { RunwayMetric } from './runway-row.ts';

/** Tags of a forecast point: whose series, and which metric (disk mounts carry `mount`). */
export const FORECAST_TAG = { customer: TAG_CUSTOMER, host: TAG_HOST, mount: TAG_MOUNT, metric: 'metric' } as const;

/** Fields of a forecast point. */
export const FORECAST_FIELD = {
  /** The point forecast of the day, in the metric's unit. */
  value: 'value',
  /** Bounds of the prediction interval holding `level` percent of outcomes. */
  lower: 'lower',
  upper: 'upper',
  level: 'level',
  /** The chosen model's name, on the forecast's first day. */
  model: 'model',
  /** The run (ISO time) that wrote the forecast, on its first day: a field, not a tag, so a run's points overwrite the last run's instead of adding series. */
  run: 'run',
  backtestOrigins: 'backtest_origins',
  combination: 'combination',
  choiceReason: 'choice_reason',
  mase: 'mase',
  coverage: 'coverage',
} as const;

/**
 * What a fitted model says about itself (`FittedModel.describe()`): JSON-able, with a name always,
 * and the parts Runway reads back typed; each model adds its own parameters.
 */
export interface ModelDescription {
  readonly name: string;
  /** Runway's model: where the recent trend changed regime (ISO time); null or absent when it did not. */
  readonly trend?: { readonly trendBreak?: string | null; readonly [detail: string]: unknown };
  /** Why the backtest chose this model, when it says. */
  readonly backtest?: { readonly reason?: string; readonly [detail: string]: unknown };
  readonly [detail: string]: unknown;
}

/** Epoch ms of the trend break a model description reports; null when it reports none. */
export function trendBreakMsOf(model: ModelDescription): number | null {
  const at = model.trend?.trendBreak;
  return typeof at === 'string' ? Date.parse(at) : null;
}

/**
 * How far to trust a forecast: the model's name on every point, the rest (level, backtest, the
 * combination and why) on the first point of each run's forecast, where a chart can find it by
 * the run. The runway row of the run carries it too.
 */
export interface ForecastProvenance {
  model: ModelDescription;
  /** The models averaged, with weights: "seasonal-linear 0.62, augurs-mstl 0.38". */
  combination: string;
  choiceReason: string;
  backtest: { origins: number; mase: number; coverage: number };
  levelPercent: number;
}

export interface ForecastStep {
  timeMs: number;
  value: number;
  lower: number;
  upper: number;
}

/**
 * The points of one series' forecast: one per step, each with its band; the first also with the
 * model, the run and the rest of the provenance. Repeating them on every step made a forecast point
 * three times as large as its band, for InfluxDB to store and index as often as the fleet has
 * series times days ahead, and nothing reads them per day (dashboards and notices read the band):
 * the model's name and the run alone on every point cost InfluxDB a quarter more CPU per forecast
 * written.
 */
export function forecastRecordPoints(series: { tags: Record<string, string>; metric: RunwayMetric }, steps: readonly ForecastStep[], provenance: ForecastProvenance, run: string): MetricPoint[] {
  const tags: Record<string, string> = { [FORECAST_TAG.metric]: series.metric };
  for (const key of [FORECAST_TAG.customer, FORECAST_TAG.host, FORECAST_TAG.mount]) if (series.tags[key] !== undefined) tags[key] = series.tags[key];
  const { backtest } = provenance;
  const first: MetricPoint['fields'] = {
    [FORECAST_FIELD.model]: str(provenance.model.name),
    [FORECAST_FIELD.run]: str(run),
    [FORECAST_FIELD.level]: float(provenance.levelPercent),
    [FORECAST_FIELD.backtestOrigins]: float(backtest.origins),
    [FORECAST_FIELD.combination]: str(provenance.combination),
    [FORECAST_FIELD.choiceReason]: str(provenance.choiceReason),
  };
  if (Number.isFinite(backtest.mase)) first[FORECAST_FIELD.mase] = float(backtest.mase);
  if (Number.isFinite(backtest.coverage)) first[FORECAST_FIELD.coverage] = float(backtest.coverage);
  return steps.map((p, i) => ({
    measurement: FORECAST_MEASUREMENT,
    tags,
    fields: { [FORECAST_FIELD.value]: float(p.value), [FORECAST_FIELD.lower]: float(p.lower), [FORECAST_FIELD.upper]: float(p.upper), ...(i === 0 ? first : {}) },
    timeNs: msToNs(p.timeMs),
  }));
}
