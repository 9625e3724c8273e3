/**
 * Integration test: every variable, panel and annotation query of the Runway dashboards, interpolated as
 * Grafana would, run against the demo fleet and forecast run that vitest's global setup loads into the
 * real InfluxDB. Catches InfluxQL syntax errors, wrong measurement/field/tag names and filters that
 * match nothing, without a Grafana. Queries on measurements that may be empty (alerts, host status,
 * holidays) must run without error but need not return rows.
 *
 * Run alone:  ./scripts/test dashboards/dashboard-queries.influx
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { panelAndAnnotationQueries, readsOptionalMeasurement, variableQueries } from './dashboard-queries.ts';
import { allDashboards } from './generate.ts';
import { rowCount } from './influx-test-client.ts';
import { answeringIntervalsMs } from './rollup-targets.ts';
import { chooseVariables, DEMO_RANGE, DEMO_RANGE_DAILY, runQuery as run, variableValues, type Selection } from './variable-selection.ts';

const dashboards = allDashboards().map((d) => [d.uid, d] as const);

describe.each(dashboards)('[influxdb] queries of dashboard %s', (_uid, dashboard) => {
  let chosen: Selection = { values: {}, raw: {} };
  const variables = variableQueries(dashboard);
  const required = variables.filter((v) => !readsOptionalMeasurement(v.query)).map((v) => [v.name, v.query]);
  const optional = variables.filter((v) => readsOptionalMeasurement(v.query)).map((v) => [v.name, v.query]);
  const queries = panelAndAnnotationQueries(dashboard);
  const mustHaveRows = queries.filter((q) => q.kind === 'panel' && !readsOptionalMeasurement(q.query));
  const mayBeEmpty = queries.filter((q) => q.kind === 'annotation' || readsOptionalMeasurement(q.query));

  beforeAll(async () => {
    chosen = await chooseVariables(dashboard);
  });

  it.each(required)('variable $%s lists values', async (name, query) => {
    const values = await variableValues(query, chosen);
    expect(values.length, `no values for $${name} with ${JSON.stringify(chosen)}`).toBeGreaterThan(0);
    expect(values).toContain(chosen.values[name]);
  });

  it.each(optional)('variable $%s (may list nothing) runs', async (_name, query) => {
    await expect(run(query, chosen)).resolves.toBeInstanceOf(Array);
  });

  // A panel reading the rollups has a target per tier; at any interval exactly one of them answers.
  const tiered = queries.filter((q) => answeringIntervalsMs(q.query).toMs !== Infinity || answeringIntervalsMs(q.query).fromMs > 0);
  it.each(tiered.map((q) => [q.where, q.query]))('%s is silent at the other rollup tier\'s interval', async (where, query) => {
    const other = answeringIntervalsMs(query).fromMs > 0 ? DEMO_RANGE : DEMO_RANGE_DAILY;
    expect(rowCount(await run(query, chosen, undefined, other)), where).toBe(0);
  });

  it.each(mustHaveRows.map((q) => [q.where, q.query]))('%s returns rows', async (where, query) => {
    const rows = rowCount(await run(query, chosen));
    expect(rows, `${where} is empty with ${JSON.stringify(chosen)}`).toBeGreaterThan(0);
  });

  // Alerts exist only once a rule fired, host status only with OCO polling, holidays once the forecast
  // job writes them: an empty answer is fine, but the query must still be valid InfluxQL.
  it.each(mayBeEmpty.map((q) => [q.where, q.query]))('%s runs', async (_where, query) => {
    await expect(run(query, chosen)).resolves.toBeInstanceOf(Array);
  });
});
