import { describe, expect, it } from 'vitest';
import { holidayRanges } from '../holidays.ts';
import { seededNormal } from '../synthetic-series.ts';
import { forecastOne } from './forecast-one.ts';

const DAY_MS = 86_400_000;

describe('forecastOne', () => {
  it("dates memory that follows the load as driven by the load's season, though its own forecast has no calendar", () => {
    // A shop's daily peak load doubles in the four weeks before Christmas; its memory is an offset
    // plus a share of the load. Memory's own forecast gets no calendar (forecast-chunk.ts): the
    // season reaches it through the load's forecast, and so must the reason its crossing is given.
    const noise = seededNormal(31);
    const startMs = Date.UTC(2023, 8, 1);
    const endMs = Date.UTC(2026, 8, 1);
    const holidays = holidayRanges('DK', startMs - 60 * DAY_MS, endMs + 200 * DAY_MS);
    const loadAt = (t: number): number => {
      const d = new Date(t);
      const run = d.getUTCMonth() === 11 && d.getUTCDate() <= 24 ? 1 + d.getUTCDate() / 24 : 1;
      return 3 * run * (1 + 0.05 * noise());
    };
    const days = Math.round((endMs - startMs) / DAY_MS);
    const load = Array.from({ length: days }, (_, i) => ({ timeMs: startMs + i * DAY_MS, value: loadAt(startMs + i * DAY_MS) }));
    const memory = load.map((p) => ({ timeMs: p.timeMs, value: 30 + 8 * p.value + 0.5 * noise() }));
    const common = { horizonDays: 150, levelPercent: 80, bounds: { min: 0 } };
    const loadForecast = forecastOne(load, { ...common, threshold: 8, holidays, seasonality: 'multiplicative' })!;
    const f = forecastOne(memory, { ...common, bounds: { min: 0, max: 100 }, threshold: 70, holidays: [], seasonality: 'additive', load: { samples: load, points: loadForecast.points, holidays } })!;
    expect(f.model.name).toBe('through-load');
    expect(f.crossing.likely).not.toBeNull();
    expect(new Date(f.crossing.likely!).getUTCMonth()).toBe(11);
    expect(f.driver).toMatch(/christmas/i);
  });
});
