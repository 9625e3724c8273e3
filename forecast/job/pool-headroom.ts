import type { PoolHeadroom, RunwayRow } from '../../core/runway-row.ts';
import { FORECAST_MEASUREMENT } from '../../core/schema.ts';
import type { SeriesReader } from '../../core/store.ts';
import { hostFilter } from './fleet-chunks.ts';

const DAY_MS = 86_400_000;

/** Per pooled resource: the metric whose forecasts are summed, and each host's capacity and its value in that unit. */
const POOLED = {
  load: { metric: 'load_daily_max', capacity: (r: RunwayRow) => r.threshold, usable: (r: RunwayRow) => r.threshold, scale: () => 1 },
  memory: {
    metric: 'mem_used_percent',
    capacity: (r: RunwayRow) => r.totalBytes,
    usable: (r: RunwayRow) => ((r.totalBytes ?? 0) * r.threshold) / 100,
    scale: (r: RunwayRow) => (r.totalBytes ?? 0) / 100,
  },
} as const;

/**
 * The headroom of every pool of two or more hosts, for peak load and for memory, from the
 * forecasts this run stored (forecast points from the start of the run's day on are this run's:
 * each run overwrites the whole horizon). Days missing for any host of a pool are not summed.
 */
export async function poolHeadroom(reader: SeriesReader, rows: readonly RunwayRow[], poolOf: (host: string) => string | undefined, nowMs: number): Promise<PoolHeadroom[]> {
  const out: PoolHeadroom[] = [];
  for (const [resource, how] of Object.entries(POOLED) as [PoolHeadroom['resource'], (typeof POOLED)[keyof typeof POOLED]][]) {
    const pools = new Map<string, RunwayRow[]>();
    for (const r of rows) {
      const pool = r.metric === how.metric ? poolOf(r.host) : undefined;
      if (pool === undefined || how.capacity(r) === undefined) continue;
      const key = `${r.customer}\u0000${pool}`;
      pools.set(key, [...(pools.get(key) ?? []), r]);
    }
    for (const [key, members] of pools) {
      if (members.length < 2) continue;
      const hosts = members.map((m) => m.host).sort();
      const series = await reader.query(
        `SELECT "value" FROM "${FORECAST_MEASUREMENT}" WHERE "metric" = '${how.metric}' AND (${hostFilter(hosts)}) AND time >= ${Math.floor(nowMs / DAY_MS) * DAY_MS}ms GROUP BY "host"`,
      );
      const scale = new Map(members.map((m) => [m.host, how.scale(m)]));
      const sums = new Map<number, { sum: number; n: number }>();
      for (const s of series) {
        const k = scale.get(s.tags?.host ?? '') ?? NaN;
        for (const [t, v] of s.values) {
          if (typeof t !== 'number' || typeof v !== 'number') continue;
          const day = sums.get(t) ?? { sum: 0, n: 0 };
          sums.set(t, { sum: day.sum + v * k, n: day.n + 1 });
        }
      }
      const usable = members.reduce((a, m) => a + how.usable(m), 0);
      const days = [...sums].filter(([, d]) => d.n === hosts.length && Number.isFinite(d.sum)).sort(([a], [b]) => a - b);
      let peak: [number, number] | null = null;
      for (const [t, d] of days) if (!peak || d.sum > peak[1]) peak = [t, d.sum];
      out.push({
        customer: members[0]!.customer,
        pool: key.split('\u0000')[1]!,
        hosts,
        resource,
        capacity: members.reduce((a, m) => a + (how.capacity(m) ?? 0), 0),
        usable,
        peakForecast: peak?.[1] ?? NaN,
        peakAtMs: peak?.[0] ?? null,
        crossingMs: days.find(([, d]) => d.sum > usable)?.[0] ?? null,
        lastDayMs: days.at(-1)?.[0] ?? null,
        shortHosts: members.filter((m) => m.crossing.likely !== null).map((m) => m.host).sort(),
        run: members[0]!.run,
        computedAtMs: members[0]!.computedAtMs,
      });
    }
  }
  return out.sort((a, b) => a.customer.localeCompare(b.customer) || a.pool.localeCompare(b.pool) || a.resource.localeCompare(b.resource));
}

/** Spare usable capacity at the pool's forecast peak (cores or bytes); negative when the pool itself is short. */
export const spareOf = (p: PoolHeadroom): number => p.usable - p.peakForecast;
