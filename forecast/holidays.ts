import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { RunwayError } from '../core/errors.ts';
import type { HolidayRange } from './model.ts';
import { DAY_MS } from './series.ts';

/** Names the models key their holiday effects on. */
export const CHRISTMAS = 'christmas';
export const MOTHERS_DAY = 'mothers-day';
export const BLACK_FRIDAY = 'black-friday';
export const VALENTINES = 'valentines';
export const PUBLIC_HOLIDAY = 'public-holiday';

/** Christmas Eve, Christmas Day and the day after: the span during which shop traffic is "on". */
const CHRISTMAS_DAYS = 3;

interface EventRule {
  name: string;
  /** date-holidays rule grammar. */
  rule: string;
  days: number;
}

const CHRISTMAS_RULE: EventRule = { name: CHRISTMAS, rule: '12-24', days: CHRISTMAS_DAYS };
// Black Friday is a retail event, not a holiday in any calendar outside the US, so its rule is ours.
const BLACK_FRIDAY_RULE: EventRule = { name: BLACK_FRIDAY, rule: 'friday after 4th thursday in November', days: 1 };
// Valentine's Day drives florists and gift shops everywhere, but date-holidays lists it for few countries.
const VALENTINES_RULE: EventRule = { name: VALENTINES, rule: '02-14', days: 1 };

/**
 * Holiday and retail-event occurrences overlapping [fromMs, toMs), as whole UTC days (the zone of
 * the daily series we forecast). Without a country: Christmas only. With one (ISO 3166-1 alpha-2):
 * also that country's Mother's Day, as date-holidays knows it, Black Friday, Valentine's Day, and
 * its public holidays outside Christmas (one shared "public-holiday" effect).
 * Throws RUNWAY_ERR_FORECAST_COUNTRY for a country date-holidays does not know.
 */
export function holidayRanges(country: string | undefined, fromMs: number, toMs: number): HolidayRange[] {
  const rules = country === undefined ? [CHRISTMAS_RULE] : [CHRISTMAS_RULE, BLACK_FRIDAY_RULE, VALENTINES_RULE];
  const ranges: HolidayRange[] = [];
  const fromYear = new Date(fromMs).getUTCFullYear();
  const toYear = new Date(toMs).getUTCFullYear();
  for (let year = fromYear; year <= toYear; year++) {
    ranges.push(...eventsIn(rules, year));
    if (country !== undefined) ranges.push(...mothersDayIn(country, year), ...publicHolidaysIn(country, year));
  }
  return ranges
    .filter((r) => r.endMs > fromMs && r.startMs < toMs)
    .map((r) => ({ ...r })) // copies: the cached ones stay untouched
    .sort((a, b) => a.startMs - b.startMs);
}

let holidaysClass: typeof Holidays | undefined;

/**
 * A date-holidays calendar. The library is loaded on first use, not with this module: its data for
 * every country takes a good share of a second to load, which `runway forecast --help` or a
 * mistyped option should not pay for.
 */
function newCalendar(country?: string): Holidays {
  holidaysClass ??= createRequire(import.meta.url)('date-holidays') as typeof Holidays;
  return country === undefined ? new holidaysClass() : new holidaysClass(country);
}

let countryCodes: string[] | undefined;

/** Country codes (upper case) that holidayRanges accepts. */
export function knownCountries(): string[] {
  countryCodes ??= Object.keys(newCalendar().getCountries('en'));
  return [...countryCodes];
}

// Building a calendar and listing a year both take milliseconds, so each is done once per process.
const eventCalendars = new Map<string, Holidays>();
const countryCalendars = new Map<string, Holidays>();
const yearCache = new Map<string, HolidayRange[]>();

function cachedYear(key: string, compute: () => HolidayRange[]): HolidayRange[] {
  let ranges = yearCache.get(key);
  if (!ranges) {
    ranges = compute();
    yearCache.set(key, ranges);
  }
  return ranges;
}

function eventsIn(rules: readonly EventRule[], year: number): HolidayRange[] {
  return cachedYear(`events:${rules.map((r) => r.name).join()}:${year}`, () =>
    eventCalendar(rules)
      .getHolidays(year, 'en')
      .flatMap((h) => {
        const rule = rules.find((r) => r.name === h.name);
        return rule ? [dayRange(rule.name, h.date, rule.days)] : [];
      }),
  );
}

function mothersDayIn(country: string, year: number): HolidayRange[] {
  const calendar = countryCalendar(country);
  return cachedYear(`${country.toUpperCase()}:${year}`, () => {
    const mothersDay = calendar.getHolidays(year, 'en').find((h) => /mother/i.test(h.name));
    return mothersDay ? [dayRange(MOTHERS_DAY, mothersDay.date, 1)] : [];
  });
}

function publicHolidaysIn(country: string, year: number): HolidayRange[] {
  const calendar = countryCalendar(country);
  return cachedYear(`${country.toUpperCase()}:public:${year}`, () => {
    const days = new Set<number>();
    for (const h of calendar.getHolidays(year, 'en')) {
      if (h.type !== 'public') continue;
      const range = dayRange(PUBLIC_HOLIDAY, h.date, 1);
      const date = new Date(range.startMs);
      // Christmas has its own windows; sharing those days would split one effect in two.
      if (date.getUTCMonth() === 11 && date.getUTCDate() >= 24 && date.getUTCDate() <= 26) continue;
      days.add(range.startMs);
    }
    return [...days].sort((a, b) => a - b).map((startMs) => ({ name: PUBLIC_HOLIDAY, startMs, endMs: startMs + DAY_MS }));
  });
}

function eventCalendar(rules: readonly EventRule[]): Holidays {
  const key = rules.map((r) => r.name).join();
  let calendar = eventCalendars.get(key);
  if (!calendar) {
    calendar = newCalendar();
    for (const r of rules) calendar.setHoliday(r.rule, { name: r.name, type: 'observance' });
    eventCalendars.set(key, calendar);
  }
  return calendar;
}

function countryCalendar(country: string): Holidays {
  const code = country.toUpperCase();
  let calendar = countryCalendars.get(code);
  if (!calendar) {
    if (!/^[A-Z]{2}$/.test(code) || !knownCountries().includes(code)) {
      throw new RunwayError('RUNWAY_ERR_FORECAST_COUNTRY', { country });
    }
    calendar = newCalendar(code);
    countryCalendars.set(code, calendar);
  }
  return calendar;
}

/** date-holidays gives local dates as "YYYY-MM-DD hh:mm:ss"; the calendar day is what we keep. */
function dayRange(name: string, localDate: string, days: number): HolidayRange {
  const [y, m, d] = localDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const startMs = Date.UTC(y, m - 1, d);
  return { name, startMs, endMs: startMs + days * DAY_MS };
}
