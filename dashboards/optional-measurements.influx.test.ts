/**
 * Integration test: the demo database may hold no alert, host status or holiday points, and a query on
 * an empty measurement "works" whatever field or tag names it uses. So every dashboard query on those
 * measurements also runs against a database of its own holding a few such points, written in the
 * documented shapes (status through the OCO poller's own point builder), and must find them.
 *
 * Run alone:  ./scripts/test dashboards/optional-measurements.influx
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { float, msToNs, str, type MetricPoint } from '../core/schema.ts';
import { hostStatus, statusPoint } from '../ingest/oco/host-status.ts';
import type { OcoResult } from '../ingest/oco/oco-protocol.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { panelAndAnnotationQueries, readsOptionalMeasurement, variableQueries } from './dashboard-queries.ts';
import { allDashboards } from './generate.ts';
import { influxQuery, nonNullRowCount } from './influx-test-client.ts';
import { interpolateQuery } from './query-interpolation.ts';

const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 11, 1);
const CUSTOMER = 'acme';
const HOST = 'acme-web1';

function alertPoint(state: 'firing' | 'resolved', severity: string, atMs: number): MetricPoint {
  return {
    measurement: 'alert',
    tags: { alertname: 'DiskFillingUp', severity, customer: CUSTOMER, host: HOST, resource: 'disk /var' },
    fields: {
      state: str(state),
      summary: str(`${HOST} disk /var reaches 90 %`),
      remediation: str('Grow the disk.'),
      fingerprint: str(`DiskFillingUp|${CUSTOMER}|${HOST}|disk /var`),
      firing: float(state === 'firing' ? 1 : 0),
    },
    timeNs: msToNs(atMs),
  };
}

function statusAt(code: number, atMs: number): MetricPoint {
  const oco: OcoResult = { code, failing: code > 200 ? [{ code, check: 'http' }] : [], version: null };
  return statusPoint(hostStatus({ customer: CUSTOMER, host: HOST, oco, lastSeenMs: atMs, nowMs: atMs, staleMs: 300_000 }));
}

const holiday: MetricPoint = {
  measurement: 'holiday',
  tags: { country: 'DK', name: 'juleaften' },
  fields: { text: str('Juleaften (DK)'), time_end: float(NOW_MS - 2 * DAY_MS) },
  timeNs: msToNs(NOW_MS - 3 * DAY_MS),
};

const points: MetricPoint[] = [
  alertPoint('firing', 'warning', NOW_MS - 5 * DAY_MS),
  alertPoint('firing', 'critical', NOW_MS - 4 * DAY_MS),
  statusAt(200, NOW_MS - 2 * 3_600_000),
  statusAt(398, NOW_MS - 3_600_000),
  holiday,
];

const range = { fromMs: NOW_MS - 30 * DAY_MS, toMs: NOW_MS, interval: '1h', intervalMs: 3_600_000 };
const context = { ...range, variables: { customer: CUSTOMER, host: HOST }, rawVariables: { country: '.*' } };

const queries = allDashboards().flatMap((dashboard) => [
  ...variableQueries(dashboard)
    .filter((v) => readsOptionalMeasurement(v.query))
    .map((v) => [`${dashboard.uid} variable $${v.name}`, v.query] as const),
  ...panelAndAnnotationQueries(dashboard)
    .filter((q) => readsOptionalMeasurement(q.query))
    .map((q) => [`${dashboard.uid} ${q.where}`, q.query] as const),
]);

describe('[influxdb] queries on alert, status and holiday points', () => {
  const config = testConfig();

  beforeAll(async () => {
    const store = storeFor(config);
    await store.ensureDatabase();
    await store.write(points);
  });

  it('covers each optional measurement', () => {
    for (const measurement of ['alert', 'status', 'holiday']) {
      expect(queries.some(([, query]) => query.includes(`FROM "${measurement}"`)), measurement).toBe(true);
    }
  });

  it.each(queries)('%s finds the points', async (where, query) => {
    const rows = nonNullRowCount(await influxQuery(interpolateQuery(query, context), config.influxDb));
    expect(rows, where).toBeGreaterThan(0);
  });
});
