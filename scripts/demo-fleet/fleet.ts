/**
 * A deterministic demo fleet: ~30 hosts of six Danish, Swedish and German customers whose
 * Telegraf metrics show the situations Runway must forecast (disks about to fill, Christmas and
 * Mother's Day peaks that outgrow the cores) next to many hosts that are fine.
 */
import { msToNs, type MetricPoint } from '../../core/schema.ts';
import { DAY_MS } from './calendar.ts';
import { DiskSeries } from './disk-model.ts';
import { buildHost, FLEET, PRIORITY } from './fleet-spec.ts';
import { HostLoad } from './load-model.ts';
import { HostSampler } from './telegraf-points.ts';
import type { DemoFleetOptions, DemoHost } from './types.ts';

export type { DemoDisk, DemoFleetOptions, DemoHost, HostKind, LoadProfile } from './types.ts';

export const DEFAULT_SEED = 42;
export const DEFAULT_DAYS = 730;
export const DEFAULT_STEP_MS = 3_600_000;
/** How far demoTruth continues the simulation. */
export const TRUTH_HORIZON_DAYS = 400;

interface Grid {
  seed: number;
  endMs: number;
  stepMs: number;
  samples: number;
}

/** Normalised options: endMs floored onto the step grid so that samples fall on the hour. */
function grid(opts: DemoFleetOptions): Grid {
  const stepMs = opts.stepMs ?? DEFAULT_STEP_MS;
  if (!(stepMs > 0) || !Number.isFinite(opts.endMs)) throw new Error('demo fleet: endMs and stepMs must be finite, stepMs > 0');
  const days = opts.days ?? DEFAULT_DAYS;
  return {
    seed: opts.seed ?? DEFAULT_SEED,
    endMs: Math.floor(opts.endMs / stepMs) * stepMs,
    stepMs,
    samples: Math.max(1, Math.floor((days * DAY_MS) / stepMs)),
  };
}

/** The hosts, in fleet order; `hosts` < 30 keeps the most telling ones (see PRIORITY). */
export function demoFleet(opts: DemoFleetOptions): DemoHost[] {
  const g = grid(opts);
  const n = Math.max(1, Math.min(FLEET.length, opts.hosts ?? FLEET.length));
  const order = [...PRIORITY, ...FLEET.map((h) => h.host).filter((h) => !PRIORITY.includes(h))];
  const keep = new Set(order.slice(0, n));
  return FLEET.filter((h) => keep.has(h.host)).map((h) => buildHost(h, g.endMs, g.seed));
}

/** Number of points hostBatches yields for a host, for progress reporting. */
export function hostPointCount(host: DemoHost, opts: DemoFleetOptions): number {
  return grid(opts).samples * (3 + host.disks.length);
}

/** Telegraf-shaped points for one host, in time order, chunked so memory stays bounded. */
export function* hostBatches(host: DemoHost, opts: DemoFleetOptions, batchPoints = 5000): Generator<MetricPoint[]> {
  const g = grid(opts);
  const sampler = new HostSampler(host, g.seed);
  const size = Math.max(1, Math.floor(batchPoints));
  const startMs = g.endMs - (g.samples - 1) * g.stepMs;
  let batch: MetricPoint[] = [];
  for (let i = 0; i < g.samples; i++) {
    const ms = startMs + i * g.stepMs;
    sampler.pointsAt(ms, msToNs(ms), batch);
    while (batch.length >= size) {
      // An instant's points may straddle two batches; keep each batch at exactly `size`.
      const rest = batch.slice(size);
      batch.length = size;
      yield batch;
      batch = rest;
    }
  }
  if (batch.length > 0) yield batch;
}

export interface DiskTruth {
  customer: string;
  host: string;
  mount: string;
  scenario: string;
  /** First sample after endMs with used_percent ≥ 90, or null within TRUTH_HORIZON_DAYS. */
  fullAt90Ms: number | null;
}

export interface LoadTruth {
  customer: string;
  host: string;
  scenario: string;
  /** Start (00:00 UTC) of the first day after endMs whose max load1 ≥ cores, or null. */
  overloadMs: number | null;
  /** 'christmas' | 'black-friday' | 'mothers-day' | 'valentines' | 'growth', null without overload. */
  driver: string | null;
}

/** Known truth, by continuing the very same simulation past endMs. */
export function demoTruth(opts: DemoFleetOptions): { disks: DiskTruth[]; load: LoadTruth[] } {
  const g = grid(opts);
  const steps = Math.floor((TRUTH_HORIZON_DAYS * DAY_MS) / g.stepMs);
  const disks: DiskTruth[] = [];
  const load: LoadTruth[] = [];
  for (const host of demoFleet(opts)) {
    for (const disk of host.disks) {
      const series = new DiskSeries(disk, host.host, g.seed);
      let fullAt90Ms: number | null = null;
      for (let i = 1; i <= steps && fullAt90Ms === null; i++) {
        const ms = g.endMs + i * g.stepMs;
        if (series.sample(ms).usedPercent >= 90) fullAt90Ms = ms;
      }
      disks.push({ customer: host.customer, host: host.host, mount: disk.mount, scenario: disk.scenario, fullAt90Ms });
    }
    const model = new HostLoad(host, g.seed);
    let overloadMs: number | null = null;
    let driver: string | null = null;
    for (let i = 1; i <= steps && overloadMs === null; i++) {
      const ms = g.endMs + i * g.stepMs;
      const s = model.at(ms);
      if (s.load1 >= host.cores) {
        overloadMs = Math.floor(ms / DAY_MS) * DAY_MS;
        driver = s.event ?? 'growth';
      }
    }
    load.push({ customer: host.customer, host: host.host, scenario: host.scenario, overloadMs, driver });
  }
  return { disks, load };
}
