import type { PoolHeadroom, RunwayRow } from '../../core/runway-row.ts';
import { FORECAST_MEASUREMENT } from '../../core/schema.ts';
import type { QuerySeries, SeriesReader } from '../../core/store.ts';
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
      const members = pools.get(key) ?? [];
      pools.set(key, members);
      members.push(r);
    }
    const pooled = [...pools.values()].filter((members) => members.length >= 2);
    const forecasts = await forecastsOf(reader, how.metric, pooled.flatMap((members) => members.map((m) => m.host)), nowMs);
    for (const members of pooled) {
      const hosts = members.map((m) => m.host).sort();
      const series = hosts.flatMap((host) => forecasts.get(host) ?? []);
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
        pool: poolOf(members[0]!.host)!,
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

/** Hosts per query of their forecasts: one query per pool took thousands of queries, one after another, at 10,000 hosts. */
const HOSTS_PER_QUERY = 100;

/** This run's forecasts of one metric for these hosts (from the start of the run's day on), by host. */
async function forecastsOf(reader: SeriesReader, metric: string, hosts: readonly string[], nowMs: number): Promise<Map<string, QuerySeries[]>> {
  const out = new Map<string, QuerySeries[]>();
  const unique = [...new Set(hosts)].sort();
  for (let i = 0; i < unique.length; i += HOSTS_PER_QUERY) {
    const series = await reader.query(
      `SELECT "value" FROM "${FORECAST_MEASUREMENT}" WHERE "metric" = '${metric}' AND (${hostFilter(unique.slice(i, i + HOSTS_PER_QUERY))}) AND time >= ${Math.floor(nowMs / DAY_MS) * DAY_MS}ms GROUP BY "host"`,
    );
    for (const s of series) {
      const host = s.tags?.host ?? '';
      out.set(host, [...(out.get(host) ?? []), s]);
    }
  }
  return out;
}

/** Spare usable capacity at the pool's forecast peak (cores or bytes); negative when the pool itself is short. */
export const spareOf = (p: PoolHeadroom): number => p.usable - p.peakForecast;
