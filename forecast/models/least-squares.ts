import { Matrix, solve } from 'ml-matrix';

/**
 * Relative ridge: small enough not to shrink effects visibly (0.1 % of each column's own sum of
 * squares), large enough that collinear columns (a holiday window that always falls where a
 * yearly term peaks) get an even, stable split instead of a singular system.
 */
const RELATIVE_RIDGE = 1e-3;

/** X'X (row-major, p × p) and X'y of a design with p columns. */
export interface CrossProducts {
  p: number;
  xtx: Float64Array;
  xty: Float64Array;
}

/** Below this share of non-zero rows a column's products are summed over its non-zero rows only. */
export const SPARSE_SHARE = 0.25;

/**
 * X'X and X'y over the first `cuts[k]` rows for each cut (ascending): each prefix's sums are the
 * previous one's plus its new rows, so the many prefix fits of a backtest cost one pass over the
 * data. Dense columns are packed row by row so the inner loop runs over contiguous memory; sparse
 * columns (holiday windows, spline hats) only visit their non-zero rows.
 */
export function prefixCrossProducts(columns: readonly Float64Array[], y: Float64Array, cuts: readonly number[], nonzeroRows = columns.map(nonzeroRowsOf)): CrossProducts[] {
  const p = columns.length;
  const n = y.length;
  const sparse = nonzeroRows.map((rows) => rows.length < SPARSE_SHARE * n);
  const dense = columns.flatMap((_, j) => (sparse[j] ? [] : [j]));
  const d = dense.length;
  const packed = new Float64Array(n * d);
  dense.forEach((j, k) => {
    const c = columns[j]!;
    for (let r = 0; r < n; r++) packed[r * d + k] = c[r]!;
  });
  const denseXtx = new Float64Array(d * d);
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const cursor = new Int32Array(p);
  const out: CrossProducts[] = [];
  let a = 0;
  for (const cut of cuts) {
    const b = Math.min(cut, n);
    addDenseRows(packed, d, dense, y, a, b, denseXtx, xty);
    addSparseRows(columns, nonzeroRows, sparse, y, b, cursor, xtx, xty);
    for (let i = 0; i < d; i++) {
      for (let k = i; k < d; k++) {
        const v = denseXtx[i * d + k]!;
        xtx[dense[i]! * p + dense[k]!] = v;
        xtx[dense[k]! * p + dense[i]!] = v;
      }
    }
    a = b;
    out.push({ p, xtx: xtx.slice(), xty: xty.slice() });
  }
  return out;
}

/**
 * Rows a..b−1 of the packed dense columns added to their cross-products (the upper triangle of
 * denseXtx) and to X'y. A function of its own, like addSparseRows, so the engine optimises each
 * loop nest whole rather than the loop it happens to be in when a long call warms it up.
 */
function addDenseRows(packed: Float64Array, d: number, dense: readonly number[], y: Float64Array, a: number, b: number, denseXtx: Float64Array, xty: Float64Array): void {
  // Four rows at a time: each running sum is loaded and stored once per four rows. Two columns
  // i at a time: each packed value loaded serves both their sums (each sum adds the same terms
  // in the same order as alone).
  let r = a;
  for (; r + 3 < b; r += 4) {
    const r0 = r * d;
    const r1 = r0 + d;
    const r2 = r1 + d;
    const r3 = r2 + d;
    let i = 0;
    for (; i + 1 < d; i += 2) {
      const v0 = packed[r0 + i]!;
      const v1 = packed[r1 + i]!;
      const v2 = packed[r2 + i]!;
      const v3 = packed[r3 + i]!;
      const w0 = packed[r0 + i + 1]!;
      const w1 = packed[r1 + i + 1]!;
      const w2 = packed[r2 + i + 1]!;
      const w3 = packed[r3 + i + 1]!;
      const row = i * d;
      const next = row + d;
      denseXtx[row + i] = denseXtx[row + i]! + v0 * packed[r0 + i]! + v1 * packed[r1 + i]! + v2 * packed[r2 + i]! + v3 * packed[r3 + i]!;
      for (let k = i + 1; k < d; k++) {
        const p0 = packed[r0 + k]!;
        const p1 = packed[r1 + k]!;
        const p2 = packed[r2 + k]!;
        const p3 = packed[r3 + k]!;
        denseXtx[row + k] = denseXtx[row + k]! + v0 * p0 + v1 * p1 + v2 * p2 + v3 * p3;
        denseXtx[next + k] = denseXtx[next + k]! + w0 * p0 + w1 * p1 + w2 * p2 + w3 * p3;
      }
      xty[dense[i]!] = xty[dense[i]!]! + v0 * y[r]! + v1 * y[r + 1]! + v2 * y[r + 2]! + v3 * y[r + 3]!;
      xty[dense[i + 1]!] = xty[dense[i + 1]!]! + w0 * y[r]! + w1 * y[r + 1]! + w2 * y[r + 2]! + w3 * y[r + 3]!;
    }
    for (; i < d; i++) {
      const v0 = packed[r0 + i]!;
      const v1 = packed[r1 + i]!;
      const v2 = packed[r2 + i]!;
      const v3 = packed[r3 + i]!;
      const row = i * d;
      for (let k = i; k < d; k++) {
        denseXtx[row + k] = denseXtx[row + k]! + v0 * packed[r0 + k]! + v1 * packed[r1 + k]! + v2 * packed[r2 + k]! + v3 * packed[r3 + k]!;
      }
      xty[dense[i]!] = xty[dense[i]!]! + v0 * y[r]! + v1 * y[r + 1]! + v2 * y[r + 2]! + v3 * y[r + 3]!;
    }
  }
  for (; r < b; r++) {
    const base = r * d;
    for (let i = 0; i < d; i++) {
      const v = packed[base + i]!;
      const row = i * d;
      for (let k = i; k < d; k++) denseXtx[row + k] = denseXtx[row + k]! + v * packed[base + k]!;
      xty[dense[i]!] = xty[dense[i]!]! + v * y[r]!;
    }
  }
}

