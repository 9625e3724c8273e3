/**
 * The per-host charts that put actuals next to their forecast: disk use of one mount against its band
 * and threshold, and daily peak load against its band and the host's cores. Shared by the host detail
 * dashboard and the customer view, which differ only in how they pick the host and mount.
 */
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  SortOrder,
  TooltipDisplayMode,
  VisibilityMode,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { rollupField, rollupFrom } from '../core/rollups.ts';
import { FORECAST_FIELD, FORECAST_TAG } from '../core/forecast-record.ts';
import type { RunwayMetric } from '../core/runway-row.ts';
import { DISK_MEASUREMENT, FIELD, FORECAST_MEASUREMENT, SYSTEM_MEASUREMENT } from '../core/schema.ts';
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

/** Disk use of the mount in `$mount` (one value per panel, e.g. via repeat). */
export function diskPanel(options: HostPanelOptions): TimeseriesPanelBuilder {
  const { hostFilter } = options;
  const panel = timeseries(
    options.id,
    options.title,
    'Highest used space per interval in percent (the forecast is of the daily maximum), from the hourly ' +
      'rollup below a day per point and the daily rollup above; dashed: forecast with its band; red: the ' +
      'runway threshold.',
  )
    .span(options.span)
    .unit('percent')
    .min(0)
    .max(100)
    .interval(ROLLUP_MIN_INTERVAL)
    .targets(
      rollupTargets('A', {
        measurement: DISK_MEASUREMENT,
        field: FIELD.diskUsedPercent,
        stat: 'max',
        where: `${hostFilter} AND ${MOUNT_FILTER}`,
        alias: 'actual',
      }),
    )
    .withTarget(influx('B', forecastQuery(hostFilter, 'disk_used_percent', ` AND ${MOUNT_FILTER}`)).alias('$col'))
    .withTarget(
      // The runway table names disk resources "disk <mount>"; fill(previous) carries the threshold
      // through the forecast horizon.
      influx(
        'C',
        `SELECT last("threshold") AS "threshold" FROM "runway" WHERE ${hostFilter} ` +
          `AND "resource" =~ /^disk $mount$/ AND $timeFilter GROUP BY time(1d) fill(previous)`,
      ).alias('threshold'),
    );
  forecastBand(panel, 'blue');
  panel.overrideByName('threshold', [fixedColor('red'), dashedLine()]);
  return panel;
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
