/** For tests: a customer with one disk and one peak-load shortage, and chart data consistent with them. */
import type { Customer, Language } from '../../core/inventory/inventory.ts';
import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { NOW_MS, runwayRow } from '../test-rows.ts';
import { noticeRowKey, type NoticeInput, type NoticeSeries } from './notice-types.ts';

const DAY_MS = 86_400_000;

export { NOW_MS };

export function fixtureCustomer(language: Language, over: Partial<Customer> = {}): Customer {
  return {
    id: 'acme',
    name: 'Acme Shop',
    country: { da: 'DK', sv: 'SE', de: 'DE', en: 'GB' }[language],
    language,
    contacts: [{ name: 'Anna Berg', email: 'anna@acme.example', role: 'owner' }],
    accountManager: { name: 'Mette Jensen', email: 'mette@hosting.example' },
    hosts: [],
    ...over,
  };
}

/** /var on web-1: 80.1 % used, +0.45 points a day, full at 90 % on 13 December 2026 (22 days after NOW_MS). */
export const diskRow: RunwayRow = runwayRow({ daysLeft: 22, current: 80.1, growthPerDay: 0.45, peakForecast: 97 });

/** shop-1's daily peak load reaches its 8 cores on 16 December 2026 in the run-up to Christmas. */
export const loadRow: RunwayRow = runwayRow({
  daysLeft: 25,
  host: 'shop-1',
  metric: 'load_daily_max',
  resource: 'load',
  mount: undefined,
  totalBytes: undefined,
  threshold: 8,
  current: 6.5,
  peakForecast: 10.2,
  growthPerDay: 0.05,
  driver: 'christmas 2026',
});

/** 120 days of history and 60 of forecast, with a deterministic wiggle so the lines look measured. */
export function diskSeries(): NoticeSeries {
  const history = days(-120, 0).map((d) => ({ timeMs: NOW_MS + d * DAY_MS, value: diskRow.current + 0.45 * d + 0.6 * Math.sin(d * 1.7) }));
  const forecast = days(1, 60).map((d) => {
    const value = Math.min(100, diskRow.current + 0.45 * d);
    const half = 0.4 + 0.06 * d;
    return { timeMs: NOW_MS + d * DAY_MS, value, lower: Math.max(0, value - half), upper: Math.min(100, value + half) };
  });
  return { history, forecast };
}

export function loadSeries(): NoticeSeries {
  const christmas = Date.UTC(2026, 11, 24);
  // Load rises over the four weeks before Christmas, on top of a weekly pattern with busy weekends.
  const level = (ms: number) => {
    const weekend = [0, 6].includes(new Date(ms).getUTCDay()) ? 1.12 : 1;
    const daysToXmas = (christmas - ms) / DAY_MS;
    const season = daysToXmas >= 0 && daysToXmas < 35 ? 1 + 0.55 * (1 - daysToXmas / 35) : 1;
    return 5.6 * weekend * season * (1 + 0.0015 * ((ms - NOW_MS) / DAY_MS));
  };
  const history = days(-120, 0).map((d) => ({ timeMs: NOW_MS + d * DAY_MS, value: level(NOW_MS + d * DAY_MS) * (1 + 0.04 * Math.sin(d * 2.3)) }));
  const forecast = days(1, 60).map((d) => {
    const value = level(NOW_MS + d * DAY_MS);
    return { timeMs: NOW_MS + d * DAY_MS, value, lower: value * 0.88, upper: value * 1.12 };
  });
  return { history, forecast };
}

export function fixtureInput(language: Language, over: Partial<NoticeInput> = {}): NoticeInput {
  return {
    customer: fixtureCustomer(language),
    rows: [loadRow, diskRow],
    series: new Map([
      [noticeRowKey(diskRow), diskSeries()],
      [noticeRowKey(loadRow), loadSeries()],
    ]),
    nowMs: NOW_MS,
    withinDays: 30,
    hostingCompany: 'Nordhost A/S',
    ...over,
  };
}

function days(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
