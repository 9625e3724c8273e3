/**
 * Order statistics without sorting: the quantiles a forecast reads (medians, interval ends) need
 * two or three order statistics of a few hundred values, which selection finds in linear time
 * where a sort of every pool was a visible share of a forecast.
 */

/**
 * Rearranges a so that a[k] holds, for each k of `positions` (ascending), the value a sorted copy
 * would hold there: every element left of it is ≤ it and every element right of it ≥ it. Only the
 * first `length` elements take part. The values are the same order statistics a sort gives (a −0
 * and a +0 may trade places, being equal).
 */
export function selectPositions(a: Float64Array, positions: readonly number[], length = a.length): void {
  let lo = 0;
  for (const k of positions) {
    if (k < lo || k >= length) continue;
    select(a, k, lo, length - 1);
    // Everything from k on is ≥ a[k]: the next position is found among those.
    lo = k + 1;
  }
}

/**
 * Selects, for each quantile p of `ps` (ascending), the two order statistics a type-7 quantile
 * interpolates between: floor(p · (length − 1)) and the one after it.
 */
export function selectQuantiles(a: Float64Array, ps: readonly number[], length = a.length): void {
  let lo = 0;
  for (const p of ps) {
    const k = Math.floor(p * (length - 1));
    if (k >= lo && k < length) select(a, k, lo, length - 1);
    // The next order statistic is the least of those right of k: a scan, not another selection.
    if (k + 1 >= lo && k + 1 < length) {
      let least = k + 1;
      for (let i = k + 2; i < length; i++) if (a[i]! < a[least]!) least = i;
      swap(a, k + 1, least);
    }
    lo = Math.max(lo, k + 2);
  }
}

/** Hoare quickselect of position k within a[lo..hi], median-of-three pivots. */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot, so sorted or constant runs stay linear.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // a[lo..j] ≤ pivot ≤ a[i..hi], and anything between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * The type-7 quantile p of the first `length` values of a, once selectQuantiles has placed its two
 * order statistics: linear interpolation between them.
 */
export function selectedQuantile(a: Float64Array, p: number, length = a.length): number {
  const x = p * (length - 1);
  const i = Math.floor(x);
  const f = x - i;
  return i + 1 < length ? a[i]! * (1 - f) + a[i + 1]! * f : a[i]!;
}

/**
 * The median as simple-statistics computes it (type-7 interpolation between the two middle order
 * statistics), of the first `length` values of a, which it reorders.
 */
export function medianInPlace(a: Float64Array, length = a.length): number {
  if (length === 0) throw new Error('median of no values');
  const idx = (length - 1) * 0.5;
  const lower = Math.floor(idx);
  if (idx === lower) {
    selectPositions(a, [lower], length);
    return a[lower]!;
  }
  selectPositions(a, [lower, lower + 1], length);
  return a[lower]! + (idx - lower) * (a[lower + 1]! - a[lower]!);
}
