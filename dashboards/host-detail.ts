/**
 * "Runway: host detail": one host's actuals next to its forecasts, so a planner can judge a runway
 * figure: disk and inode use per mount, peak memory use and the daily 95th percentile of CPU use against
 * their forecast bands and thresholds, daily peak load against cores, and CPU and RAM means.
 * Alert state changes and holidays are annotated, so a jump or a seasonal peak explains itself.
 */
import { DashboardBuilder, DashboardCursorSync, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { alertAnnotation, countryVariable, holidayAnnotation } from './annotations.ts';
import { cpuPanel, diskPanel, inodesPanel, loadPanel, memoryPanel, timeseries } from './host-panels.ts';
import { tagMatches, tagValuesVariable } from './panel-kit.ts';
import { ROLLUP_MIN_INTERVAL, rollupTargets, type RollupSeries } from './rollup-targets.ts';
import { runwayTablePanel } from './runway-table.ts';

export const HOST_DASHBOARD_UID = 'runway-host';

const HOST_FILTER = `${tagMatches('customer', 'customer')} AND ${tagMatches('host', 'host')}`;

function cpuRamPanel(): TimeseriesPanelBuilder {
  const mean = (measurement: string, field: string, alias: string): RollupSeries => ({ measurement, field, stat: 'mean', where: HOST_FILTER, alias });
  return timeseries(
    4,
    'CPU and RAM usage',
    'CPU busy and memory used, in percent: the mean per interval, from the hourly rollup below a day per point and the daily rollup above.',
  )
    .span(12)
    .unit('percent')
    .min(0)
    .max(100)
    .interval(ROLLUP_MIN_INTERVAL)
    .targets([...rollupTargets('A', mean('cpu', 'usage_percent', 'CPU')), ...rollupTargets('B', mean('mem', 'used_percent', 'RAM'))]);
}

export function hostDetailDashboard(): Dashboard {
  const customers = 'SHOW TAG VALUES FROM "system" WITH KEY = "customer"';
  const hosts = `SHOW TAG VALUES FROM "system" WITH KEY = "host" WHERE ${tagMatches('customer', 'customer')}`;
  const mounts = `SHOW TAG VALUES FROM "disk" WITH KEY = "mount" WHERE ${HOST_FILTER}`;
  return new DashboardBuilder('Runway: host detail')
    .uid(HOST_DASHBOARD_UID)
    .description(
      'Actual use against forecast for one host: disks, inodes, daily peak load, memory and CPU, with its alerts and holidays.',
    )
    .tags(['runway', 'capacity'])
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    // Half a year of history and the whole forecast horizon.
    .time({ from: 'now-180d', to: 'now+90d' })
    .refresh('15m')
    .withVariable(tagValuesVariable('customer', customers, { label: 'Customer' }))
    .withVariable(tagValuesVariable('host', hosts, { label: 'Host' }))
    .withVariable(tagValuesVariable('mount', mounts, { label: 'Mount', multi: true, includeAll: true }))
    .withVariable(countryVariable())
    .annotation(alertAnnotation(HOST_FILTER))
    .annotation(holidayAnnotation())
    .withPanel(
      runwayTablePanel({
        id: 1,
        title: 'Runway of $host',
        description: 'Latest forecast run per resource of this host, soonest crossing first.',
        filter: HOST_FILTER,
        height: 6,
      }),
    )
    .withPanel(
      diskPanel({ id: 2, title: 'Disk used on $mount: actual vs forecast', hostFilter: HOST_FILTER, span: 24 })
        // One panel per selected mount; Grafana splits the row into maxPerRow columns.
        .repeat('mount')
        .repeatDirection('h')
        .maxPerRow(2),
    )
    .withPanel(loadPanel({ id: 3, title: 'Daily peak load vs forecast and cores', hostFilter: HOST_FILTER, span: 12 }))
    .withPanel(cpuRamPanel())
    .withPanel(memoryPanel({ id: 5, title: 'Peak memory use vs forecast', hostFilter: HOST_FILTER, span: 12 }))
    .withPanel(cpuPanel({ id: 6, title: 'Daily 95th percentile of CPU use vs forecast', hostFilter: HOST_FILTER, span: 12 }))
    .withPanel(
      inodesPanel({ id: 7, title: 'Inodes used on $mount: actual vs forecast', hostFilter: HOST_FILTER, span: 24 })
        .repeat('mount')
        .repeatDirection('h')
        .maxPerRow(2),
    )
    .build();
}