/** The products of the sparse columns' non-zero rows before b that the cursors have not passed yet. */
function addSparseRows(columns: readonly Float64Array[], nonzeroRows: readonly Int32Array[], sparse: readonly boolean[], y: Float64Array, b: number, cursor: Int32Array, xtx: Float64Array, xty: Float64Array): void {
  const p = columns.length;
  // Every pair with a sparse column is summed over that column's new non-zero rows; a pair of two
  // sparse columns by the one that comes first.
  for (let i = 0; i < p; i++) {
    if (!sparse[i]) continue;
    const rows = nonzeroRows[i]!;
    const x = columns[i]!;
    for (; cursor[i]! < rows.length && rows[cursor[i]!]! < b; cursor[i]!++) {
      const r = rows[cursor[i]!]!;
      const v = x[r]!;
      xty[i] = xty[i]! + v * y[r]!;
      for (let j = 0; j < p; j++) {
        if (sparse[j] && j < i) continue;
        const product = v * columns[j]![r]!;
        xtx[i * p + j] = xtx[i * p + j]! + product;
        if (j !== i) xtx[j * p + i] = xtx[j * p + i]! + product;
      }
    }
  }
}

let rowBuffer = new Int32Array(0);

/** Rows where a column is non-zero, ascending. */
export function nonzeroRowsOf(column: Float64Array): Int32Array {
  // One pass into a buffer as long as the column (kept for the next column), then the used part.
  if (rowBuffer.length < column.length) rowBuffer = new Int32Array(column.length);
  const rows = rowBuffer;
  let count = 0;
  for (let r = 0; r < column.length; r++) if (column[r] !== 0) rows[count++] = r;
  return rows.slice(0, count);
}

/** The cross-products without the given rows' contributions (rows an earlier pass included). */
export function withoutRows(cp: CrossProducts, columns: readonly Float64Array[], y: Float64Array, rows: readonly number[]): CrossProducts {
  const { p } = cp;
  const xtx = cp.xtx.slice();
  const xty = cp.xty.slice();
  // The row's values gathered once, rather than read across every column for every product.
  const row = new Float64Array(p);
  for (const r of rows) {
    for (let j = 0; j < p; j++) row[j] = columns[j]![r]!;
    for (let i = 0; i < p; i++) {
      const v = row[i]!;
      if (v === 0) continue;
      xty[i] = xty[i]! - v * y[r]!;
      for (let j = 0; j < p; j++) xtx[i * p + j] = xtx[i * p + j]! - v * row[j]!;
    }
  }
  return { p, xtx, xty };
}

/** X'X and X'y over all rows. */
export const crossProducts = (columns: readonly Float64Array[], y: Float64Array): CrossProducts => prefixCrossProducts(columns, y, [y.length])[0]!;

/**
 * Solves min ‖y − Xβ‖² + Σ λ_j β_j² for X = the columns `keep` of the cross-products' design, with
 * the relative ridge on the columns `penalised` says (all by default). Normal equations: the design
 * is small (tens of columns) and unit-scaled, so squaring its condition number is harmless and much
 * faster than a QR of the tall matrix.
 */
export function ridgeSolve(cp: CrossProducts, keep: readonly number[], penalised: (j: number) => boolean = () => true): Float64Array {
  const k = keep.length;
  const { p, xtx, xty } = cp;
  // The lower triangle is all the factorization reads, so only it is written: a buffer left from
  // the last solve serves (see scratch), its upper triangle filled in only for the rare fallback.
  const a = scratch(0, k * k);
  const b = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const from = keep[i]! * p;
    const row = i * k;
    for (let j = 0; j <= i; j++) a[row + j] = xtx[from + keep[j]!]!;
    if (penalised(keep[i]!)) a[row + i] = a[row + i]! * (1 + RELATIVE_RIDGE);
    b[i] = xty[keep[i]!]!;
  }
  const x = choleskySolve(a, b, k);
  if (x) return x;
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) a[i * k + j] = a[j * k + i]!;
  return minimumNormSolve(a, b, k);
}

/**
 * Solves A x = b for a symmetric positive definite k × k A (row-major) in place of a general
 * solver: the systems here are small and solved many times per forecast. Null when A is not
 * positive definite.
 */
