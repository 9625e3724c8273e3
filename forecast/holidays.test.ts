import { describe, expect, it } from 'vitest';
import { holidayRanges, knownCountries } from './holidays.ts';
import { DAY_MS } from './series.ts';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const from = day('2025-01-01');
const to = day('2029-01-01');
const starts = (country: string | undefined, name: string): string[] =>
  holidayRanges(country, from, to)
    .filter((h) => h.name === name)
    .map((h) => new Date(h.startMs).toISOString().slice(0, 10));

describe('holidayRanges', () => {
  it("puts Mother's Day on the second Sunday of May in Denmark and Germany", () => {
    const second = ['2025-05-11', '2026-05-10', '2027-05-09', '2028-05-14'];
    expect(starts('DK', 'mothers-day')).toEqual(second);
    expect(starts('DE', 'mothers-day')).toEqual(second);
  });

  it("puts Mother's Day on the last Sunday of May in Sweden", () => {
    expect(starts('SE', 'mothers-day')).toEqual(['2025-05-25', '2026-05-31', '2027-05-30', '2028-05-28']);
  });

  it('puts Black Friday on the day after the fourth Thursday of November', () => {
    expect(starts('DK', 'black-friday')).toEqual(['2025-11-28', '2026-11-27', '2027-11-26', '2028-11-24']);
    for (const iso of starts('SE', 'black-friday')) {
      const d = new Date(`${iso}T00:00:00Z`);
      expect(d.getUTCDay()).toBe(5);
      expect(d.getUTCDate()).toBeGreaterThanOrEqual(23);
      expect(d.getUTCDate()).toBeLessThanOrEqual(29);
    }
  });

  it('always has Christmas from Dec 24 for three days, and only Christmas without a country', () => {
    const all = holidayRanges(undefined, from, to);
    expect(new Set(all.map((h) => h.name))).toEqual(new Set(['christmas']));
    expect(all.map((h) => new Date(h.startMs).toISOString().slice(0, 10))).toEqual(['2025-12-24', '2026-12-24', '2027-12-24', '2028-12-24']);
    for (const h of all) expect(h.endMs - h.startMs).toBe(3 * DAY_MS);
    expect(starts('DE', 'christmas')).toHaveLength(4);
  });

  it('keeps occurrences overlapping the range, sorted by start', () => {
    const ranges = holidayRanges('DK', day('2026-05-10'), day('2026-12-25'));
    expect(ranges.map((h) => h.name).filter((n) => n !== 'public-holiday')).toEqual(['mothers-day', 'black-friday', 'christmas']);
    expect(holidayRanges('DK', day('2026-12-27'), day('2027-01-10')).map((h) => h.name)).toEqual(['public-holiday']); // New Year
  });

  it('adds public holidays outside Christmas as one shared effect, per country', () => {
    const dk = starts('DK', 'public-holiday');
    expect(dk).toContain('2026-01-01');
    expect(dk).toContain('2026-04-06'); // Easter Monday
    expect(dk.some((d) => d.endsWith('-12-25'))).toBe(false);
    expect(starts('SE', 'public-holiday')).toContain('2026-06-06'); // Sveriges nationaldag
    expect(starts('DE', 'public-holiday')).toContain('2026-10-03'); // Tag der Deutschen Einheit
    expect(starts(undefined, 'public-holiday')).toEqual([]);
  });

  it("adds Valentine's Day on 14 February wherever a country is given, since florists and gift shops peak on it", () => {
    for (const country of ['DK', 'SE', 'DE']) expect(starts(country, 'valentines')).toEqual(['2025-02-14', '2026-02-14', '2027-02-14', '2028-02-14']);
    expect(starts(undefined, 'valentines')).toEqual([]);
  });

  it('accepts lower-case codes and refuses unknown countries', () => {
    expect(starts('dk', 'mothers-day')).toHaveLength(4);
    expect(() => holidayRanges('XX', from, to)).toThrow(expect.objectContaining({ code: 'RUNWAY_ERR_FORECAST_COUNTRY' }));
    expect(knownCountries()).toEqual(expect.arrayContaining(['DK', 'DE', 'SE', 'US']));
  });
});
