import { describe, expect, it } from 'vitest';
import { persistence, trendOffset } from './trend-persistence.ts';

const DAY_MS = 86_400_000;

/** A regime of `days` daily points whose slope stands `z` standard errors from a flat long run. */
function regime(days: number, z: number, slopePerDay: number, seasonsSeen = true) {
  const times = Array.from({ length: days }, (_, i) => i * DAY_MS);
  const mean = ((days - 1) * DAY_MS) / 2;
  const stt = times.reduce((s, t) => s + (t - mean) ** 2, 0);
  // Residuals of alternating sign (no wander), sized so that the slope's standard error is slope / z.
  const se = slopePerDay / DAY_MS / z;
  const r = se * Math.sqrt(((days - 2) * stt) / days);
  const residuals = times.map((_, i) => (i % 2 ? r : -r));
  return persistence(slopePerDay / DAY_MS, 0, times, residuals, seasonsSeen);
}

/** The share of a regime's extra growth over `days` that the forecast keeps. */
const kept = (p: ReturnType<typeof regime>, slopePerDay: number, days: number): number => trendOffset(slopePerDay / DAY_MS, p, days * DAY_MS) / ((slopePerDay / DAY_MS) * days * DAY_MS);

describe('how long a recent growth rate is trusted', () => {
  it('measures the evidence as standard errors from the long-run rate', () => {
    expect(regime(60, 11, 0.4).evidence).toBeCloseTo(11, 6);
  });

  it('keeps most of a clear two-month climb (a leak, a new workload) over the next quarter', () => {
    // Memory leaking 0.4 points a day for 60 days, 11 standard errors above a flat history: the
    // leak will not stop by itself, and its crossing is dated from the rate it shows.
    expect(kept(regime(60, 11, 0.4), 0.4, 90)).toBeGreaterThan(0.8);
  });

  it('keeps little of a two-week burst that barely stands out of the noise', () => {
    expect(kept(regime(14, 4, 0.13), 0.13, 90)).toBeLessThan(0.1);
  });

  it('holds a rate with overwhelming evidence for any horizon', () => {
    expect(regime(60, 60, 0.4).persistMs).toBe(Infinity);
  });

  it('lets even a clear slope fade over a quarter of its regime when the history holds no year', () => {
    // It may be a season's slope: the evidence says it is real, not that it is growth.
    const p = regime(60, 60, 0.4, false);
    expect(p.evidence).toBeCloseTo(60, 6);
    expect(p.persistMs).toBeCloseTo(59 * DAY_MS * 0.25, 0);
  });
});
