import { DateTime } from 'luxon';

/** Dates of a crossing, already formatted for the reader's locale. */
export interface When {
  date: string;
  earliest: string;
  /** null: the optimistic bound does not reach the limit within the forecast, so the shortage may come later. */
  latest: string | null;
}

/** A sentence's "earliest … latest …" clause, left out when both are the same day (a narrow forecast band). */
export const ifSpan = (w: When, clause: string): string => (w.earliest === w.latest ? '' : clause);

/** Dates and numbers as the reader's locale writes them ("13. december 2026", "90,5 %"). */
export interface NoticeFormat {
  /** A day in full: "13. december 2026", "13 december 2026", "13. Dezember 2026", "December 13, 2026". */
  date(ms: number): string;
  /** A chart tick: "13. dec." / "Dec 13", with the year when asked. */
  tick(ms: number, withYear: boolean): string;
  /** A percentage given in percent (90 → "90 %"). */
  percent(value: number, fractionDigits?: number): string;
  number(value: number, fractionDigits?: number): string;
  /** Decimal gigabytes, as disks are sold: "50 GB". */
  gigabytes(bytes: number): string;
  /** Binary gibibytes, as memory is sold: "16 GiB" (Intl knows no such unit, so the symbol is added). */
  gibibytes(bytes: number): string;
}

/**
 * Runway's days are UTC days (InfluxDB's GROUP BY time(1d)), so dates are formatted in UTC:
 * in a local zone west of Greenwich a crossing at 00:00 UTC would show as the day before.
 */
export function noticeFormat(locale: string): NoticeFormat {
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: 'utc' }).setLocale(locale);
  const numberFormat = (digits: number, style?: 'percent') => new Intl.NumberFormat(locale, { style, maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return {
    date: (ms) => day(ms).toLocaleString(DateTime.DATE_FULL),
    tick: (ms, withYear) => day(ms).toLocaleString(withYear ? { day: 'numeric', month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' }),
    percent: (value, digits = 1) => numberFormat(digits, 'percent').format(value / 100),
    number: (value, digits = 1) => numberFormat(digits).format(value),
    gigabytes: (bytes) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 0 }).format(bytes / 1e9),
    gibibytes: (bytes) => `${numberFormat(0).format(bytes / 1024 ** 3)}\u00a0GiB`,
  };
}
