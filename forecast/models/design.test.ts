import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../series.ts';
import { fourierColumns, holidayColumns, leadWindows, maxFourierOrder, trendColumns, WEEK_MS, YEAR_MS } from './design.ts';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

describe('fourierColumns', () => {
  it('repeats with the period in absolute time', () => {
    const [sin1, cos1] = fourierColumns('weekly', WEEK_MS, 1, DAY_MS);
    const t = day('2026-11-21');
    expect(sin1!.at(t + 52 * WEEK_MS)).toBeCloseTo(sin1!.at(t), 9);
    expect(cos1!.at(t + DAY_MS)).not.toBeCloseTo(cos1!.at(t), 3);
  });

  it('leaves out the sine that is zero on every bucket at the Nyquist order', () => {
    expect(maxFourierOrder(DAY_MS, 6 * HOUR_MS)).toBe(2);
    expect(maxFourierOrder(WEEK_MS, DAY_MS)).toBe(3);
    expect(maxFourierOrder(DAY_MS, DAY_MS)).toBe(0);
    expect(fourierColumns('daily', DAY_MS, 2, 6 * HOUR_MS).map((c) => c.name)).toEqual(['daily-sin1', 'daily-cos1', 'daily-cos2']);
  });
});

describe('holidayColumns', () => {
  const christmas = [{ name: 'christmas', startMs: day('2025-12-24'), endMs: day('2025-12-27') }];

  it('gives Christmas three lead-up windows, Eve, Day, a week after, and one for the days themselves', () => {
    const columns = holidayColumns('christmas', christmas, DAY_MS);
    expect(columns.map((c) => c.name)).toEqual([
      'christmas:-28..-15', 'christmas:-14..-8', 'christmas:-7..-1', 'christmas:eve', 'christmas:day', 'christmas:+1..+7', 'christmas:during',
    ]);
    const active = (iso: string): string[] => columns.filter((c) => c.at(day(iso)) === 1).map((c) => c.name);
    expect(active('2025-11-25')).toEqual([]);
    expect(active('2025-11-26')).toEqual(['christmas:-28..-15']);
    expect(active('2025-12-09')).toEqual(['christmas:-28..-15']);
    expect(active('2025-12-10')).toEqual(['christmas:-14..-8']);
    expect(active('2025-12-17')).toEqual(['christmas:-7..-1']);
    expect(active('2025-12-23')).toEqual(['christmas:-7..-1']);
    expect(active('2025-12-24')).toEqual(['christmas:eve', 'christmas:during']);
    expect(active('2025-12-25')).toEqual(['christmas:day', 'christmas:during']);
    expect(active('2025-12-26')).toEqual(['christmas:during']);
    expect(active('2025-12-27')).toEqual(['christmas:+1..+7']);
    expect(active('2026-01-02')).toEqual(['christmas:+1..+7']);
    expect(active('2026-01-03')).toEqual([]);
  });

  it('gives gift days a lead-up week whose last three days have an effect each', () => {
    expect(leadWindows('mothers-day').map((w) => w.label)).toEqual(['-7..-4', '-3', '-2', '-1']);
    expect(leadWindows('valentines')).toEqual(leadWindows('mothers-day'));
    expect(leadWindows('public-holiday')).toEqual([]);
    expect(leadWindows('black-friday').map((w) => w.label)).toEqual(['-7..-1', '+1..+2', 'cyber-monday']);
  });

  it('counts the fraction of a longer bucket inside a window', () => {
    const during = holidayColumns('christmas', christmas, WEEK_MS).at(-1);
    // The seven days from 2025-12-22 hold all three Christmas days.
    expect(during!.at(day('2025-12-22'))).toBeCloseTo(3 / 7, 12);
    expect(during!.at(day('2025-12-15'))).toBe(0);
  });
});

describe('trendColumns', () => {
  const start = day('2024-01-01');
  const hats = trendColumns(start, start + 1000 * DAY_MS, YEAR_MS);

  it('covers the span with hats a year apart that add up to one', () => {
    expect(hats.map((c) => c.name)).toEqual(['trend-0', 'trend-1', 'trend-2', 'trend-3']);
    for (let i = 0; i <= 1000; i += 37) expect(hats.reduce((s, c) => s + c.at(start + i * DAY_MS), 0)).toBeCloseTo(1, 12);
    expect(hats[1]!.at(start + YEAR_MS)).toBe(1);
    expect(hats[1]!.at(start + YEAR_MS / 2)).toBeCloseTo(0.5, 12);
    expect(hats[3]!.at(start + YEAR_MS)).toBe(0);
  });
});

describe('onGrid', () => {
  it('gives every kind of column the values at() gives, bucket by bucket', () => {
    const start = day('2025-11-01');
    const christmas = [{ name: 'christmas', startMs: day('2025-12-24'), endMs: day('2025-12-27') }];
    const columns = [...fourierColumns('yearly', YEAR_MS, 3, DAY_MS), ...holidayColumns('christmas', christmas, DAY_MS), ...trendColumns(start, start + 99 * DAY_MS, YEAR_MS)];
    for (const c of columns) {
      const grid = c.onGrid(start, DAY_MS, 100);
      grid.forEach((v, i) => expect(v).toBeCloseTo(c.at(start + i * DAY_MS), 12));
    }
  });
});

describe('holidayColumns at()', () => {
  /** The plain sum over every occurrence's window, which the search over rising spans must equal exactly. */
  const plainAt = (occurrences: { startMs: number; endMs: number }[], stepMs: number, t: number): number => {
    let inside = 0;
    for (const o of occurrences) inside += Math.max(0, Math.min(o.endMs, t + stepMs) - Math.max(o.startMs, t));
    return inside / stepMs;
  };

  it('gives the plain sum over all occurrences, in time order or not, overlapping or not', () => {
    const stepMs = 6 * HOUR_MS;
    const rising = [0, 3, 10, 11, 40].map((d) => ({ name: 'x', startMs: day('2026-01-01') + d * DAY_MS + 5 * HOUR_MS, endMs: day('2026-01-01') + (d + 1.5) * DAY_MS }));
    const shuffled = [rising[3]!, rising[0]!, rising[4]!, rising[1]!, rising[2]!];
    for (const occurrences of [rising, shuffled]) {
      const during = holidayColumns('x', occurrences, stepMs).find((c) => c.holiday?.window === 'during')!;
      for (let t = day('2025-12-28'); t < day('2026-02-15'); t += stepMs) expect(during.at(t)).toBe(plainAt(occurrences, stepMs, t));
    }
  });
});
