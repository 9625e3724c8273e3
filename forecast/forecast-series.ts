import type { ModelDescription } from '../core/forecast-record.ts';
import { RunwayError } from '../core/errors.ts';
import { chooseModel, type ModelChoice } from './backtest/choose.ts';
import { withGrowthSpread, withHistorySwings } from './growth-band.ts';
import type { ForecastModel, HolidayRange, ModelOptions } from './model.ts';
import { seasonalNaive } from './models/baselines.ts';
import { YEAR_MS } from './models/design.ts';
import { multiplicative } from './models/multiplicative.ts';
import { oneOffAtEnd, seasonalLevel, seasonalLinear } from './models/seasonal-linear.ts';
import { DAY_MS, type ForecastPoint, type Series } from './series.ts';
import { fillsLikeStore, grewOverHistory, nonNegative } from './series-shape.ts';

const MIN_VALUES = 3;

export interface SeriesForecastOptions {
  horizonSteps: number;
  levelPercent: number;
  holidays: readonly HolidayRange[];
  bounds?: ModelOptions['bounds'];
  /**
   * Multiplicative for traffic-driven series (load), whose seasonal peaks grow with the level;
   * additive for stores that fill (disks).
   */
  seasonality: 'additive' | 'multiplicative';
  /**
   * 'runway': Runway's own model only, with intervals calibrated by its backtest.
   * 'backtest' (default): choose per series among Runway's model, its seasons at today's level
   * (seasonal-level) and seasonal naive, combining those the backtest cannot separate.
   */
  choice?: 'runway' | 'backtest';
  /**
   * A capacity series (a disk, anything with a threshold): one that grew over its history never
   * gets a model that forecasts no growth (seasonal naive) on a few windows' say-so; Runway's own
   * trend decides whether growth stopped. A store that fills (series-shape.ts) counts as one
   * without being told.
   */
  capacity?: boolean;
}

export interface SeriesForecast {
  points: ForecastPoint[];
  choice: ModelChoice;
  /** The chosen model's description with its backtest scorecard under `backtest`. */
  model: ModelDescription;
}

/** Runway's own model for a kind of series; `level`: its seasonal-level variant (no growth). */
function runwayFor(opts: Pick<SeriesForecastOptions, 'holidays' | 'bounds' | 'seasonality' | 'capacity'> & Pick<ModelOptions, 'store'>, variant: 'trend' | 'level' = 'trend'): ForecastModel {
  const options: ModelOptions = { holidays: opts.holidays, ...(opts.bounds ? { bounds: opts.bounds } : {}), ...(opts.store ? { store: true } : {}), ...(opts.capacity ? { capacity: true } : {}) };
  const inner = variant === 'level' ? seasonalLevel : seasonalLinear;
  return opts.seasonality === 'multiplicative' ? multiplicative(inner, options) : inner(options);
}

/**
 * Seasonal naive repeats the last season: a glitch on the last day (a broken reading, a partial
 * day) would come back every week of the forecast. The one-off Runway's own fit of the same series
 * left out (it is fitted first) is a gap to it instead, filled from the season before.
 */
function naiveWithoutGlitch(naive: ForecastModel): ForecastModel {
  return {
    ...naive,
    fit(series) {
      const glitch = oneOffAtEnd(series);
      return naive.fit(glitch === null ? series : { ...series, values: series.values.map((v, i) => (i === glitch ? NaN : v)) });
    },
  };
}

/** Forecasts one regular series: model choice by rolling-origin backtest, calibrated intervals. */
export function forecastSeries(series: Series, opts: SeriesForecastOptions): SeriesForecast {
  const finiteValues = series.values.filter(Number.isFinite).length;
  // Seasonal naive could repeat two values; no forecast worth calling one comes from so little.
  if (finiteValues < MIN_VALUES) throw new RunwayError('RUNWAY_ERR_FORECAST_SERIES', { reason: `need at least ${MIN_VALUES} values, got ${finiteValues}` });
  // A series never below zero (a count, a size, a load) is not forecast below it.
  const bounds = { min: opts.bounds?.min ?? (nonNegative(series.values) ? 0 : -Infinity), max: opts.bounds?.max ?? Infinity };
  const modelOptions: ModelOptions = { bounds };
  const choose = (opts.choice ?? 'backtest') === 'backtest';
  // A store that fills (bytes, files) is a capacity series whether or not a threshold came with it:
  // its forecast is read for when it fills.
  const store = fillsLikeStore(series.values);
  const flatAllowed = !((opts.capacity || store) && grewOverHistory(series.values));
  // Both variants get the same holidays array, so they share one fit (seasonal-linear.ts).
  const kind = { ...opts, bounds, store };
  const runway = runwayFor(kind);
  // The other two forecast no growth: a capacity series that grew never gets them.
  const candidates = choose && flatAllowed ? [runway, runwayFor(kind, 'level'), naiveWithoutGlitch(seasonalNaive(modelOptions))] : [runway];
  const choice = chooseModel(series, candidates, { horizonSteps: opts.horizonSteps, levelPercent: opts.levelPercent, bounds });
  const predicted = choice.fitted.predict(opts.horizonSteps, opts.levelPercent);
  // A store that fills (additive) and grew: its interval, and the crossing band read from it, spans
  // at least the spread of its own history's growth over windows as long as each lead. Traffic's
  // changes over a window are mostly its seasons, which its model already forecasts.
  const filling = !flatAllowed && opts.seasonality === 'additive';
  // A daily series seen for less than a year has not shown its yearly season: its interval spans at
  // least the swings of its level so far.
  const young = !filling && series.stepMs >= DAY_MS && series.values.length * series.stepMs < YEAR_MS;
  const points = filling ? withGrowthSpread(predicted, series.values, opts.levelPercent, bounds) : young ? withHistorySwings(predicted, series.values, opts.levelPercent, bounds) : predicted;
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const model = {
    ...choice.fitted.describe(),
    name: choice.model,
    backtest: {
      origins: choice.origins,
      mase: finite(choice.mase),
      coverage: finite(choice.coverage),
      calibrated: choice.calibrated,
      candidates: choice.scores.map((s) => ({ model: s.model, mase: finite(s.mase) })),
      combination: choice.combination.map((c) => ({ model: c.model, weight: c.weight })),
      reason: flatAllowed ? choice.reason : `${choice.reason}; seasonal naive not tried: a capacity series that grew over its history`,
    },
  };
  return { points, choice, model };
}
