import { describe, expect, it } from 'vitest';
import { dayNoise, ownNoise, scatterAt } from './day-noise.ts';

/** A deterministic standard normal stream (Box–Muller on a linear congruential generator). */
function normals(n: number, seed = 7): number[] {
  let state = seed;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}

const WEEK = [1, 1.1, 1.2, 1.15, 1.3, 0.6, 0.5];

describe('dayNoise', () => {
  it('measures the scatter of single days, with the weekly pattern and a steady trend cancelled', () => {
    const noise = normals(400);
    const values = noise.map((e, i) => 50 + 0.2 * i + 20 * WEEK[i % 7]! + 2 * e);
    expect(dayNoise(values, 'absolute').sd).toBeGreaterThan(1.6);
    expect(dayNoise(values, 'absolute').sd).toBeLessThan(2.4);
  });

  it('finds the spells in which days scatter together', () => {
    const e = normals(400, 21);
    // Independent days: spells of about one day.
    expect(dayNoise(e.map((x) => 10 + x), 'absolute').spellDays).toBeLessThan(1.6);
    // Each day keeps 0.8 of the day before's deviation: spells of about (1 + 0.8) / (1 − 0.8) = 9 days.
    const spells: number[] = [];
    e.forEach((x, i) => spells.push(0.8 * (spells[i - 1] ?? 0) + 0.6 * x));
    const spell = dayNoise(spells.map((x) => 10 + x), 'absolute').spellDays;
    expect(spell).toBeGreaterThan(4);
    expect(spell).toBeLessThanOrEqual(19);
  });

  it('is relative on the log scale, whatever the level', () => {
    const noise = normals(400, 11);
    const low = noise.map((e, i) => 2 * WEEK[i % 7]! * Math.exp(0.05 * e));
    const high = low.map((v) => v * 40);
    expect(dayNoise(low, 'relative').sd).toBeGreaterThan(0.04);
    expect(dayNoise(low, 'relative').sd).toBeLessThan(0.06);
    expect(dayNoise(high, 'relative').sd).toBeCloseTo(dayNoise(low, 'relative').sd, 12);
  });

  it('reads only the last 90 days, skips gaps, and says none on under two weeks of differences', () => {
    const quietThenNoisy = [...Array.from({ length: 300 }, () => 10), ...normals(97, 3).map((e) => 10 + 5 * e)];
    expect(dayNoise(quietThenNoisy, 'absolute').sd).toBeGreaterThan(3);
    expect(dayNoise([...Array(20).fill(NaN), ...normals(20).map((e) => 10 + e)], 'absolute')).toEqual({ sd: 0, relative: false, spellDays: 1 });
    expect(dayNoise(Array(200).fill(10), 'absolute').sd).toBe(0);
  });

  it('scatters a multiplicative series in proportion to its forecast, an additive one evenly', () => {
    const values = normals(200, 5).map((e) => 100 * Math.exp(0.1 * e));
    const relative = dayNoise(values, 'relative').sd;
    expect(scatterAt(ownNoise(values, 'multiplicative'), 200)).toBeCloseTo(200 * relative, 12);
    expect(scatterAt(ownNoise(values, 'additive'), 200)).toBe(scatterAt(ownNoise(values, 'additive'), 1));
  });

  it('gives a store that fills none: its weekly changes are what it keeps', () => {
    const disk = normals(200, 9).map((e, i) => 100 + i + 0.5 * Math.abs(e) * i * 0.01);
    expect(dayNoise(disk, 'absolute').sd).toBeGreaterThan(0);
    expect(ownNoise(disk, 'additive').sd).toBe(0);
  });
});
