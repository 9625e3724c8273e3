import { describe, expect, it } from 'vitest';
import { findCrossing } from './crossing.ts';

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
