import { describe, expect, it } from 'vitest';
import { holidayRanges } from '../holidays.ts';
import { DAY_MS } from '../series.ts';
import { dailySeries, seededNormal } from '../synthetic-series.ts';
import { runwayModel } from './runway.ts';

const END = '2026-11-20';
const start = (days: number): string => new Date(Date.parse(`${END}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);

describe('runway model', () => {
  it("recovers a Mother's Day effect from three past years and forecasts it on the right Sunday", () => {
    const noise = seededNormal(1);
    const days = 3 * 365;
    const s0 = start(days);
    const hol = holidayRanges('SE', Date.parse('2023-01-01'), Date.parse('2028-01-01'));
    const md = new Set(hol.filter((h) => h.name === 'mothers-day').map((h) => h.startMs));
    const series = dailySeries(s0, days, (t) => 20 + (md.has(t) ? 15 : 0) + 0.3 * noise());
    const fitted = runwayModel({ holidays: hol }).fit(series);
    const effect = (fitted.describe().holidays as { name: string; window: string; effect: number }[]).find((h) => h.name === 'mothers-day' && h.window === 'during');
    expect(effect!.effect).toBeCloseTo(15, 0);
    const points = fitted.predict(200, 80);
    const peak = points.reduce((a, b) => (b.value > a.value ? b : a));
    expect(new Date(peak.timeMs).toISOString().slice(0, 10)).toBe('2027-05-30'); // last Sunday of May in Sweden
  });

  it('finds the changepoint where growth doubled and forecasts at the new rate', () => {
    const noise = seededNormal(2);
    const series = dailySeries(start(400), 400, (_, i) => 30 + 0.05 * i + (i >= 370 ? 0.05 * (i - 370) : 0) + 0.05 * noise());
    const d = runwayModel().fit(series).describe() as { trend: { slopePerDay: number; trendBreak: string | null } };
    expect(d.trend.trendBreak).not.toBeNull();
    const breakDay = (Date.parse(d.trend.trendBreak!) - series.startMs) / DAY_MS;
    expect(Math.abs(breakDay - 370)).toBeLessThanOrEqual(4);
    expect(d.trend.slopePerDay).toBeCloseTo(0.1, 2);
  });

  it('does not read a daily-max sawtooth with weekly clean-ups as decline', () => {
    // Upper envelope of a disk growing 0.02 %/day with a weekly log clean-up of 3 points.
    const series = dailySeries(start(300), 300, (_, i) => 50 + 0.02 * i + 3 * ((i % 7) / 6));
    const points = runwayModel({ bounds: { min: 0, max: 100 } }).fit(series).predict(90, 80);
    const slope = (points[84]!.value - points[0]!.value) / 84; // whole weeks apart: same phase of the sawtooth
    expect(slope).toBeGreaterThan(0.015);
    expect(slope).toBeLessThan(0.03);
  });

  it('drops a one-off spike instead of bending the forecast', () => {
    const noise = seededNormal(3);
    const series = dailySeries(start(200), 200, (_, i) => 10 + 0.1 * i + 0.2 * noise() + (i === 190 ? 200 : 0));
    const fitted = runwayModel().fit(series);
    expect(fitted.describe().outliersDropped).toBeGreaterThanOrEqual(1);
    expect(fitted.predict(10, 80)[9]!.value).toBeCloseTo(10 + 0.1 * 209, 0);
  });

  it('keeps a bounded percentage within 0..100, also in its interval', () => {
    const series = dailySeries(start(120), 120, (_, i) => 80 + 0.3 * i);
    for (const p of runwayModel({ bounds: { min: 0, max: 100 } }).fit(series).predict(90, 95)) {
      expect(p.upper).toBeLessThanOrEqual(100);
      expect(p.lower).toBeGreaterThanOrEqual(0);
    }
  });

  it('fits prefixes exactly as separate fits would', () => {
    const noise = seededNormal(4);
    const series = dailySeries(start(500), 500, (_, i) => 5 + 0.01 * i + Math.sin(i) + noise());
    const model = runwayModel();
    const [a] = model.fitPrefixes(series, [400]);
    const b = model.fit({ ...series, values: series.values.slice(0, 400) });
    const bv = b.predict(30, 80);
    a!.predict(30, 80).forEach((p, i) => expect(p.value).toBeCloseTo(bv[i]!.value, 6));
  });
});
