import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../series.ts';
import { dailySeries, seededNormal } from '../synthetic-series.ts';
import { seasonalLevel, seasonalLinear } from './seasonal-linear.ts';

const YEAR_DAYS = 365.2425;
const yearly = (i: number): number => 30 * Math.cos((2 * Math.PI * i) / YEAR_DAYS);

describe('seasonalLevel', () => {
  it('forecasts the seasons at the last eight weeks\' level and never extrapolates a recent slope', () => {
    const noise = seededNormal(11);
    // Three years of a yearly cycle around a flat level; the last 30 days run 15 above it and climb
    // (a cold spell), which a recent line would carry on.
    const n = 3 * 365;
    const series = dailySeries('2023-01-01', n, (_, i) => 500 + yearly(i) + (i >= n - 30 ? 15 + 0.5 * (i - (n - 30)) : 0) + noise());
    const points = seasonalLevel().fit(series).predict(180, 80);
    // About the adjusted mean of the last 56 days (30 of them in the spell: about 12 above 500), whatever
    // part of the spell the seasons soak up; a recent line would add the climb's 0.5 a day, 90 by the end.
    const adjusted = points.map((p, h) => p.value - yearly(n + h));
    for (const a of adjusted) expect(a).toBeGreaterThan(505);
    for (const a of adjusted) expect(a).toBeLessThan(526);
    // No growth: the forecast minus the true seasons moves only by what the fitted seasons miss of
    // them (a few units), not by the 90 a carried-on climb would add.
    expect(Math.abs(adjusted[179]! - adjusted[0]!)).toBeLessThan(10);
  });

  it('describes itself as the seasonal-level model with the level form', () => {
    const series = dailySeries('2025-01-01', 400, (_, i) => 10 + (i % 7));
    const d = seasonalLevel().fit(series).describe() as { name: string; trend: { form: string; slopePerDay: number } };
    expect(d.name).toBe('seasonal-level');
    expect(d.trend.form).toBe('level');
    expect(d.trend.slopePerDay).toBe(0);
  });

  it('shares its fit with seasonal-linear made from the same options: the same seasons, another trend', () => {
    const noise = seededNormal(12);
    const series = dailySeries('2024-01-01', 2 * 365, (_, i) => 100 + 0.2 * i + yearly(i) + noise());
    const options = { holidays: [] };
    const lengths = [500, 600, 2 * 365];
    const linear = seasonalLinear(options).fitPrefixes!(series, lengths);
    const level = seasonalLevel(options).fitPrefixes!(series, lengths);
    lengths.forEach((_, k) => {
      const a = linear[k]!.describe() as Record<string, unknown>;
      const b = level[k]!.describe() as Record<string, unknown>;
      for (const key of ['n', 'residualSd', 'seasonality', 'holidays', 'fittedTo']) expect(b[key]).toEqual(a[key]);
      expect(b.name).toBe('seasonal-level');
      expect(level[k]!.predict(1, 80)[0]!.timeMs).toBe(series.startMs + lengths[k]! * DAY_MS);
    });
  });
});
