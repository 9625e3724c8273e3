import { describe, expect, it } from 'vitest';
import { geometricMean, median, naiveScale, percentile, sameCases, type ScoredCase, summarise } from './metrics.ts';

const scored = (key: string, mae: number, over: Partial<ScoredCase> = {}): ScoredCase => ({
  key, series: key.split('@')[0]!, horizon: 90, trainDays: 1095, mae, mase: mae, inside: [0, 0], outcomes: 10, ms: 1, cpuMs: 1, ...over,
});

describe('geometricMean', () => {
  it('is the n-th root of the product', () => {
    expect(geometricMean([1, 4])).toBeCloseTo(2, 12);
    expect(geometricMean([0.5, 2, 1])).toBeCloseTo(1, 12);
  });
  it('is NaN for no values', () => expect(geometricMean([])).toBeNaN());
});

describe('median and percentile', () => {
  it('take the middle and the nearest rank', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([5], 0.9)).toBe(5);
  });
});

describe('naiveScale', () => {
  it('is the mean absolute change over one season, skipping gaps', () => {
    // Lag 2: |3-1|, |4-2|, |5-4|; the pair (3, NaN) is skipped.
    expect(naiveScale([1, 2, 3, 4, NaN, 5], 2)).toBeCloseTo(5 / 3, 12);
  });
  it('is NaN when no pair is complete', () => expect(naiveScale([1, 2, 3], 7)).toBeNaN());
});

describe('summarise', () => {
  const naive = [scored('a@1', 2), scored('b@1', 4), scored('c@1', 1), scored('d@1', 0)];
  const method = [
    scored('a@1', 1, { inside: [8, 9] }),
    scored('b@1', 16, { inside: [2, 10] }),
    scored('c@1', 2.5, { inside: [10, 10] }),
    // Seasonal naive was perfect here: no ratio, so neither in the mean nor a blow-up.
    scored('d@1', 3, { inside: [0, 1] }),
  ];
  const s = summarise(method, naive);

  it('takes the geometric mean of the ratios to seasonal naive where naive has an error', () => {
    expect(s.geoRatio).toBeCloseTo(Math.cbrt(0.5 * 4 * 2.5), 12);
  });
  it('counts a blow-up where the ratio exceeds 2, and names the worst case', () => {
    expect(s.blowUps).toBe(2);
    expect(s.worst).toEqual({ ratio: 4, key: 'b@1' });
  });
  it('pools coverage over outcomes, per level', () => {
    expect(s.coverage[0]).toBeCloseTo(20 / 40, 12);
    expect(s.coverage[1]).toBeCloseTo(30 / 40, 12);
  });
  it('averages MASE over every case', () => expect(s.meanMase).toBeCloseTo((1 + 16 + 2.5 + 3) / 4, 12));
});

describe('sameCases', () => {
  it('keeps only the cases every method has', () => {
    const kept = sameCases(new Map([['x', [scored('a@1', 1), scored('b@1', 1)]], ['y', [scored('b@1', 2)]]]));
    expect([...kept.values()].map((rs) => rs.map((r) => r.key))).toEqual([['b@1'], ['b@1']]);
  });
});
