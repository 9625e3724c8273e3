import type { PoolHeadroom } from '../core/runway-row.ts';
import { POOL_MEASUREMENT, float, msToNs, str, type MetricPoint } from '../core/schema.ts';
import type { QuerySeries, SeriesReader } from '../core/store.ts';
import { storedFields } from './stored-fields.ts';

const RESOURCES: readonly string[] = ['load', 'memory'] satisfies PoolHeadroom['resource'][];

/** A pool's headroom as stored for Grafana and for `runway notices`: one point per pool and resource per run. */
export function poolPoint(p: PoolHeadroom): MetricPoint {
  const fields: MetricPoint['fields'] = {
    capacity: float(p.capacity),
    usable: float(p.usable),
    hosts: float(p.hosts.length),
    host_list: str(p.hosts.join(',')),
    short_hosts: str(p.shortHosts.join(',')),
    run: str(p.run),
  };
  if (Number.isFinite(p.peakForecast)) {
    fields.peak_forecast = float(p.peakForecast);
    fields.headroom = float(p.usable - p.peakForecast);
    fields.headroom_percent = float((100 * (p.usable - p.peakForecast)) / p.usable);
  }
  if (p.peakAtMs !== null) fields.peak_at_ms = float(p.peakAtMs);
  if (p.crossingMs !== null) fields.crossing_ms = float(p.crossingMs);
  if (p.lastDayMs !== null) fields.last_day_ms = float(p.lastDayMs);
  return { measurement: POOL_MEASUREMENT, tags: { customer: p.customer, pool: p.pool, resource: p.resource }, fields, timeNs: msToNs(p.computedAtMs) };
}

/**
 * The pools the run of `computedAtMs` stored (the capacity cycle of `runway serve` stores them with
 * its runway rows, at the run's time), so that `runway notices` can say what a pool can absorb
 * without forecasting again. Empty when that run stored none (no pools of two or more hosts).
 */
export async function readPoolsOfRun(reader: SeriesReader, computedAtMs: number): Promise<PoolHeadroom[]> {
  const series = await reader.query(`SELECT * FROM "${POOL_MEASUREMENT}" WHERE time = ${computedAtMs}ms GROUP BY "customer", "pool", "resource"`);
  return series.flatMap((s) => poolOf(s) ?? []);
}

function poolOf(s: QuerySeries): PoolHeadroom | null {
  const stored = storedFields(s);
  if (!stored) return null;
  const { num, text } = stored;
  const list = (name: string): string[] => text(name)?.split(',').filter((h) => h !== '') ?? [];
  const { customer = '', pool = '', resource = '' } = stored.tags;
  const computedAtMs = num('time');
  const capacity = num('capacity');
  const usable = num('usable');
  if (computedAtMs === null || capacity === null || usable === null || !RESOURCES.includes(resource)) return null;
  return {
    customer,
    pool,
    hosts: list('host_list'),
    resource: resource as PoolHeadroom['resource'],
    capacity,
    usable,
    peakForecast: num('peak_forecast') ?? NaN,
    peakAtMs: num('peak_at_ms'),
    crossingMs: num('crossing_ms'),
    lastDayMs: num('last_day_ms'),
    shortHosts: list('short_hosts'),
    run: text('run') ?? '',
    computedAtMs,
  };
}
