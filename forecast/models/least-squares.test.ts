import { describe, expect, it } from 'vitest';
import { combine, gram, ridgeSolve } from './least-squares.ts';

describe('ridgeSolve', () => {
  const x1 = Float64Array.from([1, 0, 1, 0, 1, 0]);
  const x2 = Float64Array.from([0, 1, 1, 2, 0, 1]);
  const y = Float64Array.from(x1.map((v, i) => 3 * v - 2 * x2[i]!));

  it('recovers exact coefficients up to the tiny relative ridge', () => {
    const beta = ridgeSolve(gram([x1, x2]), y);
    expect(beta[0]).toBeCloseTo(3, 2);
    expect(beta[1]).toBeCloseTo(-2, 2);
    const fitted = combine([x1, x2], beta, 6);
    fitted.forEach((v, i) => expect(v).toBeCloseTo(y[i]!, 1));
  });

  it('solves a sub-design from the shared cross-products', () => {
    const beta = ridgeSolve(gram([x1, x2]), Float64Array.from(x2.map((v) => 5 * v)), [1]);
    expect(beta).toHaveLength(1);
    expect(beta[0]).toBeCloseTo(5, 2);
  });

  it('splits identical columns evenly instead of failing', () => {
    const beta = ridgeSolve(gram([x1, x1]), Float64Array.from(x1.map((v) => 4 * v)));
    expect(beta[0]).toBeCloseTo(2, 2);
    expect(beta[1]).toBeCloseTo(2, 2);
  });

  it('copes with an all-zero column', () => {
    const beta = ridgeSolve(gram([x1, new Float64Array(6)]), Float64Array.from(x1.map((v) => 4 * v)));
    expect(beta[0]).toBeCloseTo(4, 2);
    expect(beta[1]).toBe(0);
  });
});
