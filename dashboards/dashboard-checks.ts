/**
 * Checks a JSON Schema cannot express, run on the generated dashboards and provisioning files before
 * Grafana ever sees them. Each function returns human-readable problems; an empty list means fine.
 */
import { parse } from 'yaml';
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

export const GRID_COLUMNS = 24;
/** Grafana rejects longer dashboard uids. */
export const MAX_UID_LENGTH = 40;

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Top-level panels and the panels inside rows, flattened. */
export function allPanels(dashboard: Dashboard): Array<Panel | RowPanel> {
  return (dashboard.panels ?? []).flatMap((panel) =>
    panel.type === 'row' ? [panel, ...(panel as RowPanel).panels] : [panel],
  );
}

function checkPanelIds(dashboard: Dashboard): string[] {
  const seen = new Set<number>();
  const problems: string[] = [];
  for (const panel of allPanels(dashboard)) {
    if (typeof panel.id !== 'number') problems.push(`panel "${panel.title ?? '?'}" has no numeric id`);
    else if (seen.has(panel.id)) problems.push(`panel id ${panel.id} is used twice`);
    else seen.add(panel.id);
  }
  return problems;
}

function checkGridPos(dashboard: Dashboard): string[] {
  const problems: string[] = [];
  for (const panel of allPanels(dashboard)) {
    const pos = panel.gridPos;
    const name = `panel ${panel.id ?? '?'} ("${panel.title ?? ''}")`;
    if (!pos) {
      problems.push(`${name} has no gridPos`);
      continue;
    }
    const { x, y, w, h } = pos;
    if (![x, y, w, h].every(Number.isInteger)) problems.push(`${name}: gridPos values must be integers`);
    else if (x < 0 || y < 0 || w < 1 || h < 1) problems.push(`${name}: gridPos must have x, y >= 0 and w, h >= 1`);
    else if (x + w > GRID_COLUMNS) problems.push(`${name}: x ${x} + w ${w} exceeds ${GRID_COLUMNS} columns`);
  }
  return problems;
}

/** Every data source reference in the dashboard, with where it was found. */
function datasourceRefs(dashboard: Dashboard): Array<{ where: string; ref: DataSourceRef }> {
  const refs: Array<{ where: string; ref: DataSourceRef }> = [];
  for (const panel of allPanels(dashboard)) {
    if (panel.datasource) refs.push({ where: `panel ${panel.id}`, ref: panel.datasource });
    const targets = panel.type === 'row' ? [] : ((panel as Panel).targets ?? []);
    for (const target of targets as unknown as Json[]) {
      const where = `panel ${panel.id} target ${String(target.refId)}`;
      if (isObject(target.datasource)) refs.push({ where, ref: target.datasource });
    }
  }
  for (const variable of dashboard.templating.list ?? []) {
    if (variable.datasource) refs.push({ where: `variable ${variable.name}`, ref: variable.datasource });
  }
  for (const annotation of dashboard.annotations.list ?? []) {
    if (annotation.datasource) refs.push({ where: `annotation "${annotation.name}"`, ref: annotation.datasource });
  }
  return refs;
}

function checkDatasources(dashboard: Dashboard, knownUids: ReadonlySet<string>): string[] {
  return datasourceRefs(dashboard)
    .filter(({ ref }) => !ref.uid || !knownUids.has(ref.uid))
    .map(({ where, ref }) => `${where}: data source uid "${ref.uid ?? ''}" is not provisioned`);
}

/** Raw InfluxQL only, and always bounded by the dashboard's time range. */
function influxTargetProblems(where: string, target: unknown): string[] {
  if (!isObject(target)) return [`${where}: target is not an object`];
  if (target.rawQuery !== true) return [`${where}: InfluxDB target must set rawQuery: true`];
  if (typeof target.query !== 'string' || !target.query.includes('$timeFilter')) {
    return [`${where}: InfluxDB query must contain $timeFilter`];
  }
  return [];
}

const isInflux = (ref: DataSourceRef | undefined): boolean => ref?.type === 'influxdb';

function checkInfluxQueries(dashboard: Dashboard): string[] {
  const problems: string[] = [];
  for (const panel of allPanels(dashboard)) {
    if (panel.type === 'row') continue;
    for (const target of ((panel as Panel).targets ?? []) as unknown as Json[]) {
      const ref = isObject(target.datasource) ? (target.datasource as DataSourceRef) : panel.datasource;
      const where = `panel ${panel.id} target ${String(target.refId)}`;
      if (isInflux(ref)) problems.push(...influxTargetProblems(where, target));
    }
  }
  for (const annotation of dashboard.annotations.list ?? []) {
    if (isInflux(annotation.datasource)) {
      problems.push(...influxTargetProblems(`annotation "${annotation.name}"`, annotation.target));
    }
  }
  for (const variable of dashboard.templating.list ?? []) {
    // The InfluxDB plugin reads a plain string; the object form also fails the SDK schema.
    if (isInflux(variable.datasource) && typeof variable.query !== 'string') {
      problems.push(`variable ${variable.name}: InfluxDB variable query must be a string`);
    }
  }
  return problems;
}

