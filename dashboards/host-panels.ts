/**
 * The per-host charts that put actuals next to their forecast: disk and inode use of one mount, peak
 * memory use and the daily 95th percentile of CPU use against their band and threshold, and daily peak
 * load against its band and the host's cores. Shared by the host detail dashboard and the customer
 * view, which differ only in how they pick the host and mount.
 */
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  SortOrder,
  TooltipDisplayMode,
  VisibilityMode,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { percentileField, rollupField, rollupFrom } from '../core/rollups.ts';
import { FORECAST_FIELD, FORECAST_TAG } from '../core/forecast-record.ts';
import type { RunwayMetric } from '../core/runway-row.ts';
import {
  CPU_MEASUREMENT,
  DISK_MEASUREMENT,
  FIELD,
  FORECAST_MEASUREMENT,
  MEM_MEASUREMENT,
  RUNWAY_MEASUREMENT,
  SYSTEM_MEASUREMENT,
} from '../core/schema.ts';
import type { InfluxQLQueryBuilder } from './influxql-query.ts';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { bottomLegend, dashedLine, fixedColor, forecastBand, influx, tagMatches } from './panel-kit.ts';
import { ROLLUP_MIN_INTERVAL, rollupTargets } from './rollup-targets.ts';

export const MOUNT_FILTER = tagMatches('mount', 'mount');

export interface HostPanelOptions {
  id: number;
  title: string;
  /** InfluxQL condition selecting exactly one host, e.g. customer and host variables. */
  hostFilter: string;
  span: number;
}

/** Forecast points of one metric: the latest run overwrites earlier ones, so no run filter is needed. */
export function forecastQuery(hostFilter: string, metric: RunwayMetric, extraFilter = ''): string {
  const { value, lower, upper } = FORECAST_FIELD;
  return (
    `SELECT "${value}" AS "forecast", "${lower}", "${upper}" FROM "${FORECAST_MEASUREMENT}" ` +
    `WHERE ${hostFilter} AND "${FORECAST_TAG.metric}" = '${metric}'${extraFilter} AND $timeFilter`
  );
}

