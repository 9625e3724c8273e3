import type { ModelDescription } from '../../core/forecast-record.ts';
import { aggregate } from '../aggregate.ts';
import { type DayScatter, findCrossing } from '../crossing.ts';
import { dayNoise, ownNoise, scatterAt } from '../day-noise.ts';
import { forecastSeries } from '../forecast-series.ts';
import type { HolidayRange, ModelOptions } from '../model.ts';
import type { ForecastPoint } from '../series.ts';
import { THROUGH_LOAD, type ThroughLoad, throughLoad } from './through-load.ts';

const DAY_MS = 86_400_000;

export interface SeriesForecast {
  points: ForecastPoint[];
  crossing: { earliest: number | null; likely: number | null; latest: number | null };
  current: number;
  lastDayMs: number;
  growthPerDay: number;
  peakForecast: number;
  driver: string | null;
  model: ModelDescription;
  /** Rolling-origin backtest of the chosen model: MASE (NaN without origins) and held-out interval coverage. */
  backtest: { mase: number; coverage: number; origins: number };
  /** The models the forecast averages with their weights, e.g. "seasonal-linear 0.62, seasonal-level 0.38", and why. */
  combination: string;
  choiceReason: string;
}

export interface ForecastOneOptions {
  horizonDays: number;
  levelPercent: number;
  threshold: number;
  holidays: HolidayRange[];
  bounds?: ModelOptions['bounds'];
  /**
   * Multiplicative for traffic-driven series (load), whose seasonal peaks grow with the level and
   * whose crossings a season can drive; additive for stores that fill (disks), driven by their trend.
   */
  seasonality: 'additive' | 'multiplicative';
  /** Default 'backtest': choose per series among Runway's model and the candidates without growth (forecast-series.ts). */
  choice?: 'runway' | 'backtest';
  /**
   * The host's daily peak load, its forecast and the calendar it was fitted with: memory that
   * follows it is forecast through it (through-load.ts), and its crossing is driven by the load's seasons.
   */
  load?: { samples: { timeMs: number; value: number }[]; points: readonly ForecastPoint[]; holidays: readonly HolidayRange[] };
}

/** Fits one daily series, predicts the horizon and finds when it reaches the threshold. */
export function forecastOne(samples: { timeMs: number; value: number }[], opts: ForecastOneOptions): SeriesForecast | null {
  const series = aggregate(samples, DAY_MS, 'max');
  const finite = series.values.filter(Number.isFinite);
  if (finite.length < 14) return null; // too little history to say anything honest
  const f = forecastSeries(series, {
    horizonSteps: opts.horizonDays,
    levelPercent: opts.levelPercent,
    holidays: opts.holidays,
    seasonality: opts.seasonality,
    // Every series the job forecasts has a threshold (a disk's full mark, a host's cores).
    capacity: true,
    ...(opts.bounds ? { bounds: opts.bounds } : {}),
    ...(opts.choice ? { choice: opts.choice } : {}),
  });
  const bounds = { min: opts.bounds?.min ?? -Infinity, max: opts.bounds?.max ?? Infinity };
  const follows = opts.load ? throughLoad(samples, opts.load.samples, opts.load.points, { levelPercent: opts.levelPercent, bounds }) : null;
  const points = follows?.points ?? f.points;
  const lastIndex = lastFiniteIndex(series.values);
  const first = points[0];
  const at30 = points[Math.min(29, points.length - 1)];
  const own = ownNoise(series.values, opts.seasonality);
  const dayScatter: DayScatter = follows && opts.load ? throughLoadScatter(follows, opts.load) : (_, value) => scatterAt(own, value);
  const crossing = findCrossing(points, opts.threshold, { levelPercent: opts.levelPercent, dayScatter, spellDays: own.spellDays });
  return {
    points,
    crossing,
    current: series.values[lastIndex] ?? NaN,
    lastDayMs: series.startMs + lastIndex * series.stepMs,
    growthPerDay: first && at30 && at30 !== first ? (at30.value - first.value) / ((at30.timeMs - first.timeMs) / DAY_MS) : 0,
    peakForecast: Math.max(...points.map((p) => p.value)),
    // Seasons drive traffic, and what follows it; a store's crossing is its trend's.
    driver: crossing.likely === null ? null : follows && opts.load ? driverOf(crossing.likely, opts.load.holidays) : opts.seasonality === 'multiplicative' ? driverOf(crossing.likely, opts.holidays) : 'trend',
    model: follows ? { ...f.model, name: THROUGH_LOAD, throughLoad: { intercept: follows.intercept, slope: follows.slope, r2: follows.r2 } } : f.model,
    backtest: { mase: f.choice.mase, coverage: f.choice.coverage, origins: f.choice.origins },
    combination: follows ? `${THROUGH_LOAD} 1.00` : f.choice.combination.map((c) => `${c.model} ${c.weight.toFixed(2)}`).join(', '),
    choiceReason: follows
      ? `follows the load: ${follows.intercept.toFixed(1)} + ${follows.slope.toFixed(2)} × load (R² ${follows.r2.toFixed(2)} over the last year); its own backtest: ${f.model.backtest?.reason ?? f.choice.reason}`
      : (f.model.backtest?.reason ?? f.choice.reason),
  };
}

/**
 * Memory that follows the load scatters around the relation by its own amount, and with the load's
 * scatter (in proportion to the load forecast on that day) times the relation's slope.
 */
function throughLoadScatter(follows: ThroughLoad, load: NonNullable<ForecastOneOptions['load']>): DayScatter {
  const relative = dayNoise(aggregate(load.samples, DAY_MS, 'max').values, 'relative').sd;
  return (i) => Math.hypot(follows.sd, follows.slope * relative * (load.points[i]?.value ?? 0));
}

/** A crossing inside a holiday's run-up (four weeks before it until its end) is driven by that season. */
export function driverOf(timeMs: number, holidays: readonly HolidayRange[]): string {
  const season = holidays.find((h) => timeMs >= h.startMs - 28 * DAY_MS && timeMs < h.endMs);
  return season ? `${season.name} ${new Date(season.startMs).getUTCFullYear()}` : 'trend';
}

function lastFiniteIndex(values: readonly number[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return i;
  return -1;
}
