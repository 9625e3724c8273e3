import { describe, expect, it } from 'vitest';
import { seededNormal } from '../synthetic-series.ts';
import type { ForecastPoint } from '../series.ts';
import { throughLoad } from './through-load.ts';

const DAY_MS = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const days = 400;
const noise = seededNormal(5);
/** Daily peak load with a weekly rhythm and a December rush. */
const loadAt = (i: number): number => 3 + Math.sin((2 * Math.PI * i) / 7) + (i % 365 > 330 ? 3 : 0) + 0.2 * noise();
const loads = Array.from({ length: days }, (_, i) => loadAt(i));
const samples = (f: (i: number) => number) => Array.from({ length: days }, (_, i) => ({ timeMs: START + i * DAY_MS, value: f(i) }));
const forecast: ForecastPoint[] = [4, 6, 8].map((v, h) => ({ timeMs: START + (days + h) * DAY_MS, value: v, lower: v - 1, upper: v + 1 }));
const opts = { levelPercent: 80, bounds: { min: 0, max: 100 } };

describe('memory through the load', () => {
  it('follows the load forecast along the daily peaks\' relation, its band widened by the scatter around it', () => {
    const t = throughLoad(samples((i) => 30 + 8 * loads[i]! + 0.5 * noise()), samples((i) => loads[i]!), forecast, opts)!;
    expect(t).not.toBeNull();
    expect(t.r2).toBeGreaterThan(0.9);
    // 30 + 8 × 8 = 94 at a load of 8, never beyond the bounds.
    expect(t.points[2]!.value).toBeCloseTo(94, 0);
    for (const p of t.points) expect(p.lower).toBeLessThan(p.value - 8);
    expect(Math.max(...t.points.map((p) => p.upper))).toBeLessThanOrEqual(100);
  });

  it('leaves memory to its own forecast when load does not explain it, or when it also drifts on its own', () => {
    // Flat with noise: nothing to follow.
    expect(throughLoad(samples(() => 40 + noise()), samples((i) => loads[i]!), forecast, opts)).toBeNull();
    // Following the load, plus a leak over the last 60 days.
    const leak = (i: number) => Math.max(0, i - (days - 60)) * 0.15;
    expect(throughLoad(samples((i) => 30 + 8 * loads[i]! + leak(i) + 0.5 * noise()), samples((i) => loads[i]!), forecast, opts)).toBeNull();
    // Falling as load rises is not capacity.
    expect(throughLoad(samples((i) => 90 - 8 * loads[i]!), samples((i) => loads[i]!), forecast, opts)).toBeNull();
  });
});
