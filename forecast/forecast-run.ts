import { aggregate } from './aggregate.ts';
import { findCrossing } from './crossing.ts';
import { ownNoise } from './day-noise.ts';
import { parseCsvSeries } from './csv-input.ts';
import { parseEventsCsv } from './events.ts';
import type { ForecastArgs } from './forecast-options.ts';
import { type ForecastRun, renderJson, renderTable } from './forecast-output.ts';
import { forecastSeries } from './forecast-series.ts';
import { holidayRanges } from './holidays.ts';
import { HOLIDAY_LEAD_DAYS } from './model.ts';
import { DAY_MS } from './series.ts';
import { fillsLikeStore } from './series-shape.ts';

/** The forecast `runway forecast` prints, from the CSV texts of its series and events. */
export function forecastCsv(args: ForecastArgs, text: string, eventsText: string): ForecastRun {
  const series = aggregate(parseCsvSeries(text, args.input), args.step.ms, args.agg);
  const endMs = series.startMs + (series.values.length - 1) * series.stepMs;
  // Holiday effects begin weeks before the day itself, so look that far beyond both ends.
  const padMs = (HOLIDAY_LEAD_DAYS + 7) * DAY_MS;
  // A store that fills (bytes on a disk) has no holiday peak in its level, whatever the country:
  // a Christmas effect fitted to its noise could only invent a crossing. Custom events still count.
  const holidays = fillsLikeStore(series.values) ? [] : holidayRanges(args.country, series.startMs - padMs, endMs + (args.horizonSteps + 1) * series.stepMs + padMs);
  if (args.events !== undefined) holidays.push(...parseEventsCsv(eventsText, args.events));
  const capacity = args.threshold !== undefined;
  const { points, model } = forecastSeries(series, { horizonSteps: args.horizonSteps, levelPercent: args.level, holidays, seasonality: 'additive', capacity });
  const run: ForecastRun = { args, points, model };
  if (args.threshold !== undefined) {
    // The day scatter is measured between days a week apart; other steps keep the bands' crossings.
    const own = series.stepMs === DAY_MS ? ownNoise(series.values, 'additive') : null;
    run.crossing = findCrossing(points, args.threshold, own ? { levelPercent: args.level, dayScatter: () => own.sd, spellDays: own.spellDays } : undefined);
  }
  return run;
}

export const renderRun = (run: ForecastRun): string => (run.args.format === 'json' ? renderJson(run) : renderTable(run));
