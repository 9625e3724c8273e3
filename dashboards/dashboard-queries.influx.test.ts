/**
 * Integration test: every variable, panel and annotation query of the Runway dashboards, interpolated as
 * Grafana would, run against the demo fleet and forecast run that vitest's global setup loads into the
 * real InfluxDB. Catches InfluxQL syntax errors, wrong measurement/field/tag names and filters that
 * match nothing, without a Grafana.
 *
 * Run alone:  ./scripts/test dashboards/dashboard-queries.influx
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { panelAndAnnotationQueries, variableQueries, type DashboardQuery } from './dashboard-queries.ts';
import { allDashboards } from './generate.ts';
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

interface Series {
  name: string;
  columns: string[];
  values: unknown[][];
}

interface QueryResponse {
  error?: string;
  results?: Array<{ series?: Series[]; error?: string }>;
}

async function influxQuery(query: string): Promise<Series[]> {
  const params = new URLSearchParams({ db: inject('demoDatabase'), q: query, epoch: 'ms' });
  const response = await fetch(`${inject('influxUrl').replace(/\/$/, '')}/query?${params}`);
  const body = (await response.json()) as QueryResponse;
  const error = body.error ?? body.results?.[0]?.error;
  if (!response.ok || error) throw new Error(`InfluxDB answered ${response.status} ${error ?? ''} to: ${query}`);
  return body.results?.[0]?.series ?? [];
}

const rowCount = (series: Series[]): number => series.reduce((n, s) => n + s.values.length, 0);

const run = (query: string, variables: Record<string, string>): Promise<Series[]> =>
  influxQuery(interpolateQuery(query, { ...RANGE, variables }));

/** The values a variable query offers: SHOW TAG VALUES answers in a `value` column. */
async function variableValues(query: string, chosen: Record<string, string>): Promise<string[]> {
  const series = await run(query, chosen);
  return series.flatMap((s) => s.values.map((row) => String(row[s.columns.indexOf('value')])));
}

/** A failing query counts as empty here; its own test then reports the error. */
async function allReturnRows(queries: DashboardQuery[], variables: Record<string, string>): Promise<boolean> {
  for (const q of queries) {
    const rows = await run(q.query, variables).then(rowCount, () => 0);
    if (rows === 0) return false;
  }
  return true;
}

/**
 * Picks a real value for every variable, as a user would from the drop-downs: resolved in dashboard
 * order (chained variables see earlier choices), preferring a combination for which every panel query
 * has data. Falls back to the first values, so the per-query tests then show which query is empty.
 */
async function chooseVariables(dashboard: Dashboard): Promise<Record<string, string>> {
  const variables = variableQueries(dashboard);
  const panelQueries = panelAndAnnotationQueries(dashboard).filter((q) => q.kind === 'panel');
  let first: Record<string, string> | undefined;
  let tried = 0;
  const search = async (index: number, chosen: Record<string, string>): Promise<Record<string, string> | undefined> => {
    const variable = variables[index];
    if (!variable) {
      first ??= chosen;
      tried += 1;
      return (await allReturnRows(panelQueries, chosen)) ? chosen : undefined;
    }
    const values = await variableValues(variable.query, chosen);
    for (const value of values.slice(0, MAX_VALUES_PER_VARIABLE)) {
      if (tried >= MAX_COMBINATIONS) break;
      const found = await search(index + 1, { ...chosen, [variable.name]: value });
      if (found) return found;
    }
    return undefined;
  };
  return (await search(0, {})) ?? first ?? {};
}

const dashboards = allDashboards().map((d) => [d.uid, d] as const);

describe.each(dashboards)('[influxdb] queries of dashboard %s', (_uid, dashboard) => {
  let chosen: Record<string, string> = {};
  const variables = variableQueries(dashboard).map((v) => [v.name, v.query]);
  const queries = panelAndAnnotationQueries(dashboard);
  const panelQueries = queries.filter((q) => q.kind === 'panel').map((q) => [q.where, q.query]);
  const annotationQueries = queries.filter((q) => q.kind === 'annotation').map((q) => [q.where, q.query]);

  beforeAll(async () => {
    chosen = await chooseVariables(dashboard);
  });

  it.each(variables)('variable $%s lists values', async (name, query) => {
    const values = await variableValues(query, chosen);
    expect(values.length, `no values for $${name} with ${JSON.stringify(chosen)}`).toBeGreaterThan(0);
    expect(values).toContain(chosen[name]);
  });

  it.each(panelQueries)('%s returns rows', async (where, query) => {
    const rows = rowCount(await run(query, chosen));
    expect(rows, `${where} is empty with ${JSON.stringify(chosen)}`).toBeGreaterThan(0);
  });

  // Alerts exist only once a rule fired, so an empty answer is fine; the query must still be valid.
  it.each(annotationQueries)('%s runs', async (_where, query) => {
    await expect(run(query, chosen)).resolves.toBeInstanceOf(Array);
  });
});
