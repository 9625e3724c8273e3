import type { Crossing } from '../../forecast/crossing.ts';
import { holidayRanges } from '../../forecast/holidays.ts';
import { type ForecastModel, HOLIDAY_LEAD_DAYS, type HolidayRange } from '../../forecast/model.ts';
import { augursMstl } from './mstl.ts';
import { linearTrend, seasonalNaive } from '../../forecast/models/baselines.ts';
import { DAY_MS, type ForecastPoint, type Series } from '../../forecast/series.ts';
import type { CorpusSeries } from './corpus.ts';
import { augursEts } from './ets.ts';
import { augursProphet } from './prophet.ts';
import { readAnswer, runwayCommand, runwayPrinted, toCsv } from './runway-command.ts';
import { startTimer, type Timing } from './timer.ts';

/** The levels every real case is scored at: the first one is the timed one and gives the crossings. */
export const LEVELS = [80, 95] as const;

/** One method's forecast of one training series: a point list per level of LEVELS, and the time it took. */
export interface Forecasts {
  byLevel: ForecastPoint[][];
  /** Time to the first level's forecast (fit included); further levels are not timed. */
  time: Timing;
}

/** A method of the real-corpus sections. */
export interface RealMethod {
  name: string;
  /**
   * False: the forecast does not depend on the horizon asked for, so the bench forecasts the
   * longest horizon once and scores shorter ones on its first days.
   */
  horizonAware: boolean;
  /** At each of `levels` (LEVELS by default). */
  forecast(c: CorpusSeries, train: Series, horizonDays: number, levels?: readonly number[]): Promise<Forecasts>;
  /** When the 80 % forecast first reaches each threshold, where the method reports that itself. */
  crossings?(c: CorpusSeries, train: Series, horizonDays: number, thresholds: readonly number[]): Promise<Crossing[]>;
}

/** The holidays `runway forecast --country` learns for this training window (as forecast-command.ts pads them). */
export function holidaysFor(country: string | undefined, train: Series, horizonDays: number): HolidayRange[] {
  const padMs = (HOLIDAY_LEAD_DAYS + 7) * DAY_MS;
  const endMs = train.startMs + (train.values.length - 1) * DAY_MS;
  return holidayRanges(country, train.startMs - padMs, endMs + (horizonDays + 1) * DAY_MS + padMs);
}

/** Runway through `runway forecast` (runway-command.ts): one run per level, so 95 % is its own run. */
const runway: RealMethod = {
  name: 'Runway',
  horizonAware: true,
  async forecast(c, train, horizonDays, levels = LEVELS) {
    const byLevel: ForecastPoint[][] = [];
    let time: Timing = { ms: NaN, cpuMs: NaN };
    // The user's file exists before Runway runs: writing it is not Runway's time, reading it is.
    // Printing the answer is Runway's time too; the caller's reading of it is not.
    const csv = toCsv(train);
    for (const level of levels) {
      const stop = startTimer();
      const printed = await runwayPrinted({ series: train, horizonDays, level, ...(c.country ? { country: c.country } : {}) }, csv);
      if (byLevel.length === 0) time = stop();
      byLevel.push(readAnswer(printed).points);
    }
    return { byLevel, time };
  },
  // The crossing as `runway forecast --threshold` reports it: one run per threshold.
  async crossings(c, train, horizonDays, thresholds) {
    const out: Crossing[] = [];
    for (const threshold of thresholds) {
      const answer = await runwayCommand({ series: train, horizonDays, level: 80, threshold, ...(c.country ? { country: c.country } : {}) });
      out.push(answer.crossing!);
    }
    return out;
  },
};

/** A model fitted once and predicted at every level. */
function fitted(name: string, make: (c: CorpusSeries, train: Series, horizonDays: number) => ForecastModel): RealMethod {
  return {
    name,
    horizonAware: false,
    async forecast(c, train, horizonDays, levels = LEVELS) {
      const stop = startTimer();
      const model = make(c, train, horizonDays).fit(train);
      const byLevel = [model.predict(horizonDays, levels[0]!)];
      const time = stop();
      for (const level of levels.slice(1)) byLevel.push(model.predict(horizonDays, level));
      return { byLevel, time };
    },
  };
}

/**
 * augurs Prophet with the holidays Runway gets (prophet.ts), additive as `runway forecast` is.
 * Its interval width is fixed before the fit, so each level is a fit of its own (seeded).
 */
const prophet: RealMethod = {
  name: 'augurs Prophet',
  horizonAware: false,
  async forecast(c, train, horizonDays, levels = LEVELS) {
    const holidays = holidaysFor(c.country, train, horizonDays);
    const byLevel: ForecastPoint[][] = [];
    let time: Timing = { ms: NaN, cpuMs: NaN };
    for (const level of levels) {
      const stop = startTimer();
      byLevel.push(augursProphet(holidays, 'additive', undefined, level).fit(train).predict(horizonDays, level));
      if (byLevel.length === 1) time = stop();
    }
    return { byLevel, time };
  },
};

export const REAL_METHODS: readonly RealMethod[] = [
  runway,
  prophet,
  fitted('augurs MSTL', () => augursMstl()),
  fitted('augurs ETS', () => augursEts()),
  fitted('seasonal naive', () => seasonalNaive()),
  fitted('linear trend 90d', () => linearTrend()),
];

export const NAIVE = 'seasonal naive';
