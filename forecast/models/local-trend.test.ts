import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../series.ts';
import { seededNormal } from '../synthetic-series.ts';
import { fitLine, fitRecentTrend } from './local-trend.ts';

describe('fitLine', () => {
  it('fits level at the origin, slope and residuals', () => {
    const times = [0, 10, 20, 30];
    const line = fitLine(times, [1, 3, 5, 8], 30);
    expect(line.slope).toBeCloseTo(0.23, 12);
    expect(line.level).toBeCloseTo(7.7, 12);
    expect(Array.from(line.residuals).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });
});
const END = Date.UTC(2026, 10, 21);
const recentDays = (n: number) => Array.from({ length: n }, (_, i) => END - (n - 1 - i) * DAY_MS);
const perDay = (slopePerMs: number) => slopePerMs * DAY_MS;

describe('fitRecentTrend', () => {
  it('follows a growth rate that doubled 30 days ago, at the new rate', () => {
    const noise = seededNormal(3);
    const t = recentDays(180);
    const y = t.map((_, i) => (i < 150 ? 0.2 * i : 30 + 0.4 * (i - 150)) + 0.2 * noise());
    const fit = fitRecentTrend(t, y, END);
    expect(fit.breakMs).not.toBeNull();
    expect(Math.abs(fit.breakMs! - t[150]!)).toBeLessThanOrEqual(3 * DAY_MS);
    expect(perDay(fit.slope)).toBeCloseTo(0.4, 1);
  });

  it('re-bases the level after a step without inventing a steeper slope', () => {
    const noise = seededNormal(4);
    const t = recentDays(180);
    const y = t.map((_, i) => 40 + 0.1 * i + (i >= 140 ? 15 : 0) + 0.3 * noise());
    const fit = fitRecentTrend(t, y, END);
    expect(Math.abs(fit.breakMs! - t[140]!)).toBeLessThanOrEqual(DAY_MS);
    expect(perDay(fit.slope)).toBeCloseTo(0.1, 1);
    expect(fit.level).toBeCloseTo(40 + 0.1 * 179 + 15, 0);
  });

  it('re-bases the level five days after a step, keeping the rate it had', () => {
    const noise = seededNormal(6);
    const t = recentDays(180);
    const y = t.map((_, i) => 60 + 0.06 * i + (i >= 175 ? 15 : 0) + 0.05 * noise());
    const fit = fitRecentTrend(t, y, END);
    expect(fit.breakMs).toBe(t[175]);
    expect(perDay(fit.slope)).toBeCloseTo(0.06, 2);
    expect(fit.level).toBeCloseTo(60 + 0.06 * 179 + 15, 0);
  });

  it('keeps one line through steady growth with a weekly sawtooth', () => {
    const t = recentDays(180);
    const y = t.map((_, i) => 50 + 0.05 * i + (i % 7) * 0.5);
    const fit = fitRecentTrend(t, y, END);
    expect(fit.breakMs).toBeNull();
    expect(perDay(fit.slope)).toBeGreaterThan(0.04);
    expect(fit.n).toBe(180);
  });

  it('follows the plateau after a bulk import, not one line through the ramp and the plateau', () => {
    // Slow growth, a 20-day import of 3,600 files, then 16 quiet days: the shape of a repository's tree.
    const noise = seededNormal(8);
    const t = recentDays(180);
    const y = t.map((_, i) => 15_000 + 10 * Math.min(i, 144) + 180 * Math.max(0, Math.min(i, 164) - 144) + 12 * Math.max(0, i - 164) + 5 * noise());
    const fit = fitRecentTrend(t, y, END);
    expect(Math.abs(fit.breakMs! - t[164]!)).toBeLessThanOrEqual(2 * DAY_MS);
    expect(perDay(fit.slope)).toBeCloseTo(12, -1);
    expect(Math.abs(fit.level - y[179]!)).toBeLessThan(50);
  });

  it('counts its two weeks and three days in days on an hourly step, so a few hours do not make a step', () => {
    const hour = 3_600_000;
    const noise = seededNormal(9);
    const t = Array.from({ length: 30 * 24 }, (_, i) => END - (30 * 24 - 1 - i) * hour);
    // The last ten hours 20 higher: a burst, not yet a new level. A step needs three days after it, so
    // at most the last three days' mean moves the level (a step after three hours took it to 70).
    const y = t.map((_, i) => 50 + (i >= t.length - 10 ? 20 : 0) + noise());
    expect(fitRecentTrend(t, y, END).level).toBeLessThan(55);
    // Four days higher is a step.
    const stepped = t.map((_, i) => 50 + (i >= t.length - 96 ? 20 : 0) + noise());
    expect(fitRecentTrend(t, stepped, END).breakMs).toBe(t[t.length - 96]);
  });
});
