/**
 * "Runway: host detail": one host's actuals next to its forecasts, so a planner can judge a runway
 * figure: disk use per mount against the forecast band, daily peak load against cores, CPU and RAM.
 */
import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  SortOrder,
  TooltipDisplayMode,
  VisibilityMode,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { InfluxQLAnnotationTargetBuilder } from './influxql-query.ts';
import {
  bottomLegend,
  dashedLine,
  fixedColor,
  forecastBand,
  influx,
  tagMatches,
  tagValuesVariable,
} from './panel-kit.ts';
import { runwayTablePanel } from './runway-table.ts';

export const HOST_DASHBOARD_UID = 'runway-host';

const HOST_FILTER = `${tagMatches('customer', 'customer')} AND ${tagMatches('host', 'host')}`;
const MOUNT_FILTER = tagMatches('mount', 'mount');

/** Forecast points of one metric: the latest run overwrites earlier ones, so no run filter is needed. */
function forecastQuery(metric: string, extraFilter = ''): string {
  return (
    'SELECT "value" AS "forecast", "lower", "upper" FROM "forecast" ' +
    `WHERE ${HOST_FILTER} AND "metric" = '${metric}'${extraFilter} AND $timeFilter`
  );
}

function timeseries(id: number, title: string, description: string): TimeseriesPanelBuilder {
  return new TimeseriesPanelBuilder()
    .id(id)
    .title(title)
    .description(description)
    .datasource(RUNWAY_DATASOURCE)
    .height(9)
    .legend(bottomLegend())
    // All series at the hovered time: actual, forecast and both bounds read together.
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.None))
    .lineWidth(1)
    .fillOpacity(0)
    .showPoints(VisibilityMode.Never);
}

function diskPanel(): TimeseriesPanelBuilder {
  const panel = timeseries(
    2,
    'Disk used on $mount: actual vs forecast',
    'Used space in percent; dashed: forecast with its band; red: the runway threshold.',
  )
    .span(24)
    // One panel per selected mount; Grafana splits the row into maxPerRow columns.
    .repeat('mount')
    .repeatDirection('h')
    .maxPerRow(2)
    .unit('percent')
    .min(0)
    .max(100)
    .withTarget(
      influx(
        'A',
        `SELECT mean("used_percent") AS "actual" FROM "disk" WHERE ${HOST_FILTER} AND ${MOUNT_FILTER} ` +
          'AND $timeFilter GROUP BY time($__interval) fill(null)',
      ).alias('actual'),
    )
    .withTarget(influx('B', forecastQuery('disk_used_percent', ` AND ${MOUNT_FILTER}`)).alias('$col'))
    .withTarget(
      // The runway table names disk resources "disk <mount>"; fill(previous) carries the threshold
      // through the forecast horizon.
      influx(
        'C',
        `SELECT last("threshold") AS "threshold" FROM "runway" WHERE ${HOST_FILTER} ` +
          `AND "resource" =~ /^disk $mount$/ AND $timeFilter GROUP BY time(1d) fill(previous)`,
      ).alias('threshold'),
    );
  forecastBand(panel, 'blue');
  panel.overrideByName('threshold', [fixedColor('red'), dashedLine()]);
  return panel;
}

function loadPanel(): TimeseriesPanelBuilder {
  const panel = timeseries(
    3,
    'Daily peak load vs forecast and cores',
    'Highest 1-minute load average per day; dashed: forecast of the daily peak with its band; red: CPU cores.',
  )
    .span(12)
    .min(0)
    .decimals(1)
    .withTarget(
      influx(
        'A',
        `SELECT max("load1") AS "peak" FROM "system" WHERE ${HOST_FILTER} AND $timeFilter ` +
          'GROUP BY time(1d) fill(none)',
      ).alias('daily peak'),
    )
    .withTarget(influx('B', forecastQuery('load_daily_max')).alias('$col'))
    .withTarget(
      // fill(previous) extends the last known core count across the forecast horizon.
      influx(
        'C',
        `SELECT last("n_cpus") AS "cores" FROM "system" WHERE ${HOST_FILTER} AND $timeFilter ` +
          'GROUP BY time(1d) fill(previous)',
      ).alias('cores'),
    );
  forecastBand(panel, 'purple');
  panel.overrideByName('cores', [fixedColor('red'), { id: 'custom.lineWidth', value: 2 }]);
  return panel;
}

function cpuRamPanel(): TimeseriesPanelBuilder {
  const mean = (field: string, measurement: string): string =>
    `SELECT mean("${field}") AS "used" FROM "${measurement}" WHERE ${HOST_FILTER} AND $timeFilter ` +
    'GROUP BY time($__interval) fill(null)';
  return timeseries(4, 'CPU and RAM usage', 'CPU busy and memory used, in percent.')
    .span(12)
    .unit('percent')
    .min(0)
    .max(100)
    .withTarget(influx('A', mean('usage_percent', 'cpu')).alias('CPU'))
    .withTarget(influx('B', mean('used_percent', 'mem')).alias('RAM'));
}

function alertAnnotations(): AnnotationQueryBuilder {
  const query =
    'SELECT "summary", "state", "severity", "resource" FROM "alert" ' + `WHERE ${HOST_FILTER} AND $timeFilter`;
  return new AnnotationQueryBuilder()
    .name('Runway alerts')
    .datasource(RUNWAY_DATASOURCE)
    .enable(true)
    .iconColor('red')
    .target(
      new InfluxQLAnnotationTargetBuilder(query).textColumn('summary').tagsColumns(['severity', 'state', 'resource']),
    );
}

export function hostDetailDashboard(): Dashboard {
  const customers = 'SHOW TAG VALUES FROM "system" WITH KEY = "customer"';
  const hosts = `SHOW TAG VALUES FROM "system" WITH KEY = "host" WHERE ${tagMatches('customer', 'customer')}`;
  const mounts = `SHOW TAG VALUES FROM "disk" WITH KEY = "mount" WHERE ${HOST_FILTER}`;
  return new DashboardBuilder('Runway: host detail')
    .uid(HOST_DASHBOARD_UID)
    .description('Actual use against forecast for one host: disks, daily peak load, CPU and RAM.')
    .tags(['runway', 'capacity'])
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    // Half a year of history and the whole forecast horizon.
    .time({ from: 'now-180d', to: 'now+90d' })
    .refresh('15m')
    .withVariable(tagValuesVariable('customer', customers, { label: 'Customer' }))
    .withVariable(tagValuesVariable('host', hosts, { label: 'Host' }))
    .withVariable(tagValuesVariable('mount', mounts, { label: 'Mount', multi: true, includeAll: true }))
    .annotation(alertAnnotations())
    .withPanel(
      runwayTablePanel({
        id: 1,
        title: 'Runway of $host',
        description: 'Latest forecast run per resource of this host, soonest crossing first.',
        filter: HOST_FILTER,
        height: 6,
      }),
    )
    .withPanel(diskPanel())
    .withPanel(loadPanel())
    .withPanel(cpuRamPanel())
    .build();
}
