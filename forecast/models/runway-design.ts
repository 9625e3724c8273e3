import type { HolidayRange } from '../model.ts';
import { DAY_MS, type Series } from '../series.ts';
import { type Column, fourierColumns, holidayColumns, maxFourierOrder, WEEK_MS, YEAR_MS } from './design.ts';

/** A trend hinge every 13 weeks: flexible enough for changes in growth, too stiff to mimic a yearly season. */
const KNOT_DAYS = 91;
/** The last knot leaves this much history after it, or its slope would be a guess. */
const KNOT_MARGIN_DAYS = 28;
const WEEKLY_ORDER = 3;
const DAILY_ORDER = 4;
const MAX_YEARLY_ORDER = 8;
/** Yearly terms need 1.5 years: one year alone cannot tell a season from growth. */
const MIN_YEARLY_SPAN_MS = 1.5 * YEAR_MS;
/** A holiday window seen on fewer fitted rows is not learnt: one day of noise is not an effect. */
const MIN_HOLIDAY_ROWS = 2;

/** Relative ridge per column kind (share of the column's own sum of squares). */
const PENALTY = { base: 1e-9, hinge: 0.05, seasonal: 1e-3, holiday: 0.02 } as const;

export type ColumnKind = 'base' | 'hinge' | 'weekly' | 'daily' | 'yearly' | 'holiday';

export interface DesignColumn {
  kind: ColumnKind;
  name: string;
  /** Yearly/weekly/daily harmonic order; 0 otherwise. */
  order: number;
  /** For hinges: the knot; a prefix keeps it only when it ends KNOT_MARGIN_DAYS after it. */
  knotMs?: number;
  holiday?: { name: string; window: string };
  at(timeMs: number): number;
}

/** The observed rows of a series and every candidate column evaluated on them. */
export interface Design {
  series: Series;
  times: number[];
  y: Float64Array;
  columns: DesignColumn[];
  values: Float64Array[];
  penalty: Float64Array;
  /** originMs of the trend columns: the end of the whole series. */
  originMs: number;
}

export function buildDesign(series: Series, holidays: readonly HolidayRange[]): Design {
  const times: number[] = [];
  const ys: number[] = [];
  series.values.forEach((v, i) => {
    if (Number.isFinite(v)) {
      times.push(series.startMs + i * series.stepMs);
      ys.push(v);
    }
  });
  const originMs = series.startMs + (series.values.length - 1) * series.stepMs;
  const columns = candidateColumns(series, times, holidays, originMs);
  const values = evaluateColumns(columns, times, series.stepMs, holidays);
  const penalty = Float64Array.from(columns, (c) =>
    c.kind === 'base' ? PENALTY.base : c.kind === 'hinge' ? PENALTY.hinge : c.kind === 'holiday' ? PENALTY.holiday : PENALTY.seasonal,
  );
  return { series, times, y: Float64Array.from(ys), columns, values, penalty, originMs };
}

function candidateColumns(series: Series, times: number[], holidays: readonly HolidayRange[], originMs: number): DesignColumn[] {
  const years = (t: number): number => (t - originMs) / YEAR_MS;
  const columns: DesignColumn[] = [
    { kind: 'base', name: 'level', order: 0, at: () => 1 },
    { kind: 'base', name: 'slope', order: 0, at: years },
  ];
  if (times.length === 0) return columns;
  const first = times[0]!;
  for (let knot = first + KNOT_DAYS * DAY_MS; knot <= originMs - KNOT_MARGIN_DAYS * DAY_MS; knot += KNOT_DAYS * DAY_MS) {
    const k = knot;
    columns.push({ kind: 'hinge', name: `hinge-${new Date(k).toISOString().slice(0, 10)}`, order: 0, knotMs: k, at: (t) => Math.max(0, (t - k) / YEAR_MS) });
  }
  const step = series.stepMs;
  const fourier = (kind: ColumnKind, period: number, order: number): void => {
    fourierColumns(kind, period, Math.min(order, maxFourierOrder(period, step)), step).forEach((c) =>
      columns.push({ kind, name: c.name, order: Number(/\d+$/.exec(c.name)?.[0] ?? 0), at: c.at }),
    );
  };
  if (step < DAY_MS) fourier('daily', DAY_MS, DAILY_ORDER);
  fourier('weekly', WEEK_MS, WEEKLY_ORDER);
  fourier('yearly', YEAR_MS, MAX_YEARLY_ORDER);
  const byName = new Map<string, HolidayRange[]>();
  for (const h of holidays) byName.set(h.name, [...(byName.get(h.name) ?? []), h]);
  for (const [name, occurrences] of byName) {
    for (const c of holidayColumns(name, occurrences, step) as Column[]) {
      columns.push({ kind: 'holiday', name: c.name, order: 0, holiday: c.holiday!, at: c.at });
    }
  }
  return columns;
}

