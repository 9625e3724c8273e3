import { DAY_MS } from '../series.ts';
import { type CrossProducts, ridgeSolve } from './least-squares.ts';
import { type PrefixDesign, subtractColumns } from './prefix-design.ts';

/**
 * Held-out blocks of about four and a half months. Their starts move through the calendar from one
 * year to the next (eight blocks in three years start 137 days apart), so every season is held
 * out, in different company each year. Each block is a fit of its own: on the dev half of
 * bench/forecast, 91-, 110-, 122- and 137-day blocks took the same decision on all 256 cases
 * (var/exp/yearlydiff.ts) and gave the same fleet crossings, and 137 makes 8 fits of a 3-year
 * history instead of 12.
 */
const BLOCK_DAYS = 137;
const MIN_BLOCKS = 4;
const MAX_BLOCKS = 16;
/** Yearly terms stay when they cut the held-out squared error by at least this fraction: a tie keeps the simpler model. */
const YEARLY_MIN_GAIN = 0.03;

/** Row indices where the held-out blocks of the first `rows` observations start, and `rows` itself last. */
export function yearlyBlockCuts(design: PrefixDesign, length: number): number[] {
  const { series, observedBefore } = design;
  const blocks = Math.min(MAX_BLOCKS, Math.max(MIN_BLOCKS, Math.round((length * series.stepMs) / (BLOCK_DAYS * DAY_MS))));
  return Array.from({ length: blocks + 1 }, (_, b) => observedBefore[Math.round((b * length) / blocks)]!);
}

/**
 * Whether the whole history shows a yearly pattern: cross-validation by blocks spread over the
 * years, each held out and forecast by the fit on all the others (trend jointly with the
 * seasons), with and without the yearly terms. A yearly pattern predicts a held-out autumn from
 * the other years' autumns; a one-off change in growth that could pass for one in-sample does not.
 * `products` holds the cross-products at every cut; the blocks' own come from their differences.
 */
export function yearlyHoldsAcrossTheYear(design: PrefixDesign, products: Map<number, CrossProducts>, cuts: readonly number[], keep: readonly number[], isYearly: (j: number) => boolean, isSpike: Uint8Array): { keep: boolean; gain: number } {
  const total = products.get(cuts.at(-1)!)!;
  const zero: CrossProducts = { p: total.p, xtx: new Float64Array(total.xtx.length), xty: new Float64Array(total.xty.length) };
  const without = keep.filter((j) => !isYearly(j));
  let sseWith = 0;
  let sseWithout = 0;
  // One training system rewritten for each block: it is read only within the block's turn.
  const train: CrossProducts = { p: total.p, xtx: new Float64Array(total.xtx.length), xty: new Float64Array(total.xty.length) };
  for (let b = 0; b + 1 < cuts.length; b++) {
    const from = cuts[b]!;
    const to = cuts[b + 1]!;
    if (to <= from) continue;
    const before = from === 0 ? zero : products.get(from)!;
    const after = products.get(to)!;
    withoutBlock(total.xtx, after.xtx, before.xtx, train.xtx);
    withoutBlock(total.xty, after.xty, before.xty, train.xty);
    // A column seen only inside the block (a holiday, the last hat) cannot be learnt without it.
    const seen = (j: number): boolean => train.xtx[j * total.p + j]! > 1e-9 * (total.xtx[j * total.p + j]! || 1);
    sseWith += heldOutSse(design, train, keep.filter(seen), from, to, isSpike);
    sseWithout += heldOutSse(design, train, without.filter(seen), from, to, isSpike);
  }
  const gain = sseWithout > 0 ? 1 - sseWith / sseWithout : 0;
  return { keep: gain >= YEARLY_MIN_GAIN, gain };
}

/** out = total − (after − before), element by element: the sums without one block's rows. */
function withoutBlock(total: Float64Array, after: Float64Array, before: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = total[i]! - (after[i]! - before[i]!);
}

function heldOutSse(design: PrefixDesign, train: CrossProducts, keep: readonly number[], from: number, to: number, isSpike: Uint8Array): number {
  const beta = ridgeSolve(train, keep, design.penalised);
  const residual = design.y.slice(from, to);
  subtractColumns(design, keep, beta, residual, from, to);
  let sse = 0;
  for (let r = from; r < to; r++) if (isSpike[r] === 0) sse += residual[r - from]! ** 2;
  return sse;
}
