/**
 * Local time and the retail calendar of each demo country.
 *
 * Shoppers follow the wall clock, so daily shapes and event days are evaluated in the host's
 * country time zone (DST included). Moving dates come from date-holidays where it knows them,
 * so the demo agrees with what a holiday-aware forecaster would look up.
 */
import Holidays from 'date-holidays';
import { IANAZone } from 'luxon';

export type Country = 'DK' | 'SE' | 'DE';

export const ZONES: Record<Country, string> = {
  DK: 'Europe/Copenhagen',
  SE: 'Europe/Stockholm',
  DE: 'Europe/Berlin',
};

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date. */
export const dayNumber = (year: number, month: number, day: number): number =>
  Date.UTC(year, month - 1, day) / DAY_MS;

export interface LocalTime {
  /** Local calendar day as days since 1970-01-01. */
  dayNum: number;
  /** Local hour of day, fractional (13.5 = half past one). */
  hour: number;
  /** 0 = Monday … 6 = Sunday. */
  dow: number;
}

/** Per zone: UTC day → offset in ms, shared by all clocks (Intl lookups are the slow part). */
const offsetCache = new Map<string, Map<number, number>>();

/** Converts UTC instants to local wall-clock time; the zone offset is looked up once per day. */
export class LocalClock {
  private readonly zone: IANAZone;
  private readonly offsets: Map<number, number>;

  constructor(zoneName: string) {
    this.zone = IANAZone.create(zoneName);
    if (!this.zone.isValid) throw new Error(`unknown time zone ${zoneName}`);
    let cache = offsetCache.get(zoneName);
    if (!cache) offsetCache.set(zoneName, (cache = new Map()));
    this.offsets = cache;
  }

  /** Offset in ms; NaN marks a UTC day that contains a DST switch (looked up per instant). */
  private dayOffset(utcDay: number): number {
    let off = this.offsets.get(utcDay);
    if (off === undefined) {
      const a = this.zone.offset(utcDay * DAY_MS);
      const b = this.zone.offset(utcDay * DAY_MS + DAY_MS - 1);
      off = a === b ? a * 60_000 : NaN;
      this.offsets.set(utcDay, off);
    }
    return off;
  }

  at(ms: number): LocalTime {
    let off = this.dayOffset(Math.floor(ms / DAY_MS));
    if (Number.isNaN(off)) off = this.zone.offset(ms) * 60_000;
    const local = ms + off;
    const dayNum = Math.floor(local / DAY_MS);
    // 1970-01-01 was a Thursday (index 3 when Monday is 0).
    return { dayNum, hour: (local - dayNum * DAY_MS) / HOUR_MS, dow: (((dayNum + 3) % 7) + 7) % 7 };
  }
}

export interface YearEvents {
  mothersDay: number;
  valentines: number;
  blackFriday: number;
  christmasEve: number;
}

const eventCache = new Map<string, YearEvents>();

function holidayDay(list: { date: string; name: string }[], name: string): number | null {
  const h = list.find((x) => x.name === name);
  if (!h) return null;
  const [y, m, d] = h.date.slice(0, 10).split('-').map(Number);
  return dayNumber(y!, m!, d!);
}

/** Black Friday follows US Thanksgiving (4th Thursday of November), also in Europe. */
function blackFriday(year: number): number {
  const nov1 = dayNumber(year, 11, 1);
  const dowNov1 = (((nov1 + 3) % 7) + 7) % 7; // 0 = Monday
  const firstThursday = nov1 + ((3 - dowNov1 + 7) % 7);
  return firstThursday + 21 + 1;
}

/** Event days of one country and year, as day numbers. */
export function yearEvents(country: Country, year: number): YearEvents {
  const key = `${country}:${year}`;
  let ev = eventCache.get(key);
  if (ev) return ev;
  // English names are stable across countries; the local ones differ ("Mors dag", "Muttertag").
  const list = new Holidays(country, { languages: ['en'] }).getHolidays(year, 'en');
  const mothersDay = holidayDay(list, "Mother's Day");
  if (mothersDay === null) throw new Error(`date-holidays has no Mother's Day for ${country} ${year}`);
  ev = {
    mothersDay,
    // Only the German data lists Valentine's Day; it is 14 February everywhere.
    valentines: holidayDay(list, "Valentine's Day") ?? dayNumber(year, 2, 14),
    blackFriday: blackFriday(year),
    christmasEve: dayNumber(year, 12, 24),
  };
  eventCache.set(key, ev);
  return ev;
}

/** Year, month (1–12) and day of a day number. */
export function civilDate(dayNum: number): { year: number; month: number; day: number } {
  const d = new Date(dayNum * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
