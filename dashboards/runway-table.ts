/**
 * The runway table: the latest forecast run's row per (customer, host, resource), soonest crossing first.
 * Used fleet-wide and, filtered to one host, on the host detail dashboard.
 */
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import {
  TableCellDisplayMode,
  TableCellHeight,
  TableSortByFieldStateBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  MappingType,
  type DataTransformerConfig,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { influx } from './panel-kit.ts';

/**
 * Stands in for "no crossing within the horizon". `days_left` is absent then, and Grafana's table sorts
 * nulls first in ascending order, which would put the safest resources on top.
 */
export const NO_CROSSING_DAYS = 100000;

/**
 * InfluxQL cannot ORDER BY a field, so the query only picks each series group's newest row (ORDER BY time
 * DESC LIMIT 1 applies per GROUP BY group); sorting by days left happens in the panel.
 */
export function runwayTableQuery(filter: string): string {
  return [
    'SELECT "current", "threshold", "days_left",',
    `"current" * 0 + ${NO_CROSSING_DAYS} AS "no_crossing",`,
    '"likely_ms", "earliest_ms", "latest_ms", "severity", "driver"',
    `FROM "runway" WHERE ${filter} AND $timeFilter`,
    'GROUP BY "customer", "host", "resource" ORDER BY time DESC LIMIT 1',
  ].join(' ');
}

const COLUMNS: ReadonlyArray<readonly [field: string, title: string]> = [
  ['customer', 'Customer'],
  ['host', 'Host'],
  ['resource', 'Resource'],
  ['current', 'Current'],
  ['threshold', 'Threshold'],
  ['Days left', 'Days left'],
  ['likely_ms', 'Likely crossing'],
  ['earliest_ms', 'Earliest crossing'],
  ['latest_ms', 'Latest crossing'],
  ['severity', 'Severity'],
  // What drives the crossing: 'trend', or a season such as 'christmas 2026'; empty without a crossing.
  ['driver', 'Driver'],
  ['Time', 'Forecast run'],
];

function transformations(): DataTransformerConfig[] {
  return [
    // One table even if the data source returns a frame per series.
    { id: 'merge', options: {} },
    {
      // Days left, or the sentinel when there is no crossing: the smallest non-null of the two.
      id: 'calculateField',
      options: {
        mode: 'reduceRow',
        reduce: { include: ['days_left', 'no_crossing'], reducer: 'min', nullValueMode: 'connected' },
        alias: 'Days left',
        timeSeries: false,
      },
    },
    {
      id: 'organize',
      options: {
        excludeByName: { days_left: true, no_crossing: true },
        indexByName: Object.fromEntries(COLUMNS.map(([field], index) => [field, index])),
        renameByName: Object.fromEntries(COLUMNS.filter(([field, title]) => field !== title)),
        includeByName: {},
      },
    },
  ];
}

/** Runway's severities, coloured the same on every dashboard. */
export const severityMappings = (): ValueMapping[] => [
  {
    type: MappingType.ValueToText,
    options: {
      ok: { text: 'ok', color: 'green', index: 0 },
      notice: { text: 'notice', color: 'blue', index: 1 },
      warning: { text: 'warning', color: 'orange', index: 2 },
      critical: { text: 'critical', color: 'red', index: 3 },
    },
  },
];

/**
 * "Days left" is the sentinel exactly when no crossing is forecast (it is the smaller of days left and
 * the sentinel), so an exact value mapping suffices. Not a range open at the top: Grafana 11 never
 * matches a range whose `to` is null (its check is `isNaN(null)`, which is false).
 */
const noCrossingMapping = (): ValueMapping[] => [
  {
    type: MappingType.ValueToText,
    options: { [String(NO_CROSSING_DAYS)]: { text: 'beyond horizon', index: 0 } },
  },
];

/** A field data link (Grafana's `DataLink`), which is not the dashboard-level link type. */
export interface DataLink {
  title: string;
  /** May use `${__value.raw}` and `${__data.fields.<name>}`. */
  url: string;
}

export interface RunwayTableOptions {
  id: number;
  title: string;
  description: string;
  /** InfluxQL condition selecting the rows, e.g. a customer filter. */
  filter: string;
  height: number;
  /** Link from each host cell, e.g. to the host detail dashboard. */
  hostLink?: DataLink;
}

export function runwayTablePanel(options: RunwayTableOptions): TablePanelBuilder {
  const date = { id: 'unit', value: 'time:YYYY-MM-DD' };
  const panel = new TablePanelBuilder()
    .id(options.id)
    .title(options.title)
    .description(options.description)
    .span(24)
    .height(options.height)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', runwayTableQuery(options.filter)).resultFormat('table'))
    .transformations(transformations())
    .cellHeight(TableCellHeight.Sm)
    .decimals(1)
    .sortBy([new TableSortByFieldStateBuilder().displayName('Days left').desc(false)])
    .overrideByName('Days left', [
      { id: 'decimals', value: 0 },
      { id: 'mappings', value: noCrossingMapping() },
    ])
    .overrideByName('Likely crossing', [date, { id: 'noValue', value: '-' }])
    .overrideByName('Earliest crossing', [date, { id: 'noValue', value: '-' }])
    .overrideByName('Latest crossing', [date, { id: 'noValue', value: '-' }])
    .overrideByName('Severity', [
      { id: 'mappings', value: severityMappings() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorBackground } },
    ]);
  if (options.hostLink) panel.overrideByName('Host', [{ id: 'links', value: [options.hostLink] }]);
  return panel;
}
