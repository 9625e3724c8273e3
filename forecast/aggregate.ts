import { RunwayError } from '../core/errors.ts';
import type { Aggregation, Sample, Series } from './series.ts';

/** Refuse to allocate absurd series (e.g. a 1 s step over ten years) rather than exhaust memory. */
export const MAX_BUCKETS = 1_000_000;

/**
 * Buckets samples into a regular series. Buckets are aligned to multiples of stepMs from the epoch,
 * so a 1-day step gives UTC days. Samples may come in any order; non-finite values and times are
 * ignored; buckets without a usable sample are NaN. No usable sample at all gives an empty series.
 */
export function aggregate(samples: readonly Sample[], stepMs: number, agg: Aggregation): Series {
  if (!(stepMs > 0) || !Number.isFinite(stepMs)) {
    throw new RunwayError('RUNWAY_ERR_FORECAST_SERIES', { reason: `step must be a positive number of ms, got ${stepMs}` });
  }
  const inOrder = oneSampleEach(samples, stepMs);
  if (inOrder) return inOrder;
  const usable = samples.filter((s) => Number.isFinite(s.value) && Number.isFinite(s.timeMs));
  if (usable.length === 0) return { startMs: 0, stepMs, values: [] };

  let first = Infinity;
  let last = -Infinity;
  for (const s of usable) {
    const b = Math.floor(s.timeMs / stepMs);
    if (b < first) first = b;
    if (b > last) last = b;
  }
  const length = last - first + 1;
  if (length > MAX_BUCKETS) {
    throw new RunwayError('RUNWAY_ERR_FORECAST_SERIES', {
      reason: `${length} buckets of ${stepMs} ms between the first and last sample (limit ${MAX_BUCKETS}); use a longer step`,
    });
  }

  const acc = new Float64Array(length).fill(NaN);
  const counts = new Float64Array(length);
  // For 'last': the time of the sample currently held, so input order does not matter (on equal
  // times the later row wins).
  const heldTime = new Float64Array(length).fill(-Infinity);
  for (const s of usable) {
    const i = Math.floor(s.timeMs / stepMs) - first;
    const prev = acc[i] as number;
    if (agg === 'mean') acc[i] = counts[i] === 0 ? s.value : prev + s.value;
    else if (agg === 'max') acc[i] = counts[i] === 0 || s.value > prev ? s.value : prev;
    else if (s.timeMs >= (heldTime[i] as number)) {
      acc[i] = s.value;
      heldTime[i] = s.timeMs;
    }
    counts[i] = (counts[i] as number) + 1;
  }
  // A plain loop: Array.from with a callback takes V8's generic path, a visible cost per forecast.
  const values: number[] = [];
  for (let i = 0; i < length; i++) values.push(agg === 'mean' && counts[i] !== 0 ? acc[i]! / counts[i]! : acc[i]!);
  return { startMs: first * stepMs, stepMs, values };
}

/**
 * The series when every sample is usable and in a later bucket than the one before (a daily file
 * read at a daily step, the usual case): each bucket's value is its one sample's, whatever the
 * aggregation. Null otherwise, for the general pass.
 */
function oneSampleEach(samples: readonly Sample[], stepMs: number): Series | null {
  if (samples.length === 0) return null;
  const first = Math.floor(samples[0]!.timeMs / stepMs);
  const lastBucket = Math.floor(samples[samples.length - 1]!.timeMs / stepMs);
  if (!(lastBucket - first + 1 <= MAX_BUCKETS)) return null;
  const values: number[] = [];
  let previous = first - 1;
  for (const s of samples) {
    const b = Math.floor(s.timeMs / stepMs);
    if (!(b > previous) || !Number.isFinite(s.value)) return null;
    while (previous + 1 < b) {
      values.push(NaN);
      previous++;
    }
    values.push(s.value);
    previous = b;
  }
  return { startMs: first * stepMs, stepMs, values };
}
