import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';

/**
 * Relative ridge: small enough not to shrink effects visibly (0.1 % of each column's own sum of
 * squares), large enough that collinear columns (a holiday window that always falls where a
 * yearly term peaks) get an even, stable split instead of a singular system.
 */
const RELATIVE_RIDGE = 1e-3;

function dot(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
  }
  return i < n ? s0 + s1 + a[i]! * b[i]! : s0 + s1;
}

/** Cross-products of the columns of a design (all of one length), computed once and shared by sub-designs. */
export interface Gram {
  columns: readonly Float64Array[];
  /** products[i][j] = columns[i] · columns[j]. */
  products: number[][];
}

export function gram(columns: readonly Float64Array[]): Gram {
  const p = columns.length;
  const products = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const v = dot(columns[i]!, columns[j]!);
      products[i]![j] = v;
      products[j]![i] = v;
    }
  }
  return { columns, products };
}

/**
 * Solves min ‖y − Xβ‖² + Σ λ_j β_j² for X = the columns `keep` (default all) of the Gram's design.
 * Normal equations: the design is small (tens of columns) and unit-scaled, so squaring its
 * condition number is harmless and much faster than a QR of the tall matrix.
 */
export function ridgeSolve(g: Gram, y: Float64Array, keep: readonly number[] = g.columns.map((_, j) => j)): Float64Array {
  const p = keep.length;
  if (p === 0) return new Float64Array(0);
  const a = new Matrix(p, p);
  keep.forEach((ki, i) => keep.forEach((kj, j) => a.set(i, j, g.products[ki]![kj]! * (i === j ? 1 + RELATIVE_RIDGE : 1))));
  const b = Matrix.columnVector(keep.map((k) => dot(g.columns[k]!, y)));
  const cholesky = new CholeskyDecomposition(a);
  // Only an all-zero column makes A singular; the SVD then still gives the minimum-norm answer.
  const beta = cholesky.isPositiveDefinite() ? cholesky.solve(b) : solve(a, b, true);
  return Float64Array.from(beta.getColumn(0));
}

/** Σ_j β_j · column_j over the first `length` rows: the fitted values of a linear model. */
export function combine(columns: readonly Float64Array[], beta: ArrayLike<number>, length: number): Float64Array {
  const out = new Float64Array(length);
  columns.forEach((c, j) => {
    const b = beta[j]!;
    for (let i = 0; i < length; i++) out[i] = out[i]! + b * c[i]!;
  });
  return out;
}
