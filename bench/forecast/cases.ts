import { aggregate } from '../../forecast/aggregate.ts';
import { holidayRanges } from '../../forecast/holidays.ts';
import type { HolidayRange } from '../../forecast/model.ts';
import { DAY_MS, type Series } from '../../forecast/series.ts';
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
 * 3 years before the first origin until 247 days after the last, aggregated to the daily maximum of
 * disk used_percent (per mount) and load1 (per host). The truth is the simulated future itself.
 */
export function fleetSeries(everyDays: number, hosts?: number): BenchSeries[] {
  const fleet = demoFleet({ endMs: FLEET_END_MS, ...(hosts ? { hosts } : {}) });
  // A week past the horizon too: a crossing just after it is neither missed nor invented (score.ts).
  const days = FLEET_TRAIN_DAYS + FLEET_WINDOW_DAYS + FLEET_HORIZON_DAYS + 7;
  const endMs = FLEET_END_MS + (FLEET_HORIZON_DAYS + 7) * DAY_MS - 3_600_000;
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
