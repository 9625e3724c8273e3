import { describe, expect, it } from 'vitest';
import { inverseNormalCdf, zForLevel } from './normal-quantile.ts';

describe('inverseNormalCdf', () => {
  it('matches tabulated quantiles in the centre and both tails', () => {
    const table: [number, number][] = [
      [0.5, 0],
      [0.9, 1.2815515655446004],
      [0.975, 1.959963984540054],
      [0.995, 2.5758293035489004],
      [0.01, -2.3263478740408408],
      [1e-6, -4.753424308822899],
    ];
    for (const [p, x] of table) expect(inverseNormalCdf(p)).toBeCloseTo(x, 7);
  });

  it('is antisymmetric and handles the edges', () => {
    expect(inverseNormalCdf(0.3)).toBeCloseTo(-inverseNormalCdf(0.7), 12);
    expect(inverseNormalCdf(0)).toBe(-Infinity);
    expect(inverseNormalCdf(1)).toBe(Infinity);
    expect(inverseNormalCdf(1.5)).toBeNaN();
  });

  it('gives the half-width multiplier of a central interval', () => {
    expect(zForLevel(80)).toBeCloseTo(1.2816, 4);
    expect(zForLevel(95)).toBeCloseTo(1.96, 3);
  });
});
