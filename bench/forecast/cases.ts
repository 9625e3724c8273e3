import { aggregate } from '../../forecast/aggregate.ts';
import { holidayRanges } from '../../forecast/holidays.ts';
import type { HolidayRange } from '../../forecast/model.ts';
import { DAY_MS, type Series } from '../../forecast/series.ts';
import { demoFleet, hostBatches } from '../../scripts/demo-fleet/fleet.ts';

/** The resources whose crossings the fleet section scores. */
export type ResourceKind = 'disk' | 'load' | 'memory' | 'cpu' | 'inodes';

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
  kind?: ResourceKind;
  /** Fleet disks: when the simulated growth changes (a step, a faster rate); no forecast can see one before it happens. */
  changesMs?: number[];
  /** Fleet memory: the host's daily peak load, which the forecast job lets memory follow (forecast/job/through-load.ts). */
  load?: BenchSeries;
}

type Samples = { timeMs: number; value: number }[];

/** The daily 95th percentile as InfluxDB's percentile() takes it (nearest rank), which the daily rollup keeps for CPU. */
function dailyPercentile95(samples: Samples): Series {
  const byDay = new Map<number, number[]>();
  for (const s of samples) {
    const day = Math.floor(s.timeMs / DAY_MS) * DAY_MS;
    byDay.set(day, [...(byDay.get(day) ?? []), s.value]);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const startMs = days[0] ?? 0;
  const values = Array.from({ length: days.length === 0 ? 0 : (days.at(-1)! - startMs) / DAY_MS + 1 }, () => NaN);
  for (const [day, vs] of byDay) {
    const sorted = vs.sort((a, b) => a - b);
    values[(day - startMs) / DAY_MS] = sorted[Math.max(0, Math.floor(sorted.length * 0.95 + 0.5) - 1)]!;
  }
  return { startMs, stepMs: DAY_MS, values };
}

/** Days within which a fleet forecast must warn of a crossing (lead-time.ts). */
export const HORIZON_DAYS = 90;
/** Fleet forecasts reach this far, so crossings beyond the first 90 days are judged too. */
export const FLEET_HORIZON_DAYS = 240;
/** The fleet's "now": disks are anchored here, and the last rolling origin is this day. */
export const FLEET_END_MS = Date.UTC(2027, 4, 1);
/** Rolling origins every FLEET_ORIGIN_EVERY days over the 240 days up to FLEET_END_MS. */
export const FLEET_WINDOW_DAYS = 240;
export const FLEET_TRAIN_DAYS = 1095;

/**
 * The demo fleet with known truth: every host's hourly Telegraf points, simulated in-process from
 * 3 years before the first origin until 247 days after the last, aggregated as the forecast job reads
 * them: the daily maximum of disk used_percent and inode use (per mount), load1 and memory used_percent
 * (per host), and the daily 95th percentile of CPU use. The truth is the simulated future itself.
 * Another seed is another fleet with the same scenarios: its noise and its unremarkable hosts differ.
 */
export function fleetSeries(everyDays: number, hosts?: number, seed?: number): BenchSeries[] {
  const seeded = seed === undefined ? {} : { seed };
  const fleet = demoFleet({ endMs: FLEET_END_MS, ...(hosts ? { hosts } : {}), ...seeded });
  // A week past the horizon too: a crossing just after it is neither missed nor invented (score.ts).
  const days = FLEET_TRAIN_DAYS + FLEET_WINDOW_DAYS + FLEET_HORIZON_DAYS + 7;
  const endMs = FLEET_END_MS + (FLEET_HORIZON_DAYS + 7) * DAY_MS - 3_600_000;
  const out: BenchSeries[] = [];
  for (const host of fleet) {
    const load: Samples = [];
    const mem: Samples = [];
    const cpu: Samples = [];
    const disks = new Map<string, { used: Samples; inodes: Samples }>();
    for (const batch of hostBatches(host, { endMs, days, ...seeded })) {
      for (const p of batch) {
        const timeMs = Number(p.timeNs / 1_000_000n);
        const field = (name: string) => Number(p.fields[name]!.value);
        if (p.measurement === 'system') load.push({ timeMs, value: field('load1') });
        else if (p.measurement === 'mem') mem.push({ timeMs, value: field('used_percent') });
        // The demo speaks Telegraf: usage_percent is 100 − usage_idle, as ingest maps it.
        else if (p.measurement === 'cpu') cpu.push({ timeMs, value: Math.min(100, Math.max(0, 100 - field('usage_idle'))) });
        else if (p.measurement === 'disk') {
          const mount = p.tags.path ?? p.tags.mount ?? '';
          if (!disks.has(mount)) disks.set(mount, { used: [], inodes: [] });
          disks.get(mount)!.used.push({ timeMs, value: field('used_percent') });
          disks.get(mount)!.inodes.push({ timeMs, value: (100 * field('inodes_used')) / field('inodes_total') });
        }
      }
    }
    const holidays = holidayRanges(host.country, FLEET_END_MS - (days + 400) * DAY_MS, endMs + 200 * DAY_MS);
    const add = (name: string, series: Series, kind: ResourceKind, threshold: number, changesMs?: number[]): BenchSeries => {
      const firstOrigin = Math.round((FLEET_END_MS - FLEET_WINDOW_DAYS * DAY_MS - series.startMs) / DAY_MS);
      const origins: number[] = [];
      for (let o = firstOrigin; o <= firstOrigin + FLEET_WINDOW_DAYS; o += everyDays) origins.push(o);
      // As the forecast job does: calendar effects for what follows traffic, none for a store's level;
      // memory additive and without the calendar (its traffic-driven part follows the load's forecast).
      const traffic = kind === 'load' || kind === 'memory' || kind === 'cpu';
      const c: BenchSeries = {
        name, series, origins, trainDays: FLEET_TRAIN_DAYS, holidays: traffic && kind !== 'memory' ? holidays : [], kind, threshold,
        seasonality: kind === 'memory' ? 'additive' : traffic ? 'multiplicative' : 'additive',
        bounds: kind === 'load' ? { min: 0 } : { min: 0, max: 100 },
        ...(changesMs ? { changesMs } : {}),
      };
      out.push(c);
      return c;
    };
    const dailyMax = (samples: Samples) => aggregate(samples, DAY_MS, 'max');
    const loadCase = add(`${host.host} load`, dailyMax(load), 'load', host.cores);
    // Thresholds as the forecast job's defaults (RUNWAY_MEMORY_THRESHOLD_PERCENT, RUNWAY_CPU_THRESHOLD_PERCENT).
    add(`${host.host} memory`, dailyMax(mem), 'memory', 90, host.memLeak ? [host.memLeak.startMs] : []).load = loadCase;
    add(`${host.host} cpu`, dailyPercentile95(cpu), 'cpu', 85);
    for (const [mount, samples] of disks) {
      const disk = host.disks.find((d) => d.mount === mount);
      const changesMs = [...(disk?.accelAtMs !== undefined ? [disk.accelAtMs] : []), ...(disk?.steps.map((x) => x.atMs) ?? [])];
      add(`${host.host} ${mount}`, dailyMax(samples.used), 'disk', 90, changesMs);
      add(`${host.host} inodes ${mount}`, dailyMax(samples.inodes), 'inodes', 90, changesMs);
    }
  }
  return out;
}
