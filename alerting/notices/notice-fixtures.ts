/** For tests: a customer with one disk and one peak-load shortage, and chart data consistent with them. */
import type { Customer, Language } from '../../core/inventory/inventory.ts';
import type { PoolHeadroom } from '../../core/runway-row.ts';
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

const GiB = 1024 ** 3;

/** app-1's memory grows with its traffic: 84.2 % of 32 GiB, +0.2 points a day, 90 % on 20 December 2026. */
export const memRow: RunwayRow = runwayRow({
  daysLeft: 29, host: 'app-1', metric: 'mem_used_percent', resource: 'memory', mount: undefined, totalBytes: 32 * GiB,
  threshold: 90, current: 84.2, growthPerDay: 0.2, peakForecast: 93,
  memEvidence: { memSlopePerDay: 0.2, loadSlopePerDay: 0.003, loadCorrelation: 0.82 },
});

/** shop-1's daily 95th percentile of CPU use passes 85 % of its 8 cores on 22 December 2026, in the Christmas rush. */
export const cpuRow: RunwayRow = runwayRow({
  daysLeft: 31, host: 'shop-1', metric: 'cpu_p95_percent', resource: 'cpu', mount: undefined, totalBytes: undefined, cores: 8,
  threshold: 85, current: 71, growthPerDay: 0.1, peakForecast: 96, driver: 'christmas 2026',
});

/** mail-1's /var/mail: 86.4 % of 6 553 600 inodes used, +0.15 points (about 9 800 files) a day, 90 % on 15 December 2026. */
export const inodesRow: RunwayRow = runwayRow({
  daysLeft: 24, host: 'mail-1', metric: 'inodes_used_percent', resource: 'inodes /var/mail', mount: '/var/mail', totalBytes: undefined, inodesTotal: 6_553_600,
  threshold: 90, current: 86.4, growthPerDay: 0.15, peakForecast: 99,
});

/** shop-1's pool has cores to spare at its busiest; app-1's pool is short of memory itself from 18 December 2026. */
export const fixturePools: PoolHeadroom[] = [
  { customer: 'acme', pool: 'web', hosts: ['shop-1', 'shop-2'], resource: 'load', capacity: 24, usable: 24, peakForecast: 14.5, peakAtMs: Date.UTC(2026, 11, 20),
    crossingMs: null, lastDayMs: Date.UTC(2027, 4, 20), shortHosts: ['shop-1'], run: 'r', computedAtMs: NOW_MS },
  { customer: 'acme', pool: 'apps', hosts: ['app-1', 'app-2'], resource: 'memory', capacity: 64 * GiB, usable: 57.6 * GiB, peakForecast: 60 * GiB, peakAtMs: Date.UTC(2026, 11, 22),
    crossingMs: Date.UTC(2026, 11, 18), lastDayMs: Date.UTC(2027, 4, 20), shortHosts: ['app-1'], run: 'r', computedAtMs: NOW_MS },
];

/**
 * A percentage's 120 days of history and 60 of forecast: `level(d)` on day d from NOW_MS (with a
 * measured-looking wiggle in the past), the band widening with the days ahead, all within 0–100 %.
 */
function percentSeries(level: (d: number) => number, wiggle: number): NoticeSeries {
  const clamp = (v: number) => Math.max(0, Math.min(100, v));
  const history = days(-120, 0).map((d) => ({ timeMs: NOW_MS + d * DAY_MS, value: clamp(level(d) + wiggle * Math.sin(d * 1.9)) }));
  const forecast = days(1, 60).map((d) => {
    const value = clamp(level(d));
    const half = wiggle + 0.05 * d;
    return { timeMs: NOW_MS + d * DAY_MS, value, lower: clamp(value - half), upper: clamp(value + half) };
  });
  return { history, forecast };
}

/** Daily CPU percentile: a weekly pattern, rising over the five weeks before Christmas. */
function cpuLevel(d: number): number {
  const ms = NOW_MS + d * DAY_MS;
  const toXmas = (Date.UTC(2026, 11, 24) - ms) / DAY_MS;
  const season = toXmas >= 0 && toXmas < 35 ? 22 * (1 - toXmas / 35) : 0;
  return 64 + 0.1 * d + ([0, 6].includes(new Date(ms).getUTCDay()) ? 5 : 0) + season;
}

/** A customer short of memory, CPU and inodes, with two server pools: each new resource's sentences and chart. */
export function resourcesInput(language: Language, over: Partial<NoticeInput> = {}): NoticeInput {
  return fixtureInput(language, {
    rows: [memRow, cpuRow, inodesRow],
    series: new Map([
      [noticeRowKey(memRow), percentSeries((d) => memRow.current + memRow.growthPerDay * d, 0.8)],
      [noticeRowKey(cpuRow), percentSeries(cpuLevel, 2)],
      [noticeRowKey(inodesRow), percentSeries((d) => inodesRow.current + inodesRow.growthPerDay * d, 0.1)],
    ]),
    pools: fixturePools,
    ...over,
  });
}

export function fixtureInput(language: Language, over: Partial<NoticeInput> = {}): NoticeInput {
  return {
    customer: fixtureCustomer(language),
    rows: [loadRow, diskRow],
    series: new Map([
      [noticeRowKey(diskRow), diskSeries()],
      [noticeRowKey(loadRow), loadSeries()],
    ]),
    pools: [],
    nowMs: NOW_MS,
    withinDays: 30,
    hostingCompany: 'Nordhost A/S',
    ...over,
  };
}

function days(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
