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
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  panelAndAnnotationQueries,
  readsOptionalMeasurement,
  variableQueries,
  type DashboardQuery,
  type VariableQuery,
} from './dashboard-queries.ts';
import { allDashboards } from './generate.ts';
import { influxQuery, rowCount, type Series } from './influx-test-client.ts';
import { interpolateQuery, type InterpolationContext } from './query-interpolation.ts';
import { DEMO_NOW_MS } from '../scripts/test-support/global-setup.ts';

const DAY_MS = 86_400_000;
/** The demo data's own "now", so the range holds its history and forecasts whatever day the tests run. */
const NOW_MS = DEMO_NOW_MS;
/** Two years of history and the forecast horizon, with a fixed 1h interval. */
const RANGE: Omit<InterpolationContext, 'variables'> = {
  fromMs: NOW_MS - 730 * DAY_MS,
  toMs: NOW_MS + 90 * DAY_MS,
  interval: '1h',
  intervalMs: 3_600_000,
};
/** Values tried per variable, and variable combinations tried per dashboard, when looking for data. */
const MAX_VALUES_PER_VARIABLE = 8;
const MAX_COMBINATIONS = 40;

/** What a user picked: plain values (regex-escaped by Grafana) and "All" choices (inserted verbatim). */
interface Selection {
  values: Record<string, string>;
  raw: Record<string, string>;
}

const run = (query: string, selection: Selection): Promise<Series[]> =>
  influxQuery(interpolateQuery(query, { ...RANGE, variables: selection.values, rawVariables: selection.raw }));

/** The values a variable query offers: SHOW TAG VALUES answers in a `value` column. */
async function variableValues(query: string, chosen: Selection): Promise<string[]> {
  const series = await run(query, chosen);
  return series.flatMap((s) => s.values.map((row) => String(row[s.columns.indexOf('value')])));
}

/** A failing query counts as empty here; its own test then reports the error. */
async function allReturnRows(queries: DashboardQuery[], selection: Selection): Promise<boolean> {
  for (const q of queries) {
    const rows = await run(q.query, selection).then(rowCount, () => 0);
    if (rows === 0) return false;
  }
  return true;
}

/** The choices for one variable: its values, or "All" when it has none (e.g. no holiday written yet). */
async function choicesFor(variable: VariableQuery, chosen: Selection): Promise<Selection[]> {
  const values = await variableValues(variable.query, chosen).catch(() => []);
  if (values.length === 0 && variable.allValue !== undefined) {
    return [{ values: chosen.values, raw: { ...chosen.raw, [variable.name]: variable.allValue } }];
  }
  return values
    .slice(0, MAX_VALUES_PER_VARIABLE)
    .map((value) => ({ values: { ...chosen.values, [variable.name]: value }, raw: chosen.raw }));
}

/**
 * Picks a real value for every variable, as a user would from the drop-downs: resolved in dashboard
 * order (chained variables see earlier choices), preferring a combination for which every panel query
 * that must have data has some. Falls back to the first values, so the per-query tests then show which
 * query is empty.
 */
async function chooseVariables(dashboard: Dashboard): Promise<Selection> {
  const variables = variableQueries(dashboard);
  const mustHaveRows = panelAndAnnotationQueries(dashboard).filter(
    (q) => q.kind === 'panel' && !readsOptionalMeasurement(q.query),
  );
  let first: Selection | undefined;
  let tried = 0;
  const search = async (index: number, chosen: Selection): Promise<Selection | undefined> => {
    const variable = variables[index];
    if (!variable) {
      first ??= chosen;
      tried += 1;
      return (await allReturnRows(mustHaveRows, chosen)) ? chosen : undefined;
    }
    for (const choice of await choicesFor(variable, chosen)) {
      if (tried >= MAX_COMBINATIONS) break;
      const found = await search(index + 1, choice);
      if (found) return found;
    }
    return undefined;
  };
  return (await search(0, { values: {}, raw: {} })) ?? first ?? { values: {}, raw: {} };
}

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