export function timeseries(id: number, title: string, description: string): TimeseriesPanelBuilder {
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

/**
 * The runway threshold of one of the host's resources, from its runway rows: resources per mount are
 * named "<kind> <mount>" there ("disk /var", "inodes /var/mail"). fill(previous) carries the threshold
 * through the forecast horizon.
 */
export function thresholdQuery(hostFilter: string, metric: RunwayMetric, byMount: boolean): string {
  const mount = byMount ? ' AND "resource" =~ /^[a-z]+ $mount$/' : '';
  return (
    `SELECT last("threshold") AS "threshold" FROM "${RUNWAY_MEASUREMENT}" WHERE ${hostFilter} ` +
    `AND "metric" = '${metric}'${mount} AND $timeFilter GROUP BY time(1d) fill(previous)`
  );
}

/** A chart of a resource in percent against its forecast, band and threshold. */
interface PercentChart {
  metric: RunwayMetric;
  description: string;
  /** The targets drawing the actual use. */
  actual: InfluxQLQueryBuilder[];
  /** Whether the resource is one per mount (the panel shows the mount in `$mount`). */
  byMount: boolean;
  /** Colour of the forecast and its band. */
  color: string;
}

function percentForecastPanel(options: HostPanelOptions, chart: PercentChart): TimeseriesPanelBuilder {
  const { hostFilter } = options;
  const mount = chart.byMount ? ` AND ${MOUNT_FILTER}` : '';
  const panel = timeseries(options.id, options.title, chart.description)
    .span(options.span)
    .unit('percent')
    .min(0)
    .max(100)
    .interval(ROLLUP_MIN_INTERVAL)
    .targets(chart.actual)
    .withTarget(influx('B', forecastQuery(hostFilter, chart.metric, mount)).alias('$col'))
    .withTarget(influx('C', thresholdQuery(hostFilter, chart.metric, chart.byMount)).alias('threshold'));
  forecastBand(panel, chart.color);
  panel.overrideByName('threshold', [fixedColor('red'), dashedLine()]);
  return panel;
}

/** From the hourly rollup below a day per point and the daily rollup above, as every long-range chart. */
const TIERS = 'from the hourly rollup below a day per point and the daily rollup above';
const BAND = 'dashed: forecast with its band; red: the runway threshold.';

/** Disk use of the mount in `$mount` (one value per panel, e.g. via repeat). */
export function diskPanel(options: HostPanelOptions): TimeseriesPanelBuilder {
  return percentForecastPanel(options, {
    metric: 'disk_used_percent',
    description: `Highest used space per interval in percent (the forecast is of the daily maximum), ${TIERS}; ${BAND}`,
    actual: rollupTargets('A', {
      measurement: DISK_MEASUREMENT,
      field: FIELD.diskUsedPercent,
      stat: 'max',
      where: `${options.hostFilter} AND ${MOUNT_FILTER}`,
      alias: 'actual',
    }),
    byMount: true,
    color: 'blue',
  });
}

/** Inode use of the filesystem at `$mount`: a disk without free inodes is full however many bytes are free. */
export function inodesPanel(options: HostPanelOptions): TimeseriesPanelBuilder {
  return percentForecastPanel(options, {
    metric: 'inodes_used_percent',
    description:
      `Highest inodes used per interval, in percent of the filesystem's inodes (the forecast is of the daily peak), ${TIERS}; ` +
      `${BAND} It is the disk threshold: a filesystem without free inodes takes no new file.`,
    actual: rollupTargets('A', {
      measurement: DISK_MEASUREMENT,
      field: FIELD.inodesUsed,
      percentOf: FIELD.inodesTotal,
      stat: 'max',
      where: `${options.hostFilter} AND ${MOUNT_FILTER}`,
      alias: 'actual',
    }),
    byMount: true,
    color: 'blue',
  });
}

/** Peak memory use of the host, in percent of its RAM. */
export function memoryPanel(options: HostPanelOptions): TimeseriesPanelBuilder {
  return percentForecastPanel(options, {
    metric: 'mem_used_percent',
    description: `Highest memory used per interval, in percent of RAM (the forecast is of the daily peak), ${TIERS}; ${BAND}`,
    actual: rollupTargets('A', {
      measurement: MEM_MEASUREMENT,
      field: FIELD.memUsedPercent,
      stat: 'max',
      where: options.hostFilter,
      alias: 'actual',
    }),
    byMount: false,
    color: 'green',
  });
}

/**
 * The daily 95th percentile of the host's CPU use: its daily maximum would be 100 % on any day with one
 * busy minute. The daily rollup keeps it (one point a day), so every range reads that.
 */
export function cpuPanel(options: HostPanelOptions): TimeseriesPanelBuilder {
  const p95 = percentileField(95, FIELD.cpuUsagePercent);
  return percentForecastPanel(options, {
    metric: 'cpu_p95_percent',
    description: `95th percentile of CPU use per day, in percent, from the daily rollup; ${BAND}`,
    actual: [
      influx(
        'A',
        `SELECT max("${p95}") AS "p95" FROM ${rollupFrom('day', CPU_MEASUREMENT)} WHERE ${options.hostFilter} AND $timeFilter ` +
          'GROUP BY time(1d) fill(none)',
      ).alias('daily p95'),
    ],
    byMount: false,
    color: 'orange',
  });
}

export function loadPanel(options: HostPanelOptions): TimeseriesPanelBuilder {
  const { hostFilter } = options;
  const panel = timeseries(
    options.id,
    options.title,
    'Highest 1-minute load average per day, from the daily rollup; dashed: forecast of the daily peak with ' +
      'its band; red: CPU cores.',
  )
    .span(options.span)
    .min(0)
    .decimals(1)
    .withTarget(
      influx(
        'A',
        `SELECT max("${rollupField('max', FIELD.load1)}") AS "peak" FROM ${rollupFrom('day', SYSTEM_MEASUREMENT)} WHERE ${hostFilter} AND $timeFilter ` +
          'GROUP BY time(1d) fill(none)',
      ).alias('daily peak'),
    )
    .withTarget(influx('B', forecastQuery(hostFilter, 'load_daily_max')).alias('$col'))
    .withTarget(
      // fill(previous) extends the last known core count across the forecast horizon.
      influx(
        'C',
        `SELECT max("${rollupField('max', FIELD.cores)}") AS "cores" FROM ${rollupFrom('day', SYSTEM_MEASUREMENT)} WHERE ${hostFilter} AND $timeFilter ` +
          'GROUP BY time(1d) fill(previous)',
      ).alias('cores'),
    );
  forecastBand(panel, 'purple');
  panel.overrideByName('cores', [fixedColor('red'), { id: 'custom.lineWidth', value: 2 }]);
  return panel;
}
