import { median } from 'simple-statistics';
import { medianInPlace } from '../order-statistics.ts';

/** A residual this many robust standard deviations from zero can be a spike… */
export const SPIKE_SD = 5;
/** …when the residuals of this many observations on each side do not share it (a step or a run would). */
export const SPIKE_NEIGHBOURS = 3;
/** A neighbourhood whose median residual stays within this many robust sd shares nothing with the spike. */
export const CALM_SD = 2;

/**
 * The observation (row index) whose residual is the largest one-off spike, or null: far out while
 * the residuals on both sides stay near zero, such as a backup job's load peak or a day of broken
 * measurements. The first and last SPIKE_NEIGHBOURS rows are never picked: without both sides a
 * spike cannot be told from a step. One at a time, because a fit with a spike in it spreads the
 * spike over the holiday window it falls in and makes that window's other years look like spikes
 * of the opposite sign; refitted without the spike, they are ordinary again.
 */
export function largestSpike(residuals: ArrayLike<number>): number | null {
  const n = residuals.length;
  const sd = robustSd(residuals);
  if (!(sd > 0)) return null;
  let best: number | null = null;
  for (let r = SPIKE_NEIGHBOURS; r < n - SPIKE_NEIGHBOURS; r++) {
    const size = Math.abs(residuals[r]!);
    if (size <= SPIKE_SD * sd || (best !== null && size <= Math.abs(residuals[best]!))) continue;
    const left = median(Array.from({ length: SPIKE_NEIGHBOURS }, (_, k) => residuals[r - 1 - k]!));
    const right = median(Array.from({ length: SPIKE_NEIGHBOURS }, (_, k) => residuals[r + 1 + k]!));
    if (Math.abs(left) <= CALM_SD * sd && Math.abs(right) <= CALM_SD * sd) best = r;
  }
  return best;
}

/**
 * 1.4826 × the median absolute deviation: the standard deviation of normal noise, unmoved by
 * spikes. Both medians by selection in one typed buffer (the same values simple-statistics'
 * medianAbsoluteDeviation gives), since the spike search asks once per refit of a whole history.
 */
export function robustSd(values: ArrayLike<number>): number {
  const buffer = Float64Array.from(values);
  const centre = medianInPlace(buffer);
  for (let i = 0; i < buffer.length; i++) buffer[i] = Math.abs(values[i]! - centre);
  return 1.4826 * medianInPlace(buffer);
}
