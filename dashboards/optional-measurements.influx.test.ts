/**
 * Integration test: the demo database may hold no alert, host status or holiday points, and a query on
 * an empty measurement "works" whatever field or tag names it uses. So every dashboard query on those
 * measurements also runs against a database of its own holding a few such points, written in the
 * documented shapes (status through the OCO poller's own point builder), and must find them.
 *
 * Run alone:  ./scripts/test dashboards/optional-measurements.influx
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { panelAndAnnotationQueries, readsOptionalMeasurement, variableQueries } from './dashboard-queries.ts';
import { allDashboards } from './generate.ts';
import { influxQuery, nonNullRowCount } from './influx-test-client.ts';
import { OPTIONAL_CONTEXT as context, OPTIONAL_POINTS as points } from './optional-points.ts';
import { interpolateQuery } from './query-interpolation.ts';

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
