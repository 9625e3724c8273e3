import { describe, expect, it } from 'vitest';
import { findCrossing } from './crossing.ts';
import type { ForecastPoint } from './series.ts';

const points = [10, 20, 30, 40, 50].map((value, i) => ({ timeMs: 1000 * i, value, lower: value - 15, upper: value + 15 }));

describe('findCrossing', () => {
  it('reports the first steps where upper, point and lower reach the threshold', () => {
    expect(findCrossing(points, 30)).toEqual({ earliest: 1000, likely: 2000, latest: 4000 });
  });

  it('counts reaching the threshold exactly as crossing', () => {
    expect(findCrossing(points, 25)).toEqual({ earliest: 0, likely: 2000, latest: 3000 });
  });

  it('gives null where a bound never reaches it, and the first step when already above', () => {
    expect(findCrossing(points, 60)).toEqual({ earliest: 4000, likely: null, latest: null });
    expect(findCrossing(points, -10)).toEqual({ earliest: 0, likely: 0, latest: 0 });
    expect(findCrossing([], 1)).toEqual({ earliest: null, likely: null, latest: null });
  });
});

const DAY = 86_400_000;
/** A daily forecast: value(i), with an 80 % band of ± halfWidth(i). */
const daily = (days: number, value: (i: number) => number, halfWidth: (i: number) => number): ForecastPoint[] =>
  Array.from({ length: days }, (_, i) => ({ timeMs: i * DAY, value: value(i), lower: value(i) - halfWidth(i), upper: value(i) + halfWidth(i) }));
const dayOf = (ms: number | null): number | null => (ms === null ? null : ms / DAY);

describe('findCrossing with the scatter of single days', () => {
  const ramp = daily(200, (i) => 50 + 0.5 * i, (i) => 1 + 0.05 * i);
  const noise = (sd: number, spellDays = 1) => ({ levelPercent: 80, dayScatter: () => sd, spellDays });

  it('comes to the bands\' crossings as the day scatter vanishes', () => {
    const exact = findCrossing(ramp, 90);
    const tiny = findCrossing(ramp, 90, noise(1e-6));
    expect(dayOf(tiny.likely)).toBe(dayOf(exact.likely));
    expect(Math.abs(dayOf(tiny.earliest)! - dayOf(exact.earliest)!)).toBeLessThanOrEqual(1);
    expect(Math.abs(dayOf(tiny.latest)! - dayOf(exact.latest)!)).toBeLessThanOrEqual(1);
  });

  it('dates a noisy approach before the point path gets there, and keeps earliest ≤ likely ≤ latest', () => {
    const exact = findCrossing(ramp, 90);
    const noisy = findCrossing(ramp, 90, noise(3));
    expect(dayOf(exact.likely)).toBe(80);
    // Peaks 3 (one scatter) above a path rising 0.5 a day reach 90 from about six days before it.
    expect(dayOf(noisy.likely)).toBeGreaterThanOrEqual(70);
    expect(dayOf(noisy.likely)).toBeLessThanOrEqual(76);
    expect(noisy.earliest!).toBeLessThanOrEqual(noisy.likely!);
    expect(noisy.likely!).toBeLessThanOrEqual(noisy.latest!);
  });

  it('on a flat path just below the threshold, crosses once enough days have had their chance', () => {
    // Each day reaches 90 with a chance of about 2.3 % (two scatters above a path at 86).
    const flat = daily(120, () => 86, () => 2.6);
    expect(findCrossing(flat, 90).likely).toBeNull();
    const likely = dayOf(findCrossing(flat, 90, noise(2)).likely);
    // Half the paths have crossed after about 30 days (1 − 0.977³⁰ ≈ 0.5).
    expect(likely).toBeGreaterThanOrEqual(22);
    expect(likely).toBeLessThanOrEqual(38);
  });

  it('counts a spell of days that scatter together as fewer chances', () => {
    const flat = daily(120, () => 86, () => 2.6);
    const independent = dayOf(findCrossing(flat, 90, noise(2)).likely)!;
    const inSpells = dayOf(findCrossing(flat, 90, noise(2, 3)).likely)!;
    // Three days to a chance: about three times as long to the even odds.
    expect(inSpells).toBeGreaterThan(2.5 * independent);
    expect(inSpells).toBeLessThan(3.5 * independent);
  });

  it('never crosses where no path nor day comes near, and crosses at once from above', () => {
    expect(findCrossing(daily(365, () => 40, () => 5), 90, noise(3))).toEqual({ earliest: null, likely: null, latest: null });
    expect(findCrossing(daily(10, () => 95, () => 2), 90, noise(1))).toEqual({ earliest: 0, likely: 0, latest: 0 });
  });

  it('scales with the forecast where the scatter is relative', () => {
    const relative = { levelPercent: 80, dayScatter: (_: number, value: number) => 0.05 * value, spellDays: 1 };
    const fixed = noise(0.05 * 50);
    // At the threshold the relative scatter (4.5) is wider than a fixed one sized at the start (2.5).
    expect(findCrossing(ramp, 90, relative).likely!).toBeLessThan(findCrossing(ramp, 90, fixed).likely!);
  });
});
