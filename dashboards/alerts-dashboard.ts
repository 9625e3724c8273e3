/**
 * "Runway: alerts": what Runway's alerting is saying now and how it got there, from the `alert`
 * measurement (one point per state change; an alert is identified by alertname, customer, host and
 * resource, the labels its fingerprint is made of). Ops start here when a notification arrives.
 */
import {
  DashboardBuilder,
  DashboardCursorSync,
  MappingType,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Dashboard,
  type DataTransformerConfig,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as StateTimelinePanelBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import {
  BigValueColorMode,
  BigValueGraphMode,
  ReduceDataOptionsBuilder,
  TableCellDisplayMode,
  TableCellHeight,
  TableSortByFieldStateBuilder,
  VisibilityMode,
} from '@grafana/grafana-foundation-sdk/common';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { bottomLegend, influx, tagMatches, tagValuesVariable } from './panel-kit.ts';
import { severityMappings } from './runway-table.ts';

export const ALERTS_DASHBOARD_UID = 'runway-alerts';

const CUSTOMER_FILTER = tagMatches('customer', 'customer');
/** The tags an alert's fingerprint is made of; severity is left out because it changes on escalation. */
const ALERT_IDENTITY = '"alertname", "customer", "host", "resource"';
/**
 * Only state changes are written, so "firing now" must look back past the dashboard's range to the
 * change that started the alert. A year covers any alert a capacity planner has not yet acted on.
 */
const CURRENT_STATE_LOOKBACK = '1y';

/** Newest point per alert: its current state, with the severity tag it last changed under. */
export function latestAlertStateQuery(): string {
  return (
    'SELECT "firing", "state", "severity", "summary", "remediation", "fingerprint" FROM "alert" ' +
    `WHERE ${CUSTOMER_FILTER} AND $timeFilter GROUP BY ${ALERT_IDENTITY} ORDER BY time DESC LIMIT 1`
  );
}

/** Alerts whose newest state is firing. InfluxDB 1.6 ignores LIMIT in a subquery, hence last(). */
export function firingCountQuery(): string {
  const latest =
    'SELECT last("firing") AS "firing" FROM "alert" ' +
    `WHERE ${CUSTOMER_FILTER} AND $timeFilter GROUP BY ${ALERT_IDENTITY}`;
  return `SELECT count("firing") AS "firing" FROM (${latest}) WHERE "firing" = 1`;
}

function firingStat(): StatPanelBuilder {
  return new StatPanelBuilder()
    .id(1)
    .title('Firing now')
    .description('Alerts whose latest state change was to firing.')
    .span(4)
    .height(8)
    .timeFrom(CURRENT_STATE_LOOKBACK)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', firingCountQuery()))
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .graphMode(BigValueGraphMode.None)
    .colorMode(BigValueColorMode.Background)
    .decimals(0)
    // No firing alert means no rows, rather than a 0.
    .noValue('0')
    .thresholds(
      new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
        { value: null, color: 'green' },
        { value: 1, color: 'red' },
      ]),
    );
}

const COLUMNS: ReadonlyArray<readonly [field: string, title: string]> = [
  ['severity', 'Severity'],
  ['alertname', 'Alert'],
  ['customer', 'Customer'],
  ['host', 'Host'],
  ['resource', 'Resource'],
  ['summary', 'Summary'],
  ['remediation', 'Remediation'],
  ['Time', 'Firing since'],
];

function firingTableTransformations(): DataTransformerConfig[] {
  return [
    { id: 'merge', options: {} },
    {
      // Resolved alerts keep their newest point too; show only those still firing.
      id: 'filterByValue',
      options: {
        type: 'include',
        match: 'any',
        filters: [{ fieldName: 'firing', config: { id: 'equal', options: { value: 1 } } }],
      },
    },
    {
      id: 'organize',
      options: {
        excludeByName: { firing: true, state: true, fingerprint: true },
        indexByName: Object.fromEntries(COLUMNS.map(([field], index) => [field, index])),
        renameByName: Object.fromEntries(COLUMNS),
        includeByName: {},
      },
    },
  ];
}

