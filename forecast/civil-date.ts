/**
 * UTC calendar arithmetic on whole days, by 400-year eras counted from March (so the leap day ends
 * its year): what Date.UTC and toISOString compute, without their cost per row or per point. A
 * forecast reads a thousand dated rows and prints a date for every forecast step.
 */
import { DAY_MS } from './series.ts';

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12). */
export function daysFromCivil(y: number, month: number, day: number): number {
  const year = month <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The date of a day number from 1970-01-01: the inverse of daysFromCivil. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1 };
}

const pad = (v: number, width: number): string => String(v).padStart(width, '0');

/** new Date(ms).toISOString(), for the years 0–9999 it writes with four digits; toISOString itself beyond. */
export function isoUtc(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const { year, month, day } = civilFromDays(days);
  if (!(year >= 0 && year <= 9999) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  let rest = ms - days * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad((rest - (rest % 60)) / 60, 2)}:${pad(rest % 60, 2)}:${pad(second, 2)}.${pad(milli, 3)}Z`;
}
