/**
 * What the history of a series says about its kind, for callers that are not told (the
 * `runway forecast` command reads a bare CSV).
 */

/**
 * A store that fills (a disk, a repository, a cumulative count): among the day-to-day changes that
 * are not zero, at least 80 % are rises, and the rises outweigh the falls three to one. Its level
 * has no holiday peak: a holiday changes how fast it fills, not what it holds.
 */
export function fillsLikeStore(values: readonly number[]): boolean {
  let rises = 0;
  let falls = 0;
  let up = 0;
  let down = 0;
  let previous = NaN;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const d = v - previous;
    // Plain assignments: a destructuring pair per value allocated in this hot loop.
    if (d > 0) {
      rises++;
      up += d;
    } else if (d < 0) {
      falls++;
      down -= d;
    }
    previous = v;
  }
  return rises + falls >= 10 && rises >= 0.8 * (rises + falls) && up >= 3 * down;
}

/** Whether the level grew over the history: the last month's median above the first month's by 5 % of the range. */
export function grewOverHistory(values: readonly number[]): boolean {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 60) return false;
  const med = (xs: number[]): number => {
    const s = Float64Array.from(xs).sort();
    return s[s.length >> 1]!;
  };
  const span = Math.min(30, Math.floor(finite.length / 4));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of finite) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return med(finite.slice(-span)) > med(finite.slice(0, span)) + 0.05 * (hi - lo);
}

/** True when no value is negative: a count, a size or a rate, which the forecast must not take below zero. */
export const nonNegative = (values: readonly number[]): boolean => values.every((v) => !Number.isFinite(v) || v >= 0);
