import { describe, expect, it } from 'vitest';
import { GROWTH_HORIZON_DAYS, growthCases, judgeCrossings } from './growth.ts';

describe('growthCases', () => {
  // 100 days of history at 0, then +1 a day for 300 days.
  const values = [...Array.from({ length: 100 }, () => 0), ...Array.from({ length: 300 }, (_, i) => i + 1)];
  const cases = growthCases(values, 100);

  it('sets thresholds to the true level 60, 120 and 200 days ahead, crossed on those days', () => {
    expect(cases.slice(0, 3)).toEqual([
      { lead: 60, threshold: 61, trueDay: 60 },
      { lead: 120, threshold: 121, trueDay: 120 },
      { lead: 200, threshold: 201, trueDay: 200 },
    ]);
  });
  it('adds a threshold the next 240 days never reach', () => {
    const never = cases[3]!;
    expect(never.lead).toBe('never');
    expect(never.threshold).toBeGreaterThan(GROWTH_HORIZON_DAYS);
    expect(never.trueDay).toBeNull();
  });
  it('drops thresholds a flat stretch leaves at the current level', () => {
    const flat = Array.from({ length: 400 }, () => 5);
    expect(growthCases(flat, 100).map((c) => c.lead)).toEqual(['never']);
  });
});

describe('judgeCrossings', () => {
  const j = judgeCrossings([
    // Hit, band [8, 14] holds 10.
    { trueDay: 10, forecast: { earliest: 8, likely: 12, latest: 14 } },
    // Hit, one-day band that misses the truth.
    { trueDay: 50, forecast: { earliest: 40, likely: 40, latest: 40 } },
    // Miss; the band's far end lies beyond the horizon, so it still holds the truth.
    { trueDay: 100, forecast: { earliest: 90, likely: null, latest: null } },
    // Miss, even the upper bound never reaches it.
    { trueDay: 200, forecast: { earliest: null, likely: null, latest: null } },
    // Invented.
    { trueDay: null, forecast: { earliest: 100, likely: 150, latest: null } },
    // Rightly quiet.
    { trueDay: null, forecast: { earliest: 200, likely: null, latest: null } },
  ], 240);

  it('counts hits, misses and invented crossings', () => {
    expect({ truths: j.truths, hits: j.hits, misses: j.misses, invented: j.invented }).toEqual({ truths: 4, hits: 2, misses: 2, invented: 1 });
  });
  it('measures date errors on hits, and with a miss as the day after the horizon', () => {
    expect(j.errors).toEqual([2, 10]);
    expect(j.errorsMissAsEnd).toEqual([2, 10, 141, 41]);
  });
  it('counts the band holding the true day, and one-day bands', () => {
    expect(j.bandHolds).toBe(2);
    expect(j.bandCollapsed).toBe(1);
  });
});