function firingTable(): TablePanelBuilder {
  return new TablePanelBuilder()
    .id(2)
    .title('Firing alerts')
    .description('Every alert whose latest state is firing, newest first; hover a cell for the full text.')
    .span(20)
    .height(8)
    .timeFrom(CURRENT_STATE_LOOKBACK)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', latestAlertStateQuery()).resultFormat('table'))
    .transformations(firingTableTransformations())
    .cellHeight(TableCellHeight.Sm)
    .sortBy([new TableSortByFieldStateBuilder().displayName('Firing since').desc(true)])
    .overrideByName('Severity', [
      { id: 'mappings', value: severityMappings() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorBackground } },
      { id: 'custom.width', value: 90 },
    ])
    .overrideByName('Summary', [{ id: 'custom.inspect', value: true }])
    .overrideByName('Remediation', [{ id: 'custom.inspect', value: true }]);
}

/**
 * One lane per alert: firing (1) or resolved (0). max() shows an interval as firing if the alert fired
 * in it at all; fill(previous) carries a state until its next change. Before an alert's first change
 * in the range the lane is empty, since the earlier state is outside the query.
 */
function firingTimeline(): StateTimelinePanelBuilder {
  return new StateTimelinePanelBuilder()
    .id(3)
    .title('Firing per resource')
    .description('Red while an alert fires, green once resolved; one lane per alert and resource.')
    .span(24)
    .height(12)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(
      influx(
        'A',
        `SELECT max("firing") AS "firing" FROM "alert" WHERE ${CUSTOMER_FILTER} AND $timeFilter ` +
          `GROUP BY time($__interval), ${ALERT_IDENTITY} fill(previous)`,
      ).alias('$tag_host $tag_resource ($tag_alertname)'),
    )
    .mappings([
      {
        type: MappingType.ValueToText,
        options: {
          '0': { text: 'resolved', color: 'green', index: 0 },
          '1': { text: 'firing', color: 'red', index: 1 },
        },
      },
    ])
    .showValue(VisibilityMode.Never)
    .mergeValues(true)
    .legend(bottomLegend());
}

function stateChangesTable(): TablePanelBuilder {
  return new TablePanelBuilder()
    .id(4)
    .title('State changes')
    .description('Every alert state change in the time range, newest first.')
    .span(24)
    .height(10)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(
      influx(
        'A',
        'SELECT "state", "severity", "alertname", "customer", "host", "resource", "summary" FROM "alert" ' +
          `WHERE ${CUSTOMER_FILTER} AND $timeFilter ORDER BY time DESC LIMIT 500`,
      ).resultFormat('table'),
    )
    .cellHeight(TableCellHeight.Sm)
    .overrideByName('severity', [
      { id: 'mappings', value: severityMappings() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorText } },
    ])
    .overrideByName('summary', [{ id: 'custom.inspect', value: true }]);
}

export function alertsDashboard(): Dashboard {
  const customers = 'SHOW TAG VALUES FROM "runway" WITH KEY = "customer"';
  return new DashboardBuilder('Runway: alerts')
    .uid(ALERTS_DASHBOARD_UID)
    .description('Alerts firing now, and the history of alert state changes per resource.')
    .tags(['runway', 'alerts'])
    .readonly()
    .tooltip(DashboardCursorSync.Off)
    .time({ from: 'now-30d', to: 'now' })
    .refresh('5m')
    .withVariable(
      tagValuesVariable('customer', customers, { label: 'Customer', multi: true, includeAll: true, allValue: '.*' }),
    )
    .withPanel(firingStat())
    .withPanel(firingTable())
    .withPanel(firingTimeline())
    .withPanel(stateChangesTable())
    .build();
}
