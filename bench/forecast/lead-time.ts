import { DAY_MS, type Series } from '../../forecast/series.ts';
import { type BenchSeries, HORIZON_DAYS } from './cases.ts';
import { crossingOf, type Method } from './score.ts';

/** How far ahead a method kept warning of one true disk crossing. */
export interface LeadTime {
  series: string;
  /** The first simulated day at or over the threshold. */
  crossingMs: number;
  /**
   * Days between the first of an unbroken run of daily forecasts that put the likely crossing
   * within the horizon and the crossing itself; 0 when the forecast of the day before did not.
   */
  leadDays: number;
  /** |likely − true| crossing day of each warning forecast in that run, in days. */
  errorsDays: number[];
  /** The simulated growth changed (a step, a faster rate) within the 90 days before the crossing. */
  changedBefore: boolean;
}

/**
 * Ops are warned when a daily forecast run puts a crossing within reach, and stay warned if every
 * later run agrees. The monthly origins of the crossing table cannot show that lead time: this
 * forecasts every day of the 90 before each true crossing that starts inside the fleet window.
 */
export function leadTimes(method: Method, cases: readonly BenchSeries[]): LeadTime[] {
  const out: LeadTime[] = [];
  for (const c of cases) {
    if (c.kind !== 'disk' || c.threshold === undefined || c.trainDays === null) continue;
    const values = c.series.values;
    const first = c.origins[0]!;
    const crossing = values.findIndex((v, i) => i > first && v >= c.threshold! && values[i - 1]! < c.threshold!);
    if (crossing < 0) continue;
    let lead = 0;
    const errorsDays: number[] = [];
    for (let origin = crossing - 1; origin >= crossing - HORIZON_DAYS; origin--) {
      const train: Series = { startMs: c.series.startMs + (origin - c.trainDays) * DAY_MS, stepMs: DAY_MS, values: values.slice(origin - c.trainDays, origin) };
      let forecast;
      try {
        forecast = method.forecast(c, train);
      } catch {
        // A failed run (Prophet's optimizer) leaves the alert as the previous run set it.
        continue;
      }
      // Fleet forecasts reach further; a warning is a likely crossing within the 90 days.
      const likely = crossingOf(forecast, c.threshold).likely;
      if (likely === null || likely >= train.startMs + (train.values.length + HORIZON_DAYS) * DAY_MS) break;
      lead = crossing - origin;
      errorsDays.push(Math.abs(Math.round((likely - c.series.startMs) / DAY_MS) - crossing));
    }
    const crossingMs = c.series.startMs + crossing * DAY_MS;
    const changedBefore = (c.changesMs ?? []).some((t) => t <= crossingMs && t > crossingMs - HORIZON_DAYS * DAY_MS);
    out.push({ series: c.name, crossingMs, leadDays: lead, errorsDays, changedBefore });
  }
  return out;
}
