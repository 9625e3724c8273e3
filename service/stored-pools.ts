import { POOL_FIELD as F, POOL_TAG, type PoolHeadroom } from '../core/runway-row.ts';
import { POOL_MEASUREMENT, float, msToNs, str, type MetricPoint } from '../core/schema.ts';
import type { QuerySeries, SeriesReader } from '../core/store.ts';
import { storedFields } from './stored-fields.ts';

const RESOURCES: readonly string[] = ['load', 'memory'] satisfies PoolHeadroom['resource'][];

/** A pool's headroom as stored for Grafana and for `runway notices`: one point per pool and resource per run. */
export function poolPoint(p: PoolHeadroom): MetricPoint {
  const fields: MetricPoint['fields'] = {
    [F.capacity]: float(p.capacity),
    [F.usable]: float(p.usable),
    [F.hosts]: float(p.hosts.length),
    [F.hostList]: str(p.hosts.join(',')),
    [F.shortHosts]: str(p.shortHosts.join(',')),
    [F.run]: str(p.run),
  };
  if (Number.isFinite(p.peakForecast)) {
    fields[F.peakForecast] = float(p.peakForecast);
    fields[F.headroom] = float(p.usable - p.peakForecast);
    fields[F.headroomPercent] = float((100 * (p.usable - p.peakForecast)) / p.usable);
  }
  if (p.peakAtMs !== null) fields[F.peakAtMs] = float(p.peakAtMs);
  if (p.crossingMs !== null) fields[F.crossingMs] = float(p.crossingMs);
  if (p.lastDayMs !== null) fields[F.lastDayMs] = float(p.lastDayMs);
  return { measurement: POOL_MEASUREMENT, tags: { [POOL_TAG.customer]: p.customer, [POOL_TAG.pool]: p.pool, [POOL_TAG.resource]: p.resource }, fields, timeNs: msToNs(p.computedAtMs) };
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
  const capacity = num(F.capacity);
  const usable = num(F.usable);
  if (computedAtMs === null || capacity === null || usable === null || !RESOURCES.includes(resource)) return null;
  return {
    customer,
    pool,
    hosts: list(F.hostList),
    resource: resource as PoolHeadroom['resource'],
    capacity,
    usable,
    peakForecast: num(F.peakForecast) ?? NaN,
    peakAtMs: num(F.peakAtMs),
    crossingMs: num(F.crossingMs),
    lastDayMs: num(F.lastDayMs),
    shortHosts: list(F.shortHosts),
    run: text(F.run) ?? '',
    computedAtMs,
  };
}
