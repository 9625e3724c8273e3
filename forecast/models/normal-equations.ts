/**
 * Normal equations X'X β = X'y accumulated over blocks of rows, so that the system of every
 * prefix of the series (one per backtest origin) costs no more than the system of the whole:
 * backtests then refit by solving a small p×p system instead of rebuilding the design.
 */

/** X'X (p×p, row-major) and X'y over the rows before a cut. */
export interface NormalSystem {
  p: number;
  /** Number of rows summed. */
  rows: number;
  xtx: Float64Array;
  xty: Float64Array;
}

/**
 * Systems for the prefixes [0, cut) of the rows, one per cut (ascending, ≤ rows). Columns and y
 * have one entry per row; NaN rows must be left out beforehand.
 */
export function prefixSystems(columns: readonly Float64Array[], y: Float64Array, cuts: readonly number[]): NormalSystem[] {
  const p = columns.length;
  const out: NormalSystem[] = [];
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  // Hinges are zero before their knot and holiday windows almost everywhere: products skip the zeros.
  const shape = columns.map(sparsity);
  let from = 0;
  for (const cut of cuts) {
    for (let a = 0; a < p; a++) {
      const sa = shape[a]!;
      for (let b = a; b < p; b++) {
        const sb = shape[b]!;
        const sparse = sa.nonZero ?? sb.nonZero;
        const s = sparse
          ? sparseDot(columns[a]!, columns[b]!, sparse, from, cut)
          : denseDot(columns[a]!, columns[b]!, Math.max(from, sa.start, sb.start), Math.min(cut, sa.end, sb.end));
        xtx[a * p + b] = xtx[a * p + b]! + s;
      }
      xty[a] = xty[a]! + denseDot(columns[a]!, y, Math.max(from, sa.start), Math.min(cut, sa.end));
    }
    from = cut;
    const sym = Float64Array.from(xtx);
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) sym[a * p + b] = sym[b * p + a]!;
    out.push({ p, rows: cut, xtx: sym, xty: Float64Array.from(xty) });
  }
  return out;
}

function denseDot(a: Float64Array, b: Float64Array, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let i = from;
  for (; i + 1 < to; i += 2) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
  }
  return i < to ? s0 + s1 + a[i]! * b[i]! : s0 + s1;
}

function sparseDot(a: Float64Array, b: Float64Array, rows: Int32Array, from: number, to: number): number {
  let s = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    if (i >= from && i < to) s += a[i]! * b[i]!;
  }
  return s;
}

/** Where a column is non-zero: a row range, and the rows themselves when there are few. */
function sparsity(c: Float64Array): { start: number; end: number; nonZero: Int32Array | null } {
  const nonZero: number[] = [];
  for (let i = 0; i < c.length; i++) if (c[i] !== 0) nonZero.push(i);
  const start = nonZero[0] ?? 0;
  const end = nonZero.length > 0 ? nonZero[nonZero.length - 1]! + 1 : 0;
  return { start, end, nonZero: nonZero.length < c.length / 8 ? Int32Array.from(nonZero) : null };
}

/** The system without some rows (outliers): subtracts their outer products. */
export function withoutRows(system: NormalSystem, columns: readonly Float64Array[], y: Float64Array, rows: readonly number[]): NormalSystem {
  const { p } = system;
  const xtx = Float64Array.from(system.xtx);
  const xty = Float64Array.from(system.xty);
  for (const i of rows) {
    for (let a = 0; a < p; a++) {
      const va = columns[a]![i]!;
      if (va === 0) continue;
      xty[a] = xty[a]! - va * y[i]!;
      for (let b = 0; b < p; b++) xtx[a * p + b] = xtx[a * p + b]! - va * columns[b]![i]!;
    }
  }
  return { p, rows: system.rows - rows.length, xtx, xty };
}

/**
 * Solves the ridge system restricted to the columns `keep`: (X'X + diag(ρ_j · X'X_jj)) β = X'y.
 * `relativePenalty[j]` is ρ_j, a share of the column's own sum of squares, so it does not depend
 * on the column's units. Columns not kept get β = 0.
 */
export function solveKept(system: NormalSystem, keep: readonly number[], relativePenalty: ArrayLike<number>): Float64Array {
  const { p } = system;
  const k = keep.length;
  const a = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const ci = keep[i]!;
    b[i] = system.xty[ci]!;
    for (let j = 0; j < k; j++) a[i * k + j] = system.xtx[ci * p + keep[j]!]!;
    a[i * k + i] = a[i * k + i]! * (1 + relativePenalty[ci]!) + 1e-12;
  }
  const x = choleskySolve(a, b, k);
  const beta = new Float64Array(p);
  keep.forEach((c, i) => (beta[c] = x[i]!));
  return beta;
}

/**
 * Cholesky solve of a small symmetric system; a non-positive pivot (an all-zero or collinear
 * column) is treated as a zero coefficient rather than an error, which the ridge makes rare.
 */
function choleskySolve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  const zero = new Uint8Array(k);
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j]!;
    for (let m = 0; m < j; m++) d -= l[j * k + m]! * l[j * k + m]!;
    if (!(d > 1e-12 * Math.max(1e-300, Math.abs(a[j * k + j]!)))) {
      zero[j] = 1;
      continue;
    }
    const ljj = Math.sqrt(d);
    l[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = a[i * k + j]!;
      for (let m = 0; m < j; m++) s -= l[i * k + m]! * l[j * k + m]!;
      l[i * k + j] = s / ljj;
    }
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    if (zero[i]) continue;
    let s = b[i]!;
    for (let m = 0; m < i; m++) s -= l[i * k + m]! * z[m]!;
    z[i] = s / l[i * k + i]!;
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    if (zero[i]) continue;
    let s = z[i]!;
    for (let m = i + 1; m < k; m++) s -= l[m * k + i]! * x[m]!;
    x[i] = s / l[i * k + i]!;
  }
  return x;
}

