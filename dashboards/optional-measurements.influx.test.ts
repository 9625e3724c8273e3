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
import { OPTIONAL_CONTEXT as context, writeOptionalPoints } from './optional-points.ts';
import { answeringIntervalsMs } from './rollup-targets.ts';
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
    await writeOptionalPoints(storeFor(config));
  });

  it('covers each optional measurement', () => {
    for (const measurement of ['alert', 'status', 'holiday']) {
      expect(queries.some(([, query]) => query.includes(`FROM "${measurement}"`)), measurement).toBe(true);
    }
  });

  it.each(queries)('%s finds the points', async (where, query) => {
    // A rollup tier's query answers at its own interval.
    const daily = answeringIntervalsMs(query).fromMs >= 86_400_000;
    const at = daily ? { ...context, interval: '1d', intervalMs: 86_400_000 } : context;
    const rows = nonNullRowCount(await influxQuery(interpolateQuery(query, at), config.influxDb));
    expect(rows, where).toBeGreaterThan(0);
  });
});
