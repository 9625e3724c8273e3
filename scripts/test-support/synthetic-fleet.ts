import { RollupMaintainer } from '../../core/impl/rollup-maintainer.ts';
import { prepareRollups } from '../../core/impl/rollup-schema.ts';
import { float, msToNs, type MetricPoint } from '../../core/schema.ts';
import type { MetricStore, MetricWriter, StoreAdmin } from '../../core/store.ts';
import type { RunwayRow } from '../../core/runway-row.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const SYNTHETIC_HOSTS = ['shop1', 'shop2', 'db1', 'mail1', 'web1'];

/**
 * Hourly disk use (bytes and inodes), load, memory and CPU of a few hosts over 400 days: growth, a
 * weekly rhythm and a daily swing; CPU with one busy hour a day, so its daily 95th percentile and
 * its maximum differ.
 */
export function fleetPoints(nowMs: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  const start = Math.floor(nowMs / DAY_MS) * DAY_MS - 400 * DAY_MS;
  SYNTHETIC_HOSTS.forEach((host, h) => {
    for (let t = start, i = 0; t < nowMs; t += HOUR_MS, i++) {
      const day = i / 24;
      const tags = { customer: h % 2 ? 'acme' : 'hygge', host };
      const disk = 30 + day * (0.03 + h * 0.015) + 2 * Math.sin((2 * Math.PI * i) / 24) + (h === 2 && day > 300 ? 8 : 0);
      const load = (1 + h) * (1 + 0.4 * Math.sin((2 * Math.PI * day) / 7)) * (1 + 0.3 * Math.sin((2 * Math.PI * i) / 24)) * (1 + day / 800);
      const inodes = 2e6 * (0.2 + day * (0.0004 + h * 0.0002)) * (1 + 0.01 * Math.sin((2 * Math.PI * i) / 24));
      const mem = 35 + 8 * Math.sin((2 * Math.PI * day) / 7) + 3 * Math.sin((2 * Math.PI * i) / 24) + day * 0.02 * h;
      const cpu = Math.min(100, (10 + 6 * h) * (1 + 0.3 * Math.sin((2 * Math.PI * i) / 24)) * (1 + day / 600) + (i % 24 === 3 ? 40 : 0));
      points.push({
        measurement: 'disk',
        tags: { ...tags, mount: '/', device: 'sda1' },
        fields: { used_percent: float(disk), total_bytes: float(1e11), inodes_used: float(Math.round(inodes)), inodes_total: float(2e6) },
        timeNs: msToNs(t),
      });
      points.push({ measurement: 'system', tags, fields: { load1: float(load), n_cpus: float(4 + h) }, timeNs: msToNs(t) });
      points.push({ measurement: 'mem', tags, fields: { used_percent: float(mem), total_bytes: float(16 * 2 ** 30) }, timeNs: msToNs(t) });
      points.push({ measurement: 'cpu', tags, fields: { usage_percent: float(cpu) }, timeNs: msToNs(t) });
    }
  });
  return points;
}

/** The synthetic fleet in a fresh database, raw points kept forever (both sources hold every day) and rolled up. */
export async function loadSyntheticFleet(store: MetricStore & StoreAdmin, nowMs: number): Promise<void> {
  await store.ensureDatabase();
  const source = await prepareRollups(store, { rawRetentionDays: 0, rollupRetentionDays: 0, log: { info() {}, warn() {} } });
  if (source !== 'rollup') throw new Error('this InfluxDB refused the rollup retention policies');
  await store.write(fleetPoints(nowMs));
  const rollups = new RollupMaintainer({ admin: store, rawRetentionDays: 0 });
  rollups.touched(nowMs - 401 * DAY_MS, nowMs);
  await rollups.run(nowMs);
}

/** Collects what the job writes, so two runs can be compared point by point. */
export function collector(): MetricWriter & { points: MetricPoint[] } {
  const points: MetricPoint[] = [];
  return { points, write: async (batch) => void points.push(...batch) };
}

export const byRow = (rows: readonly RunwayRow[]): RunwayRow[] => [...rows].sort((a, b) => `${a.host} ${a.resource}`.localeCompare(`${b.host} ${b.resource}`));
