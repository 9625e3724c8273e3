/**
 * Test helper: picks a real value for every dashboard variable, as a user would from the drop-downs,
 * and runs dashboard queries with that choice against the demo fleet and forecast run that vitest's
 * global setup loads into the real InfluxDB.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  customVariables,
  panelAndAnnotationQueries,
  readsOptionalMeasurement,
  variableQueries,
  type DashboardQuery,
  type VariableQuery,
} from './dashboard-queries.ts';
import { influxQuery, rowCount, type Series } from './influx-test-client.ts';
import { interpolateQuery, type InterpolationContext } from './query-interpolation.ts';
import { DEMO_NOW_MS } from '../scripts/test-support/global-setup.ts';
import { answeringIntervalsMs } from './rollup-targets.ts';

const DAY_MS = 86_400_000;
/** Two years of history and the forecast horizon around the demo data's own "now", with a fixed 1h interval. */
export const DEMO_RANGE: Omit<InterpolationContext, 'variables'> = {
  fromMs: DEMO_NOW_MS - 730 * DAY_MS,
  toMs: DEMO_NOW_MS + 90 * DAY_MS,
  interval: '1h',
  intervalMs: 3_600_000,
};
/** Values tried per variable, and variable combinations tried per dashboard, when looking for data. */
const MAX_VALUES_PER_VARIABLE = 8;
const MAX_COMBINATIONS = 40;

/** What a user picked: plain values (regex-escaped by Grafana) and "All" choices (inserted verbatim). */
export interface Selection {
  values: Record<string, string>;
  raw: Record<string, string>;
}

/** The demo range at a day per point: where panels reading the rollups switch to the daily one. */
export const DEMO_RANGE_DAILY: Omit<InterpolationContext, 'variables'> = { ...DEMO_RANGE, interval: '1d', intervalMs: DAY_MS };

/** The demo range at an interval the query answers at: a rollup tier's own (see rollup-targets.ts). */
export const demoRangeFor = (query: string): Omit<InterpolationContext, 'variables'> =>
  answeringIntervalsMs(query).fromMs >= DAY_MS ? DEMO_RANGE_DAILY : DEMO_RANGE;

export const runQuery = (query: string, selection: Selection, database?: string, range = demoRangeFor(query)): Promise<Series[]> =>
  influxQuery(interpolateQuery(query, { ...range, variables: selection.values, rawVariables: selection.raw }), database);

/** The values a variable query offers: SHOW TAG VALUES answers in a `value` column. */
export async function variableValues(query: string, chosen: Selection): Promise<string[]> {
  const series = await runQuery(query, chosen);
  return series.flatMap((s) => s.values.map((row) => String(row[s.columns.indexOf('value')])));
}

/** A failing query counts as empty here; its own test then reports the error. */
async function allReturnRows(queries: DashboardQuery[], selection: Selection): Promise<boolean> {
  for (const q of queries) {
    const rows = await runQuery(q.query, selection).then(rowCount, () => 0);
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
 * Resolves the variables in dashboard order (chained variables see earlier choices), preferring a
 * combination for which every panel query that must have data has some. Falls back to the first
 * values, so the per-query tests then show which query is empty.
 */
export async function chooseVariables(dashboard: Dashboard): Promise<Selection> {
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
  // Custom variables (a fixed list) keep their "All", as a dashboard opens.
  const all = customVariables(dashboard).flatMap((v) => (v.allValue === undefined ? [] : [[v.name, v.allValue] as const]));
  const start: Selection = { values: {}, raw: Object.fromEntries(all) };
  return (await search(0, start)) ?? first ?? start;
}