/**
 * Range value mappings need both bounds: Grafana 11 never matches a range whose `from` or `to` is null
 * (it tests `isNaN(null)`, which is false, then compares with null), Grafana 12 reads null as open.
 */
function checkRangeMappings(dashboard: Dashboard): string[] {
  const problems: string[] = [];
  for (const panel of allPanels(dashboard)) {
    if (panel.type === 'row') continue;
    const { fieldConfig } = panel as Panel;
    const lists = [
      fieldConfig?.defaults.mappings ?? [],
      ...(fieldConfig?.overrides ?? []).flatMap((o) => o.properties.filter((p) => p.id === 'mappings').map((p) => p.value)),
    ] as unknown[][];
    for (const mapping of lists.flat().filter(isObject)) {
      const options = isObject(mapping.options) ? mapping.options : {};
      if (mapping.type === 'range' && (typeof options.from !== 'number' || typeof options.to !== 'number')) {
        problems.push(`panel ${panel.id}: range mapping without numeric from and to never matches in Grafana 11`);
      }
    }
  }
  return problems;
}

export function checkDashboard(dashboard: Dashboard, knownDatasourceUids: ReadonlySet<string>): string[] {
  const uidProblems = !dashboard.uid
    ? ['dashboard has no uid']
    : dashboard.uid.length > MAX_UID_LENGTH
      ? [`uid "${dashboard.uid}" is longer than ${MAX_UID_LENGTH} characters`]
      : [];
  return [
    ...uidProblems,
    ...checkPanelIds(dashboard),
    ...checkGridPos(dashboard),
    ...checkDatasources(dashboard, knownDatasourceUids),
    ...checkInfluxQueries(dashboard),
    ...checkRangeMappings(dashboard),
  ].map((problem) => `${dashboard.uid ?? dashboard.title ?? '?'}: ${problem}`);
}

/** Grafana keys dashboards by uid per instance and by title per folder. */
export function checkDashboardSet(dashboards: Dashboard[]): string[] {
  const problems: string[] = [];
  for (const key of ['uid', 'title'] as const) {
    const values = dashboards.map((dashboard) => dashboard[key]);
    for (const value of new Set(values)) {
      if (values.filter((v) => v === value).length > 1) problems.push(`dashboard ${key} "${value}" is used twice`);
    }
  }
  return problems;
}

export function missingKeys(where: string, object: unknown, keys: readonly string[]): string[] {
  if (!isObject(object)) return [`${where} is not a mapping`];
  return keys.filter((key) => object[key] === undefined || object[key] === null).map((key) => `${where} lacks ${key}`);
}

function listEntries(text: string, listKey: string): { problems: string[]; entries: unknown[] } {
  const file: unknown = parse(text);
  if (!isObject(file) || file.apiVersion !== 1) return { problems: ['apiVersion must be 1'], entries: [] };
  const entries = file[listKey];
  if (!Array.isArray(entries) || entries.length === 0) {
    return { problems: [`${listKey} must be a non-empty list`], entries: [] };
  }
  return { problems: [], entries };
}

export function checkDatasourceYaml(text: string): string[] {
  const { problems, entries } = listEntries(text, 'datasources');
  return [
    ...problems,
    ...entries.flatMap((entry, i) => [
      ...missingKeys(`datasources[${i}]`, entry, ['name', 'uid', 'type', 'access', 'url']),
      ...(isObject(entry) && entry.type === 'influxdb'
        ? missingKeys(`datasources[${i}].jsonData`, entry.jsonData, ['dbName', 'version', 'httpMode'])
        : []),
    ]),
  ];
}

export function checkProviderYaml(text: string): string[] {
  const { problems, entries } = listEntries(text, 'providers');
  return [
    ...problems,
    ...entries.flatMap((entry, i) => [
      ...missingKeys(`providers[${i}]`, entry, ['name', 'type', 'options']),
      ...(isObject(entry) ? missingKeys(`providers[${i}].options`, entry.options, ['path']) : []),
    ]),
  ];
}

/** The uids of the data sources a provisioning file defines. */
export function provisionedDatasourceUids(text: string): Set<string> {
  const file: unknown = parse(text);
  const entries = isObject(file) && Array.isArray(file.datasources) ? file.datasources : [];
  return new Set(entries.filter(isObject).map((entry) => String(entry.uid)));
}
