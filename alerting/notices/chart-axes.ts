import { DateTime } from 'luxon';

const DAY_MS = 86_400_000;

/** Round tick values (1, 2, 2.5, 5 × 10^k) covering [min, max] with about `target` intervals. */
export function niceTicks(min: number, max: number, target = 5): { min: number; max: number; ticks: number[] } {
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Integer steps from lo avoid the drift of repeated float addition (0.1 + 0.2 …).
  for (let i = 0; lo + i * step <= hi + step / 1e6; i++) ticks.push(Number((lo + i * step).toPrecision(12)));
  return { min: lo, max: hi, ticks };
}

/**
 * Day ticks for a time axis in UTC, evenly spaced so every one can carry a label: every few days
 * for short spans, Mondays for a couple of months, the 1st of each month up to two years, the 1st
 * of each quarter beyond. (The 1st and the 15th mixed two spacings, and their labels collided.)
 */
export function dateTicks(fromMs: number, toMs: number): number[] {
  const spanDays = (toMs - fromMs) / DAY_MS;
  const start = DateTime.fromMillis(fromMs, { zone: 'utc' }).startOf('day');
  const out: number[] = [];
  const keep = (d: DateTime) => {
    const ms = d.toMillis();
    if (ms >= fromMs && ms <= toMs) out.push(ms);
  };
  if (spanDays <= 21) {
    for (let d = start; d.toMillis() <= toMs; d = d.plus({ days: spanDays <= 10 ? 1 : 3 })) keep(d);
  } else if (spanDays <= 70) {
    for (let d = start.plus({ days: (8 - start.weekday) % 7 }); d.toMillis() <= toMs; d = d.plus({ weeks: 1 })) keep(d);
  } else {
    const months = spanDays <= 730 ? 1 : 3;
    const first = months === 1 ? start.startOf('month') : start.startOf('quarter');
    for (let d = first; d.toMillis() <= toMs; d = d.plus({ months })) keep(d);
  }
  return out;
}
