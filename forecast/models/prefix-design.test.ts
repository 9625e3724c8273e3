import { describe, expect, it } from 'vitest';
import { holidayRanges } from '../holidays.ts';
import { DAY_MS } from '../series.ts';
import { prefixDesign, subtractColumns } from './prefix-design.ts';

describe('subtractColumns', () => {
  // Three years of days with gaps, German holidays: dense Fourier columns, sparse holiday windows and hats.
  const startMs = Date.UTC(2023, 0, 1);
  const values = Array.from({ length: 1095 }, (_, i) => (i % 97 === 13 ? NaN : 100 + Math.sin(i / 9) * 10 + (i % 7)));
  const design = prefixDesign({ startMs, stepMs: DAY_MS, values }, holidayRanges('DE', startMs - 60 * DAY_MS, startMs + 1200 * DAY_MS));

  /** The plain loop it must equal: every column on every row, in order. */
  function plain(js: readonly number[], b: ArrayLike<number>, from: number, to: number): Float64Array {
    const out = design.y.slice(from, to);
    js.forEach((j, k) => {
      for (let r = from; r < to; r++) out[r - from] = out[r - from]! - b[k]! * design.rows[j]![r]!;
    });
    return out;
  }

  it('has both kinds of column to mix', () => {
    const share = (j: number) => design.nonzeroRows[j]!.length / design.y.length;
    expect(design.columns.some((_, j) => share(j) < 0.25)).toBe(true);
    expect(design.columns.some((_, j) => share(j) > 0.25)).toBe(true);
  });

  it('equals the plain loop to the last bit, whatever the mix, order and range', () => {
    const all = design.columns.map((_, j) => j);
    const orders = [all, [...all].reverse(), all.filter((j) => j % 3 !== 1), all.slice(0, 5)];
    for (const js of orders) {
      const b = Float64Array.from(js, (j, k) => Math.cos(j * 1.3 + k) * 7.1);
      for (const [from, to] of [[0, design.y.length], [400, 491], [700, 701], [5, 5]] as const) {
        const out = design.y.slice(from, to);
        subtractColumns(design, js, b, out, from, to);
        expect(out).toEqual(plain(js, b, from, to));
      }
    }
  });
});
