/**
 * Small shared pieces of the Runway dashboards: InfluxQL targets on the Runway data source, variable
 * filters, query variables and the field overrides that draw a forecast band.
 */
import {
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
  type DataTransformerConfig,
  type DynamicConfigValue,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { LegendDisplayMode, LegendPlacement, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { InfluxQLQueryBuilder } from './influxql-query.ts';

/** A raw InfluxQL target on the Runway data source. */
export function influx(refId: string, query: string): InfluxQLQueryBuilder {
  return new InfluxQLQueryBuilder(query).refId(refId).datasource(RUNWAY_DATASOURCE);
}

/**
 * `"tag" =~ /^$variable$/`: the regex form works for single values, multi-value selections and "All",
 * and Grafana escapes `/` and regex metacharacters in the value (mount points are paths).
 */
export function tagMatches(tag: string, variable: string): string {
  return `"${tag}" =~ /^$${variable}$/`;
}

export interface QueryVariableOptions {
  label: string;
  multi?: boolean;
  includeAll?: boolean;
  /** Regex used for "All" instead of an alternation of every value; `.*` keeps queries short. */
  allValue?: string;
}

/** A variable filled from an InfluxQL `SHOW TAG VALUES` query, refreshed when the dashboard loads. */
export function tagValuesVariable(name: string, query: string, options: QueryVariableOptions): QueryVariableBuilder {
  const variable = new QueryVariableBuilder(name)
    .label(options.label)
    .datasource(RUNWAY_DATASOURCE)
    // The string form: InfluxDB's variable editor reads it, and the object form trips the SDK schema.
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalCaseInsensitiveAsc)
    .multi(options.multi ?? false)
    .includeAll(options.includeAll ?? false);
  if (options.allValue !== undefined) variable.allValue(options.allValue);
  return variable;
}

/** A table's columns in order: the field as the query names it, and the column's title. */
export type TableColumns = ReadonlyArray<readonly [field: string, title: string]>;

/** Grafana's organize transformation putting the fields in the columns' order, under their titles. */
export function organizeColumns(columns: TableColumns): DataTransformerConfig {
  return {
    id: 'organize',
    options: {
      excludeByName: {},
      indexByName: Object.fromEntries(columns.map(([field], index) => [field, index])),
      renameByName: Object.fromEntries(columns),
      includeByName: {},
    },
  };
}

export function bottomLegend(): VizLegendOptionsBuilder {
  return new VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(LegendDisplayMode.List)
    .placement(LegendPlacement.Bottom);
}

export const fixedColor = (color: string): DynamicConfigValue => ({
  id: 'color',
  value: { mode: 'fixed', fixedColor: color },
});

export const dashedLine = (): DynamicConfigValue => ({
  id: 'custom.lineStyle',
  value: { fill: 'dash', dash: [10, 10] },
});

/** Anything that can take overrides by field name, i.e. every SDK panel builder. */
interface OverridableByName {
  overrideByName(name: string, properties: DynamicConfigValue[]): unknown;
}

/**
 * Draws forecast series named `forecast`, `lower` and `upper` (the InfluxQL alias `$col`): a dashed
 * forecast line and a shaded band between the bounds, filled from `upper` down to `lower`. The series
 * keep their names: `fillBelowTo` refers to the other series by name.
 */
export function forecastBand(panel: OverridableByName, color: string): void {
  panel.overrideByName('forecast', [fixedColor(color), dashedLine(), { id: 'custom.lineWidth', value: 2 }]);
  panel.overrideByName('upper', [
    fixedColor(color),
    { id: 'custom.fillBelowTo', value: 'lower' },
    { id: 'custom.fillOpacity', value: 15 },
    { id: 'custom.lineWidth', value: 0 },
  ]);
  panel.overrideByName('lower', [
    fixedColor(color),
    { id: 'custom.fillOpacity', value: 0 },
    { id: 'custom.lineWidth', value: 0 },
  ]);
}
