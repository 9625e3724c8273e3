import { median, quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { medianInPlace, selectedQuantile, selectPositions, selectQuantiles } from './order-statistics.ts';

/** A reproducible stream of values with ties, runs and outliers. */
function values(n: number, seed: number): Float64Array {
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Math.round(next() * 5) : i % 11 === 0 ? 1e6 * next() : next() - 0.5));
}

describe('selectPositions', () => {
  it('puts the requested order statistics where a sort would', () => {
    for (const n of [1, 2, 3, 10, 57, 600, 1095]) {
      const a = values(n, n);
      const sorted = Float64Array.from(a).sort();
      const positions = [0, Math.floor(n * 0.1), Math.floor(n * 0.1) + 1, n >> 1, (n >> 1) + 1, Math.floor(n * 0.9), n - 1].filter((k, i, all) => k < n && (i === 0 || k > all[i - 1]!));
      selectPositions(a, positions);
      for (const k of positions) expect(a[k]).toBe(sorted[k]);
      // Still the same values, rearranged.
      expect(Float64Array.from(a).sort()).toEqual(sorted);
    }
  });

  it('only looks at the first `length` values', () => {
    const a = Float64Array.from([5, 4, 3, 2, 1, -100, -200]);
    selectPositions(a, [0, 4], 5);
    expect(a[0]).toBe(1);
    expect(a[4]).toBe(5);
    expect([...a.subarray(5)]).toEqual([-100, -200]);
  });

  it('copes with all-equal and already sorted values', () => {
    const equal = new Float64Array(100).fill(3);
    selectPositions(equal, [49, 50]);
    expect(equal[49]).toBe(3);
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i);
    selectPositions(sorted, [10, 90]);
    expect([sorted[10], sorted[90]]).toEqual([10, 90]);
  });
});

describe('medianInPlace', () => {
  it('equals simple-statistics median bit for bit, odd and even counts', () => {
    for (const n of [1, 2, 5, 6, 364, 365, 1094, 1095]) {
      const a = values(n, 7 * n + 1);
      expect(medianInPlace(Float64Array.from(a))).toBe(median(Array.from(a)));
    }
  });
});

describe('selectQuantiles', () => {
  it('places both order statistics of each type-7 quantile, as a sort would', () => {
    for (const n of [1, 2, 9, 55, 1000]) {
      const a = values(n, 3 * n);
      const sorted = Float64Array.from(a).sort();
      const ps = [0.1, 0.5, 0.9];
      selectQuantiles(a, ps);
      for (const p of ps) {
        const i = Math.floor(p * (n - 1));
        expect(a[i]).toBe(sorted[i]);
        if (i + 1 < n) expect(a[i + 1]).toBe(sorted[i + 1]);
      }
    }
  });
});

describe('selectedQuantile', () => {
  it('reads the type-7 quantile from the selected order statistics, as interpolating a sorted copy does', () => {
    for (const n of [1, 2, 9, 55, 1000]) {
      const a = values(n, 5 * n);
      const sorted = Float64Array.from(a).sort();
      for (const p of [0.1, 0.25, 0.5, 0.9]) {
        selectQuantiles(a, [p]);
        const x = p * (n - 1);
        const i = Math.floor(x);
        const expected = i + 1 < n ? sorted[i]! + (x - i) * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
        expect(selectedQuantile(a, p)).toBeCloseTo(expected, 12);
        expect(selectedQuantile(a, p)).toBeCloseTo(quantileSorted(Array.from(sorted), p), 9);
      }
    }
  });
});
