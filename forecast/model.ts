import { RunwayError } from '../core/errors.ts';
import type { ForecastPoint, Series } from './series.ts';

/**
 * One occurrence of a named holiday or event, as a time range [startMs, endMs) in the series' zone
 * (UTC days for daily series). Every occurrence of the same name shares one set of learned effects.
 */
export interface HolidayRange {
  name: string;
  startMs: number;
  endMs: number;
}

export interface ModelOptions {
  /**
   * Occurrences in the past AND the future: past ones teach the effect, future ones make the forecast
   * show it. Include a few weeks around the fitted and forecast span, since effects start before
   * the occurrence (see HOLIDAY_LEAD_DAYS).
   */
  holidays?: readonly HolidayRange[];
  /** Physical limits of the metric (e.g. 0..100 for percentages); point and interval are clamped. */
  bounds?: { min?: number; max?: number };
  /**
   * A store that fills (bytes, files): its level holds no yearly season. Its seasons are in how
   * fast it fills, and yearly terms fitted to its steps bend its forecast.
   */
  store?: boolean;
  /**
   * A capacity series (a threshold was given): its growth decides an alert, so a history shorter
   * than a year keeps a clear recent slope, which a forecast of traffic alone lets fade (it may be
   * a season's).
   */
  capacity?: boolean;
}

/** configure → fit → fitted → predict (DESIGN.md, convention 5). */
export interface ForecastModel {
  readonly name: string;
  /** Fits the series; NaN values are skipped. Throws RUNWAY_ERR_FORECAST_SERIES when nothing can be fitted. */
  fit(series: Series): FittedModel;
  /**
   * Optional: fits many prefixes of one series (lengths in buckets, ascending) more cheaply than
   * one fit each; backtests use it when present.
   */
  fitPrefixes?(series: Series, lengths: readonly number[]): FittedModel[];
  /**
   * Optional: the scale on which the model's errors are additive (log for multiplicative models);
   * calibration measures and applies backtest errors there. Identity when absent.
   */
  errorScale?(series: Series): ErrorScale;
}

/** A monotone transform of values and its inverse. */
export interface ErrorScale {
  forward(v: number): number;
  inverse(v: number): number;
}

export interface FittedModel {
  readonly name: string;
  /**
   * Forecasts horizonSteps buckets after the last bucket of the fitted series, with a central
   * prediction interval holding levelPercent (0 < level < 100) of outcomes.
   */
  predict(horizonSteps: number, levelPercent: number): ForecastPoint[];
  /**
   * Optional: predict's point values alone, for the many forecasts a backtest scores, without the
   * intervals and points it would drop.
   */
  pointForecast?(horizonSteps: number): Float64Array;
  /** JSON-able summary: name, parameters, in-sample residual sd, n, … */
  describe(): Record<string, unknown>;
}

/** How many days before an occurrence a holiday effect may start: pad holiday ranges by at least this. */
export const HOLIDAY_LEAD_DAYS = 28;

/** The arguments every FittedModel.predict accepts; anything else is the caller's mistake. */
export function checkPredictArgs(horizonSteps: number, levelPercent: number): void {
  if (!Number.isInteger(horizonSteps) || horizonSteps < 0) {
    throw new RunwayError('RUNWAY_ERR_FORECAST_ARGUMENT', { reason: `horizon must be a whole number of steps ≥ 0, got ${horizonSteps}` });
  }
  if (!(levelPercent > 0 && levelPercent < 100)) {
    throw new RunwayError('RUNWAY_ERR_FORECAST_ARGUMENT', { reason: `level must be between 0 and 100 (exclusive), got ${levelPercent}` });
  }
}
