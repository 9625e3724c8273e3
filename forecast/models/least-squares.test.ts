import { describe, expect, it } from 'vitest';
import { choleskyFactor, crossProducts, prefixCrossProducts, ridgeSolve } from './least-squares.ts';

describe('ridgeSolve', () => {
  const x1 = Float64Array.from([1, 0, 1, 0, 1, 0]);
  const x2 = Float64Array.from([0, 1, 1, 2, 0, 1]);
  const y = Float64Array.from(x1.map((v, i) => 3 * v - 2 * x2[i]!));

  it('recovers exact coefficients up to the tiny relative ridge', () => {
    const beta = ridgeSolve(crossProducts([x1, x2], y), [0, 1]);
    expect(beta[0]).toBeCloseTo(3, 2);
    expect(beta[1]).toBeCloseTo(-2, 2);
  });

  it('leaves the columns it is told to unpenalised', () => {
    const beta = ridgeSolve(crossProducts([x1, x2], y), [0, 1], () => false);
    expect(beta[0]).toBeCloseTo(3, 10);
    expect(beta[1]).toBeCloseTo(-2, 10);
  });

  it('solves a sub-design from the shared cross-products', () => {
    const beta = ridgeSolve(crossProducts([x1, x2], Float64Array.from(x2.map((v) => 5 * v))), [1]);
    expect(beta).toHaveLength(1);
    expect(beta[0]).toBeCloseTo(5, 2);
  });

  it('splits identical columns evenly instead of failing', () => {
    const beta = ridgeSolve(crossProducts([x1, x1], Float64Array.from(x1.map((v) => 4 * v))), [0, 1]);
    expect(beta[0]).toBeCloseTo(2, 2);
    expect(beta[1]).toBeCloseTo(2, 2);
  });

  it('copes with an all-zero column', () => {
    const beta = ridgeSolve(crossProducts([x1, new Float64Array(6)], Float64Array.from(x1.map((v) => 4 * v))), [0, 1]);
    expect(beta[0]).toBeCloseTo(4, 2);
    expect(beta[1]).toBe(0);
  });
});

describe('prefixCrossProducts', () => {
  it('gives every prefix the same sums as computing it alone, sparse and dense columns alike', () => {
    const n = 40;
    const dense = Float64Array.from({ length: n }, (_, i) => Math.sin(i) + 2);
    const sparse = Float64Array.from({ length: n }, (_, i) => (i % 13 === 5 ? i / 10 : 0));
    const rare = Float64Array.from({ length: n }, (_, i) => (i === 30 ? 1 : 0));
    const y = Float64Array.from({ length: n }, (_, i) => i * 0.3 - 1);
    const columns = [dense, sparse, rare];
    const cuts = [3, 5, 18, 31, 40];
    const prefixes = prefixCrossProducts(columns, y, cuts);
    cuts.forEach((cut, k) => {
      const alone = crossProducts(columns.map((c) => c.subarray(0, cut)), y.subarray(0, cut));
      alone.xtx.forEach((v, i) => expect(prefixes[k]!.xtx[i]).toBeCloseTo(v, 9));
      alone.xty.forEach((v, i) => expect(prefixes[k]!.xty[i]).toBeCloseTo(v, 9));
    });
    expect(prefixes[3]!.xtx[2 * 3 + 2]).toBe(1);
    expect(prefixes[2]!.xtx[2 * 3 + 2]).toBe(0);
  });
});

describe('prefixCrossProducts on many dense columns', () => {
  it('matches sums taken one product at a time, odd and even column counts, any remainder of rows', () => {
    for (const p of [4, 5]) {
      const n = 43;
      const columns = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, (_, r) => Math.sin(r * (j + 1) * 0.7) + j));
      const y = Float64Array.from({ length: n }, (_, r) => Math.cos(r * 0.3) * 5);
      const cuts = [6, 21, 43];
      const prefixes = prefixCrossProducts(columns, y, cuts);
      cuts.forEach((cut, c) => {
        for (let i = 0; i < p; i++) {
          let xty = 0;
          for (let r = 0; r < cut; r++) xty += columns[i]![r]! * y[r]!;
          expect(prefixes[c]!.xty[i]).toBeCloseTo(xty, 10);
          for (let j = 0; j < p; j++) {
            let xtx = 0;
            for (let r = 0; r < cut; r++) xtx += columns[i]![r]! * columns[j]![r]!;
            expect(prefixes[c]!.xtx[i * p + j]).toBeCloseTo(xtx, 10);
          }
        }
      });
    }
  });
});

describe('choleskyFactor', () => {
  /** A symmetric positive definite k × k matrix from a reproducible design. */
  function spd(k: number): Float64Array {
    const rows = 3 * k;
    const x = Float64Array.from({ length: rows * k }, (_, i) => Math.sin(i * 1.7) + (i % 5 === 0 ? 1 : 0));
    const a = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let r = 0; r < rows; r++) a[i * k + j] = a[i * k + j]! + x[r * k + i]! * x[r * k + j]!;
    // A ridge on the diagonal, as ridgeSolve adds, keeps it positive definite whatever the design's rank.
    for (let i = 0; i < k; i++) a[i * k + i] = a[i * k + i]! + 1;
    return a;
  }

  /** The textbook one-row-at-a-time factorization the paired rows must equal to the last bit. */
  function rowByRow(a: Float64Array, k: number): Float64Array {
    const l = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = a[i * k + j]!;
        for (let m = 0; m < j; m++) sum -= l[i * k + m]! * l[j * k + m]!;
        l[i * k + j] = i === j ? Math.sqrt(sum) : sum / l[j * k + j]!;
      }
    }
    return l;
  }

  it('equals the row-by-row factorization exactly, odd and even sizes', () => {
    for (const k of [1, 2, 3, 8, 45]) {
      const a = spd(k);
      expect(choleskyFactor(a, k)).toEqual(rowByRow(a, k));
    }
  });

  it('reports a matrix that is not positive definite', () => {
    expect(choleskyFactor(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
    expect(choleskyFactor(Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, -1]), 3)).toBeNull();
  });
});
