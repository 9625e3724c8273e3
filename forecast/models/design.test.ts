import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../series.ts';
import { fourierColumns, holidayColumns, leadWindows, maxFourierOrder, WEEK_MS } from './design.ts';

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

  it('gives other holidays one lead-up week', () => {
    expect(leadWindows('mothers-day')).toEqual([{ label: '-7..-1', fromDay: -7, toDay: -1 }]);
  });

  it('counts the fraction of a longer bucket inside a window', () => {
    const during = holidayColumns('christmas', christmas, WEEK_MS).at(-1);
    // The seven days from 2025-12-22 hold all three Christmas days.
    expect(during!.at(day('2025-12-22'))).toBeCloseTo(3 / 7, 12);
    expect(during!.at(day('2025-12-15'))).toBe(0);
  });
});