function choleskySolve(a: Float64Array, b: Float64Array, k: number): Float64Array | null {
  const l = choleskyFactor(a, k, scratch(1, k * k));
  if (!l) return null;
  const x = Float64Array.from(b);
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    let xi = x[i]!;
    for (let m = 0; m < i; m++) xi -= l[ri + m]! * x[m]!;
    x[i] = xi / l[ri + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let xi = x[i]!;
    for (let m = i + 1; m < k; m++) xi -= l[m * k + i]! * x[m]!;
    x[i] = xi / l[i * k + i]!;
  }
  return x;
}

/**
 * The lower-triangular L with L Lᵀ = A (row-major), or null when A is not positive definite.
 * Only the lower triangle of `l` is written and read: a reused buffer's upper triangle stays as it was.
 * Rows are factored two at a time, and their entries left of the diagonal two columns at a time:
 * the four sums read the same earlier entries, so each value loaded serves two of them, and they
 * run independently. Every sum still subtracts its terms in the same order as one row at a time
 * would, so L is the same to the last bit, in about half the time (var/exp/cholab.ts: 46 columns
 * in 10 µs, from 20 with one column at a time and two rows).
 */
export function choleskyFactor(a: Float64Array, k: number, l: Float64Array = new Float64Array(k * k)): Float64Array | null {
  let i = 0;
  for (; i + 1 < k; i += 2) if (!factorRowPair(a, l, k, i)) return null;
  if (i < k && !factorRow(a, l, k, i)) return null;
  return l;
}

/** Row i of L from the rows above it; false when its diagonal is not positive. */
function factorRow(a: Float64Array, l: Float64Array, k: number, i: number): boolean {
  const ri = i * k;
  for (let j = 0; j <= i; j++) {
    const rj = j * k;
    let sum = a[ri + j]!;
    for (let m = 0; m < j; m++) sum -= l[ri + m]! * l[rj + m]!;
    if (i === j) {
      if (!(sum > 0)) return false;
      l[ri + i] = Math.sqrt(sum);
    } else l[ri + j] = sum / l[rj + j]!;
  }
  return true;
}

/** Rows i and i + 1 of L together, each exactly as factorRow would compute it. */
function factorRowPair(a: Float64Array, l: Float64Array, k: number, i: number): boolean {
  const ri = i * k;
  const rn = ri + k;
  // Columns two at a time too (i is even, so they pair up): four sums share each pass over the
  // earlier entries, one load per term instead of one and a half.
  for (let j = 0; j < i; j += 2) {
    const rj = j * k;
    const rk = rj + k;
    let s00 = a[ri + j]!;
    let s10 = a[rn + j]!;
    let s01 = a[ri + j + 1]!;
    let s11 = a[rn + j + 1]!;
    for (let m = 0; m < j; m++) {
      const x0 = l[ri + m]!;
      const x1 = l[rn + m]!;
      const v = l[rj + m]!;
      const w = l[rk + m]!;
      s00 -= x0 * v;
      s10 -= x1 * v;
      s01 -= x0 * w;
      s11 -= x1 * w;
    }
    const d = l[rj + j]!;
    const l0 = s00 / d;
    const l1 = s10 / d;
    l[ri + j] = l0;
    l[rn + j] = l1;
    // Column j + 1's last term is column j's entry just found.
    const w = l[rk + j]!;
    const e = l[rk + j + 1]!;
    l[ri + j + 1] = (s01 - l0 * w) / e;
    l[rn + j + 1] = (s11 - l1 * w) / e;
  }
  // Row i's diagonal, and row i + 1's entry under it, both from row i.
  let s0 = a[ri + i]!;
  let s1 = a[rn + i]!;
  for (let m = 0; m < i; m++) {
    const v = l[ri + m]!;
    s0 -= v * v;
    s1 -= l[rn + m]! * v;
  }
  if (!(s0 > 0)) return false;
  const d = Math.sqrt(s0);
  l[ri + i] = d;
  l[rn + i] = s1 / d;
  let s2 = a[rn + i + 1]!;
  for (let m = 0; m <= i; m++) s2 -= l[rn + m]! * l[rn + m]!;
  if (!(s2 > 0)) return false;
  l[rn + i + 1] = Math.sqrt(s2);
  return true;
}

/**
 * Reusable k × k buffers for the solves' matrices: a forecast makes dozens of solves of ~45
 * columns, and a fresh 16 kB typed array for each is a visible share of its time (allocation and
 * garbage collection). Callers overwrite what they read; solves are synchronous, so never overlap.
 */
const buffers: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
function scratch(which: 0 | 1, size: number): Float64Array {
  if (buffers[which]!.length < size) buffers[which] = new Float64Array(size);
  return buffers[which]!;
}

/** Only an all-zero column makes A singular; the SVD then still gives the minimum-norm answer. */
function minimumNormSolve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const matrix = new Matrix(Array.from({ length: k }, (_, i) => Array.from(a.subarray(i * k, (i + 1) * k))));
  return Float64Array.from(solve(matrix, Matrix.columnVector(Array.from(b)), true).getColumn(0));
}
