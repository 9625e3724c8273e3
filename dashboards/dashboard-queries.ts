/**
 * Lists every InfluxQL query a dashboard makes (variables, panel targets, annotations), so tests can
 * run each of them against InfluxDB the way Grafana would.
 */
import type { Dashboard, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { allPanels } from './dashboard-checks.ts';

/**
 * Measurements that may legitimately be empty: alert state changes (only once a rule fired), OCO host
 * status (only with OCO polling) and holidays (written by the forecast job). Queries on them must run,
 * but need not return rows.
 */
export const OPTIONAL_MEASUREMENTS: readonly string[] = ['alert', 'status', 'holiday'];

/** Whether a query reads (only or partly) from an optional measurement, e.g. `FROM "alert"`. */
export function readsOptionalMeasurement(query: string): boolean {
  // The measurement alone, or in a retention policy (the rollups, the history).
  return OPTIONAL_MEASUREMENTS.some((name) => new RegExp(`\\bFROM\\s+(?:"[^"]+"\\.)?"${name}"`, 'i').test(query));
}

export interface VariableQuery {
  name: string;
  query: string;
  /** Grafana's custom "All" value, when the variable offers "All" with one. */
  allValue?: string;
}

export interface DashboardQuery {
  /** e.g. `panel 2 "Disk used on $mount" target B`. */
  where: string;
  kind: 'panel' | 'annotation';
  query: string;
}

/** Query variables in dashboard order, which is the order Grafana resolves chained variables in. */
export function variableQueries(dashboard: Dashboard): VariableQuery[] {
  return (dashboard.templating.list ?? [])
    .filter((variable) => variable.type === 'query')
    .map((variable) => {
      if (typeof variable.query !== 'string') throw new Error(`variable ${variable.name}: query is not a string`);
      const allValue = variable.includeAll && variable.allValue ? { allValue: variable.allValue } : {};
      return { name: variable.name, query: variable.query, ...allValue };
    });
}

/** A custom variable: fixed values, each `text : value` or a plain value. */
export interface CustomVariable {
  name: string;
  /** The values queries receive (not the texts shown). */
  values: string[];
  /** Grafana's custom "All" value, when the variable offers "All" with one. */
  allValue?: string;
}

/** Custom variables in dashboard order, their values parsed as Grafana parses them (comma-separated, `text : value`). */
export function customVariables(dashboard: Dashboard): CustomVariable[] {
  return (dashboard.templating.list ?? [])
    .filter((variable) => variable.type === 'custom')
    .map((variable) => {
      if (typeof variable.query !== 'string') throw new Error(`variable ${variable.name}: values are not a string`);
      const values = variable.query.split(',').map((entry) => (entry.split(/\s:\s/)[1] ?? entry).trim());
      const allValue = variable.includeAll && variable.allValue ? { allValue: variable.allValue } : {};
      return { name: variable.name, values, ...allValue };
    });
}

const queryOf = (target: unknown): string | undefined => {
  const query = (target as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' ? query : undefined;
};

export function panelAndAnnotationQueries(dashboard: Dashboard): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of allPanels(dashboard)) {
    if (panel.type === 'row') continue;
    for (const target of (panel as Panel).targets ?? []) {
      const query = queryOf(target);
      const refId = (target as { refId?: string }).refId ?? '?';
      const where = `panel ${panel.id} "${panel.title ?? ''}" target ${refId}`;
      if (query) queries.push({ where, kind: 'panel', query });
    }
  }
  for (const annotation of dashboard.annotations.list ?? []) {
    const query = queryOf(annotation.target);
    if (query) queries.push({ where: `annotation "${annotation.name}"`, kind: 'annotation', query });
  }
  return queries;
}
