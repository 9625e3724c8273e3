import { initSync as initProphet, Prophet, type ProphetHoliday } from '@bsull/augurs/prophet';
import { optimizer } from '@bsull/augurs-prophet-wasmstan';
import type { FittedModel, ForecastModel, HolidayRange } from '../../forecast/model.ts';
import { augursWasm } from './mstl.ts';
import { leadWindows } from '../../forecast/models/design.ts';
import { DAY_MS, type Series } from '../../forecast/series.ts';

let ready = false;

/**
 * Prophet's occurrences carry one coefficient each and no windows, so every window Runway learns
 * (lead-up weeks, the day itself, after-days) becomes its own Prophet holiday: the same holidays.
 */
export function prophetHolidays(holidays: readonly HolidayRange[]): Map<string, ProphetHoliday> {
  const out = new Map<string, ProphetHoliday>();
  const add = (name: string, startMs: number, endMs: number): void => {
    const h = out.get(name) ?? { occurrences: [] };
    h.occurrences.push({ start: startMs / 1000, end: endMs / 1000 });
    out.set(name, h);
  };
  for (const h of holidays) {
    add(`${h.name}:during`, h.startMs, h.endMs);
    for (const w of leadWindows(h.name)) add(`${h.name}:${w.label}`, h.startMs + w.fromDay * DAY_MS, h.startMs + (w.toDay + 1) * DAY_MS);
  }
  return out;
}

/**
 * augurs Prophet (MAP, wasmstan optimizer) with Prophet's defaults, country holidays as above.
 * Prophet fixes its interval width before the fit, so a `levelPercent` interval (80 by default)
 * is the only one the fitted model gives; predict's level is ignored.
 */
export function augursProphet(holidays: readonly HolidayRange[], mode: 'additive' | 'multiplicative', bounds?: { min?: number; max?: number }, levelPercent = 80): ForecastModel {
  return {
    name: 'augurs-prophet',
    fit(series: Series): FittedModel {
      if (!ready) {
        initProphet({ module: augursWasm('prophet') });
        ready = true;
      }
      const ds: number[] = [];
      const y: number[] = [];
      series.values.forEach((v, i) => {
        if (Number.isFinite(v)) {
          ds.push((series.startMs + i * series.stepMs) / 1000);
          y.push(v);
        }
      });
      const p = new Prophet({ optimizer, intervalWidth: levelPercent / 100, holidays: prophetHolidays(holidays), seasonalityMode: mode, holidaysMode: mode });
      p.fit({ ds, y }, { seed: 42 } as never);
      const endMs = series.startMs + (series.values.length - 1) * series.stepMs;
      const clamp = (v: number): number => Math.min(bounds?.max ?? Infinity, Math.max(bounds?.min ?? -Infinity, v));
      return {
        name: 'augurs-prophet',
        predict(horizonSteps: number) {
          const future = Array.from({ length: horizonSteps }, (_, i) => (endMs + (i + 1) * series.stepMs) / 1000);
          const pred = p.predict({ ds: future });
          p.free();
          return pred.yhat.point.map((v, i) => ({
            timeMs: future[i]! * 1000,
            value: clamp(v),
            lower: clamp(pred.yhat.intervals?.lower[i] ?? v),
            upper: clamp(pred.yhat.intervals?.upper[i] ?? v),
          }));
        },
        describe: () => ({ name: 'augurs-prophet' }),
      };
    },
  };
}