/**
 * Which columns a fit on the first `rows` observations can carry: hinges with enough history
 * after them, seasonal orders the span allows, holiday windows seen at least twice, and never
 * more parameters than the rows leave room for.
 */
export function keptColumns(d: Design, rows: number): number[] {
  if (rows === 0) return [];
  const first = d.times[0]!;
  const end = d.times[rows - 1]!;
  const span = end - first + d.series.stepMs;
  const yearlyOrder = span >= MIN_YEARLY_SPAN_MS ? Math.min(MAX_YEARLY_ORDER, Math.round((4 * span) / YEAR_MS)) : 0;
  const keep: number[] = [];
  d.columns.forEach((c, j) => {
    const ok =
      c.kind === 'base' ||
      (c.kind === 'hinge' && c.knotMs! <= end - KNOT_MARGIN_DAYS * DAY_MS) ||
      ((c.kind === 'weekly' || c.kind === 'daily') && span >= 2 * (c.kind === 'weekly' ? WEEK_MS : DAY_MS)) ||
      (c.kind === 'yearly' && c.order <= yearlyOrder) ||
      (c.kind === 'holiday' && nonZeroRows(d.values[j]!, rows) >= MIN_HOLIDAY_ROWS);
    if (ok) keep.push(j);
  });
  // Keep residual degrees of freedom: drop the least important columns (holidays, then yearly, hinges) first.
  const order: ColumnKind[] = ['holiday', 'yearly', 'hinge', 'weekly', 'daily'];
  let kept = keep;
  for (const kind of order) {
    if (rows - kept.length >= Math.max(3, rows / 4)) break;
    kept = kept.filter((j) => d.columns[j]!.kind !== kind);
  }
  return kept.length <= rows ? kept : kept.filter((j) => d.columns[j]!.kind === 'base').slice(0, Math.max(1, rows - 1));
}

function nonZeroRows(v: Float64Array, rows: number): number {
  let n = 0;
  for (let i = 0; i < rows; i++) if (v[i] !== 0) n++;
  return n;
}

/**
 * Column values on the observed times. Fourier columns by angle addition (one sin/cos per row and
 * period, not per harmonic) and holiday columns by visiting only the rows near each occurrence:
 * evaluating every column row by row was most of the fitting time.
 */
function evaluateColumns(columns: readonly DesignColumn[], times: readonly number[], stepMs: number, holidays: readonly HolidayRange[]): Float64Array[] {
  const n = times.length;
  const harmonics = new Map<string, Float64Array[]>();
  const fourier = (kind: ColumnKind, periodMs: number, maxOrder: number): Float64Array[] => {
    let out = harmonics.get(kind);
    if (out) return out;
    out = Array.from({ length: 2 * maxOrder }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const cycles = times[i]! / periodMs;
      const theta = 2 * Math.PI * (cycles - Math.floor(cycles));
      const s1 = Math.sin(theta);
      const c1 = Math.cos(theta);
      let s = s1;
      let c = c1;
      for (let k = 0; k < maxOrder; k++) {
        out[2 * k]![i] = s;
        out[2 * k + 1]![i] = c;
        const next = s * c1 + c * s1;
        c = c * c1 - s * s1;
        s = next;
      }
    }
    harmonics.set(kind, out);
    return out;
  };
  const periods: Partial<Record<ColumnKind, number>> = { daily: DAY_MS, weekly: WEEK_MS, yearly: YEAR_MS };
  return columns.map((c) => {
    const period = periods[c.kind];
    if (period !== undefined) return fourier(c.kind, period, MAX_YEARLY_ORDER)[2 * (c.order - 1) + (c.name.includes('-sin') ? 0 : 1)]!;
    if (c.kind === 'holiday') return holidayValues(c, times, stepMs, holidays);
    return Float64Array.from(times, (t) => c.at(t));
  });
}

/** A holiday window column on the observed rows: only rows within a few weeks of an occurrence are evaluated. */
function holidayValues(c: DesignColumn, times: readonly number[], stepMs: number, holidays: readonly HolidayRange[]): Float64Array {
  const out = new Float64Array(times.length);
  const reachMs = 60 * DAY_MS; // wider than any window (design.ts leadWindows)
  for (const h of holidays) {
    if (h.name !== c.holiday!.name) continue;
    let i = lowerBound(times, h.startMs - reachMs - stepMs);
    for (; i < times.length && times[i]! < h.endMs + reachMs; i++) out[i] = c.at(times[i]!);
  }
  return out;
}

function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
