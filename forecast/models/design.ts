import type { HolidayRange } from '../model.ts';
import { DAY_MS } from '../series.ts';

/** One seasonal or holiday regressor, evaluated on the bucket [timeMs, timeMs + stepMs). */
export interface Column {
  name: string;
  group: 'seasonality' | 'holiday';
  /** For holiday columns: which holiday and which window around it. */
  holiday?: { name: string; window: string };
  at(timeMs: number): number;
}

export const YEAR_MS = 365.2425 * DAY_MS;
export const WEEK_MS = 7 * DAY_MS;

/**
 * sin/cos pairs of orders 1..order for a period; phases are taken from absolute time, so they recur.
 * At the Nyquist order (2·order = period / step) the sine is zero on every bucket and is left out.
 */
export function fourierColumns(label: string, periodMs: number, order: number, stepMs: number): Column[] {
  const columns: Column[] = [];
  for (let k = 1; k <= order; k++) {
    // Only the fraction of the current cycle enters the angle, so it stays exact for epoch-sized times.
    const phase = (t: number): number => {
      const cycles = t / periodMs;
      return 2 * Math.PI * k * (cycles - Math.floor(cycles));
    };
    if (2 * k * stepMs !== periodMs) columns.push({ name: `${label}-sin${k}`, group: 'seasonality', at: (t) => Math.sin(phase(t)) });
    columns.push({ name: `${label}-cos${k}`, group: 'seasonality', at: (t) => Math.cos(phase(t)) });
  }
  return columns;
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
  if (name === 'black-friday') return [{ label: '-7..-1', fromDay: -7, toDay: -1 }, { label: '+1..+3', fromDay: 1, toDay: 3 }];
  // Public holidays share one effect for the day itself: a bank holiday looks like a Sunday.
  if (name === 'public-holiday') return [];
  return [{ label: '-7..-1', fromDay: -7, toDay: -1 }];
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
    at: (t: number) => {
      let inside = 0;
      for (const [from, to] of spans) inside += Math.max(0, Math.min(to, t + stepMs) - Math.max(from, t));
      return inside / stepMs;
    },
  }));
}
