import type { HolidayRange } from '../model.ts';
import { DAY_MS } from '../series.ts';

/** One seasonal or holiday regressor, evaluated on the bucket [timeMs, timeMs + stepMs). */
export interface Column {
  name: string;
  group: 'seasonality' | 'holiday' | 'trend';
  /** For holiday columns: which holiday and which window around it. */
  holiday?: { name: string; window: string };
  at(timeMs: number): number;
  /** The column on the buckets startMs + i·stepMs, i < length: at() for every bucket, without a call per bucket. */
  onGrid(startMs: number, stepMs: number, length: number): Float64Array;
}

export const YEAR_MS = 365.2425 * DAY_MS;
export const WEEK_MS = 7 * DAY_MS;

/**
 * sin/cos pairs of orders 1..order for a period; phases are taken from absolute time, so they recur.
 * At the Nyquist order (2·order = period / step) the sine is zero on every bucket and is left out.
 */
export function fourierColumns(label: string, periodMs: number, order: number, stepMs: number): Column[] {
  const columns: Column[] = [];
  const onGrid = fourierGrid(periodMs, order);
  for (let k = 1; k <= order; k++) {
    // Only the fraction of the current cycle enters the angle, so it stays exact for epoch-sized times.
    const phase = (t: number): number => {
      const cycles = (k * t) / periodMs;
      return 2 * Math.PI * (cycles - Math.floor(cycles));
    };
    if (2 * k * stepMs !== periodMs) {
      columns.push({ name: `${label}-sin${k}`, group: 'seasonality', at: (t) => Math.sin(phase(t)), onGrid: (...grid) => onGrid(...grid).sin[k - 1]! });
    }
    columns.push({ name: `${label}-cos${k}`, group: 'seasonality', at: (t) => Math.cos(phase(t)), onGrid: (...grid) => onGrid(...grid).cos[k - 1]! });
  }
  return columns;
}

type Grid = [startMs: number, stepMs: number, length: number];

/**
 * Every order's sine and cosine on a grid, from one sin/cos per bucket and the angle-addition
 * recurrence for the higher orders; remembered for the last grid asked, since a design asks for
 * all of a period's columns on the same grid one after another.
 */
function fourierGrid(periodMs: number, order: number): (...grid: Grid) => { sin: Float64Array[]; cos: Float64Array[] } {
  let last: { key: string; sin: Float64Array[]; cos: Float64Array[] } | null = null;
  return (startMs, stepMs, length) => {
    const key = `${startMs}/${stepMs}/${length}`;
    if (last?.key === key) return last;
    const sin = Array.from({ length: order }, () => new Float64Array(length));
    const cos = Array.from({ length: order }, () => new Float64Array(length));
    for (let i = 0; i < length; i++) {
      const cycles = (startMs + i * stepMs) / periodMs;
      const angle = 2 * Math.PI * (cycles - Math.floor(cycles));
      const s1 = Math.sin(angle);
      const c1 = Math.cos(angle);
      let s = s1;
      let c = c1;
      for (let k = 0; k < order; k++) {
        sin[k]![i] = s;
        cos[k]![i] = c;
        const nextS = s * c1 + c * s1;
        c = c * c1 - s * s1;
        s = nextS;
      }
    }
    last = { key, sin, cos };
    return last;
  };
}

/** Highest Fourier order a period can carry at this step (Nyquist), e.g. 3 for a week of days, 2 for a day of 6 h. */
export const maxFourierOrder = (periodMs: number, stepMs: number): number => Math.floor(periodMs / stepMs / 2);

/** Days relative to an occurrence's start, inclusive. */
export interface HolidayWindow {
  label: string;
  fromDay: number;
  toDay: number;
}

/** Label of the window that spans each occurrence itself, [startMs, endMs). */
export const DURING = 'during';

/**
 * Windows before and after each holiday name, so a ramp (shops busier for weeks before Christmas)
 * and an after-effect (sales after Christmas, Cyber Monday) are learnt as a few steps rather than
 * one average. Every name also gets a window for the occurrence itself.
 */
