/**
 * Inverse of the standard normal CDF, after Peter Acklam's rational approximation
 * (relative error below 1.15e-9 over the whole range), without the optional refinement step.
 */
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

const poly = (coeffs: readonly number[], x: number): number => coeffs.reduce((acc, c) => acc * x + c, 0);

/** The x with P(Z ≤ x) = p for a standard normal Z; ±Infinity at 0 and 1, NaN outside [0, 1]. */
export function inverseNormalCdf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(D, q) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(C, q) / (poly(D, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}

/** Half-width multiplier of a central interval holding levelPercent of a normal distribution (80 → 1.2816). */
export const zForLevel = (levelPercent: number): number => inverseNormalCdf(0.5 + levelPercent / 200);
