import { describe, expect, it } from 'vitest';
import { seededRandom } from './synthetic-series.ts';
import { daysFromCivil, isoUtc } from './civil-date.ts';

const DAY_MS = 86_400_000;

describe('civil dates', () => {
  const random = seededRandom(17);
  const first = Date.parse('0000-01-01T00:00:00Z');
  const last = Date.parse('9999-12-31T23:59:59.999Z');
  const times = [
    ...Array.from({ length: 20_000 }, () => first + Math.floor(random() * (last - first))),
    // Midnights, as forecast steps are, and the edges of eras, leap days and the range.
    ...Array.from({ length: 2_000 }, () => Math.floor((first + random() * (last - first)) / DAY_MS) * DAY_MS),
    first, last, 0, -1, Date.parse('2000-02-29T12:00:00Z'), Date.parse('1900-03-01T00:00:00Z'), Date.parse('2100-02-28T23:59:59.999Z'),
  ];

  it('writes every time of the years 0 to 9999 as toISOString does', () => {
    expect(times.map(isoUtc)).toEqual(times.map((t) => new Date(t).toISOString()));
  });

  it('leaves times outside those years, or between milliseconds, to toISOString', () => {
    for (const t of [first - 1, last + 1, Date.parse('+020000-01-01T00:00:00Z'), 1.5]) expect(isoUtc(t)).toBe(new Date(t).toISOString());
  });

  it('counts days from 1970 as Date does', () => {
    for (const t of times) {
      const d = new Date(t);
      expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(Math.floor(t / DAY_MS));
    }
  });
});