export function leadWindows(name: string): HolidayWindow[] {
  if (name === 'christmas') { // CHRISTMAS in holidays.ts: Dec 24–26
    return [
      { label: '-28..-15', fromDay: -28, toDay: -15 },
      { label: '-14..-8', fromDay: -14, toDay: -8 },
      { label: '-7..-1', fromDay: -7, toDay: -1 },
      // Christmas Eve and Christmas Day differ from each other and from Boxing Day.
      { label: 'eve', fromDay: 0, toDay: 0 },
      { label: 'day', fromDay: 1, toDay: 1 },
      { label: '+1..+7', fromDay: 3, toDay: 9 },
    ];
  }
  // Cyber Monday, three days after Black Friday, is an online shop's peak of its own, often above
  // the weekend between: one window over the three days would spread its lift over all of them.
  if (name === 'black-friday') return [{ label: '-7..-1', fromDay: -7, toDay: -1 }, { label: '+1..+2', fromDay: 1, toDay: 2 }, { label: 'cyber-monday', fromDay: 3, toDay: 3 }];
  // Public holidays share one effect for the day itself: a bank holiday looks like a Sunday.
  if (name === 'public-holiday') return [];
  // Orders for a gift day (Mother's Day, Valentine's Day) or a campaign build up and peak on its
  // last days, so those get a day each.
  return [
    { label: '-7..-4', fromDay: -7, toDay: -4 },
    { label: '-3', fromDay: -3, toDay: -3 },
    { label: '-2', fromDay: -2, toDay: -2 },
    { label: '-1', fromDay: -1, toDay: -1 },
  ];
}

/** One column per window of a holiday name: the fraction of the bucket inside any occurrence's window. */
export function holidayColumns(name: string, occurrences: readonly HolidayRange[], stepMs: number): Column[] {
  const windows = [
    ...leadWindows(name).map((w) => ({
      label: w.label,
      spans: occurrences.map((o) => [o.startMs + w.fromDay * DAY_MS, o.startMs + (w.toDay + 1) * DAY_MS] as const),
    })),
    { label: DURING, spans: occurrences.map((o) => [o.startMs, o.endMs] as const) },
  ];
  return windows.map(({ label, spans }) => ({
    name: `${name}:${label}`,
    group: 'holiday' as const,
    holiday: { name, window: label },
    at: spansAt(spans, stepMs),
    // Only the buckets a span touches, so a three-day holiday costs three buckets, not the whole grid.
    onGrid: (startMs: number, gridStepMs: number, length: number) => {
      const out = new Float64Array(length);
      for (const [from, to] of spans) {
        const first = Math.max(0, Math.floor((from - startMs) / gridStepMs));
        const last = Math.min(length - 1, Math.ceil((to - startMs) / gridStepMs) - 1);
        for (let i = first; i <= last; i++) {
          const t = startMs + i * gridStepMs;
          out[i] = out[i]! + overlap(from, to, t, t + stepMs) / stepMs;
        }
      }
      return out;
    },
  }));
}

const overlap = (from: number, to: number, a: number, b: number): number => Math.max(0, Math.min(to, b) - Math.max(from, a));

/**
 * The share of the bucket [t, t + stepMs) inside the spans, summed over the spans in order. When
 * the spans' starts and ends both rise (occurrences in time order, the usual case), only those
 * that can touch the bucket are visited: a binary search skips the ones ending before it, and the
 * loop stops at the first starting after it. The others would add exactly zero, so the sum is the
 * same as over all of them; a forecast evaluates every holiday column on every step ahead.
 */
function spansAt(spans: readonly (readonly [number, number])[], stepMs: number): (t: number) => number {
  const rising = spans.every(([from, to], i) => i === 0 || (spans[i - 1]![0] <= from && spans[i - 1]![1] <= to));
  return (t) => {
    let i = 0;
    if (rising) {
      let hi = spans.length;
      while (i < hi) {
        const mid = (i + hi) >> 1;
        if (spans[mid]![1] <= t) i = mid + 1;
        else hi = mid;
      }
    }
    let inside = 0;
    for (; i < spans.length; i++) {
      const [from, to] = spans[i]!;
      if (rising && from >= t + stepMs) break;
      inside += overlap(from, to, t, t + stepMs);
    }
    return inside / stepMs;
  };
}

/**
 * A linear spline over [startMs, endMs] with knots every knotMs: one "hat" column per knot (1 at
 * its knot, falling linearly to 0 at the neighbouring knots). The hats sum to one, so together they
 * hold the level and any slope that bends only at the knots, and each touches two knot intervals
 * only, which keeps their cross-products cheap and well conditioned.
 */
export function trendColumns(startMs: number, endMs: number, knotMs: number): Column[] {
  const knots = Math.max(1, Math.ceil((endMs - startMs) / knotMs));
  return Array.from({ length: knots + 1 }, (_, k) => {
    const at = (t: number): number => Math.max(0, 1 - Math.abs((t - startMs) / knotMs - k));
    return {
      name: `trend-${k}`,
      group: 'trend' as const,
      at,
      onGrid: (gridStartMs: number, gridStepMs: number, length: number) => {
        const out = new Float64Array(length);
        for (let i = 0; i < length; i++) out[i] = at(gridStartMs + i * gridStepMs);
        return out;
      },
    };
  });
}
