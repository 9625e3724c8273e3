/**
 * Test fixture: a few alert, host status and holiday points in the documented shapes (status through
 * the OCO poller's own point builder), for the measurements the demo database may not hold, and pools
 * of every headroom verdict (through the capacity cycle's own point builder). Written
 * into a database of its own, so dashboard queries and panels on them can be checked against rows.
 */
import type { InfluxHttpStore } from '../core/impl/influx-http-store.ts';
import { rollUp } from '../core/impl/rollup-queries.ts';
import { prepareRollups } from '../core/impl/rollup-schema.ts';
import { RAW_RP } from '../core/rollups.ts';
import { float, msToNs, str, type MetricPoint } from '../core/schema.ts';
import type { PoolHeadroom } from '../core/runway-row.ts';
import { hostStatus, statusPoint } from '../ingest/oco/host-status.ts';
import { poolPoint } from '../service/stored-pools.ts';
import type { OcoResult } from '../ingest/oco/oco-protocol.ts';
import type { InterpolationContext } from './query-interpolation.ts';

const DAY_MS = 86_400_000;
export const OPTIONAL_NOW_MS = Date.UTC(2026, 11, 1);
export const OPTIONAL_CUSTOMER = 'acme';
export const OPTIONAL_HOST = 'acme-web1';

function alertPoint(state: 'firing' | 'resolved', severity: string, atMs: number): MetricPoint {
  return {
    measurement: 'alert',
    tags: { alertname: 'DiskFillingUp', severity, customer: OPTIONAL_CUSTOMER, host: OPTIONAL_HOST, resource: 'disk /var' },
    fields: {
      state: str(state),
      summary: str(`${OPTIONAL_HOST} disk /var reaches 90 %`),
      remediation: str('Grow the disk.'),
      fingerprint: str(`DiskFillingUp|${OPTIONAL_CUSTOMER}|${OPTIONAL_HOST}|disk /var`),
      firing: float(state === 'firing' ? 1 : 0),
    },
    timeNs: msToNs(atMs),
  };
}

function statusAt(code: number, atMs: number): MetricPoint {
  const oco: OcoResult = { code, failing: code > 200 ? [{ code, check: 'http' }] : [], version: null };
  const status = hostStatus({
    customer: OPTIONAL_CUSTOMER,
    host: OPTIONAL_HOST,
    oco,
    lastSeenMs: atMs,
    nowMs: atMs,
    staleMs: 300_000,
  });
  return statusPoint(status);
}

const holiday: MetricPoint = {
  measurement: 'holiday',
  tags: { customer: OPTIONAL_CUSTOMER, country: 'DK', name: 'juleaften' },
  fields: { text: str('Juleaften (DK)'), time_end: float(OPTIONAL_NOW_MS - 2 * DAY_MS) },
  timeNs: msToNs(OPTIONAL_NOW_MS - 3 * DAY_MS),
};

const GiB = 1024 ** 3;

/** A pool's headroom as the capacity cycle stores it (through its own point builder). */
function pool(name: string, resource: PoolHeadroom['resource'], capacity: number, usable: number, peakForecast: number, shortHosts: string[]): MetricPoint {
  const hosts = [`${OPTIONAL_CUSTOMER}-${name}1`, `${OPTIONAL_CUSTOMER}-${name}2`];
  const peakAtMs = Number.isFinite(peakForecast) ? OPTIONAL_NOW_MS + 24 * DAY_MS : null;
  const computedAtMs = OPTIONAL_NOW_MS - DAY_MS;
  return poolPoint({ customer: OPTIONAL_CUSTOMER, pool: name, hosts, resource, capacity, usable, peakForecast, peakAtMs, crossingMs: null, lastDayMs: null, shortHosts, run: new Date(computedAtMs).toISOString(), computedAtMs });
}

/**
 * Pools of every verdict: the web pool's summed peak load is over its cores (short), its memory fits
 * though one host is short alone; the db pool's peak load leaves under 10 % spare (tight), and its hosts
 * share no forecast day (no summed peak).
 */
export const OPTIONAL_POOLS: readonly MetricPoint[] = [
  pool('web', 'load', 16, 16, 19.5, [`${OPTIONAL_CUSTOMER}-web1`]),
  pool('web', 'memory', 64 * GiB, 57.6 * GiB, 31.2 * GiB, [`${OPTIONAL_CUSTOMER}-web2`]),
  pool('db', 'load', 24, 24, 22.8, []),
  pool('db', 'memory', 256 * GiB, 230.4 * GiB, NaN, []),
];

/** An alert that fired as a warning and escalated to critical; a host that went from OK to KO (398). */
export const OPTIONAL_POINTS: readonly MetricPoint[] = [
  alertPoint('firing', 'warning', OPTIONAL_NOW_MS - 5 * DAY_MS),
  alertPoint('firing', 'critical', OPTIONAL_NOW_MS - 4 * DAY_MS),
  statusAt(200, OPTIONAL_NOW_MS - 2 * 3_600_000),
  statusAt(398, OPTIONAL_NOW_MS - 3_600_000),
  holiday,
  ...OPTIONAL_POOLS,
];

/** Writes the fixture and rolls up its days, as runway serve would (host status charts read the rollups). */
export async function writeOptionalPoints(store: InfluxHttpStore): Promise<void> {
  await store.ensureDatabase();
  await store.write(OPTIONAL_POINTS);
  await prepareRollups(store, { rawRetentionDays: 0, rollupRetentionDays: 0, log: { info() {}, warn() {} } });
  await rollUp(store, { fromMs: OPTIONAL_NOW_MS - 10 * DAY_MS, toMs: OPTIONAL_NOW_MS + DAY_MS, source: RAW_RP });
}

/** The last 30 days, the fixture's customer and host, and every holiday country. */
export const OPTIONAL_CONTEXT: InterpolationContext = {
  fromMs: OPTIONAL_NOW_MS - 30 * DAY_MS,
  toMs: OPTIONAL_NOW_MS,
  interval: '1h',
  intervalMs: 3_600_000,
  variables: { customer: OPTIONAL_CUSTOMER, host: OPTIONAL_HOST },
  rawVariables: { country: '.*' },
};
