/**
 * "Runway: fleet": for every customer's hosts, how long each resource (disk, inodes, peak load, memory,
 * CPU) has until it crosses its threshold, from the latest forecast run, and how much headroom each
 * pool has at its forecast peak. Capacity planners start here and drill into a host.
 */
import {
  CustomVariableBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { BigValueColorMode, BigValueGraphMode, ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { RUNWAY_METRICS, type RunwayMetric } from '../core/runway-row.ts';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { HOST_DASHBOARD_UID } from './host-detail.ts';
import { influx, tagMatches, tagValuesVariable } from './panel-kit.ts';
import { poolHeadroomPanel } from './pool-headroom-panels.ts';
import { runwayTablePanel } from './runway-table.ts';

export const FLEET_DASHBOARD_UID = 'runway-fleet';

const CUSTOMER_FILTER = tagMatches('customer', 'customer');
/** The runway rows of the chosen customers and kinds of resource. */
const ROWS_FILTER = `${CUSTOMER_FILTER} AND ${tagMatches('metric', 'resource')}`;

/** How the resource filter names each runway metric. */
export const RESOURCE_KIND: Readonly<Record<RunwayMetric, string>> = {
  disk_used_percent: 'Disk',
  inodes_used_percent: 'Inodes',
  load_daily_max: 'Peak load',
  mem_used_percent: 'Memory',
  cpu_p95_percent: 'CPU',
};

/**
 * The kinds of resource to list, by name ("Memory") with the runway metric as value (Grafana's
 * custom variable `text : value` pairs): "All" by default, so every resource is listed.
 */
export function resourceVariable(): CustomVariableBuilder {
  const values = RUNWAY_METRICS.map((metric) => `${RESOURCE_KIND[metric]} : ${metric}`).join(',');
  return new CustomVariableBuilder('resource')
    .label('Resource')
    .values(values)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all', selected: true });
}

/**
 * Counts resources, i.e. (customer, host, resource) groups, optionally only those whose newest row has
 * one of the given severities. The inner query uses `last()`:
 * InfluxDB 1.6 ignores LIMIT inside a subquery, so ORDER BY time DESC LIMIT 1 would count every run.
 */
export function resourceCountQuery(severities?: readonly string[]): string {
  const inner =
    'SELECT last("severity") AS "severity" FROM "runway" ' +
    `WHERE ${ROWS_FILTER} AND $timeFilter GROUP BY "customer", "host", "resource"`;
  const outer = `SELECT count("severity") AS "resources" FROM (${inner})`;
  if (!severities) return outer;
  return `${outer} WHERE ${severities.map((s) => `"severity" = '${s}'`).join(' OR ')}`;
}

function countStat(id: number, title: string, description: string, query: string): StatPanelBuilder {
  return new StatPanelBuilder()
    .id(id)
    .title(title)
    .description(description)
    .span(12)
    .height(4)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', query))
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .graphMode(BigValueGraphMode.None)
    .decimals(0)
    // InfluxDB returns no rows, rather than 0, when nothing matches.
    .noValue('0');
}

function atRiskStat(): StatPanelBuilder {
  return countStat(
    1,
    'Resources at warning or critical',
    'Resources whose latest forecast run rated them warning or critical.',
    resourceCountQuery(['warning', 'critical']),
  )
    .colorMode(BigValueColorMode.Background)
    .thresholds(
      new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
        { value: null, color: 'green' },
        { value: 1, color: 'orange' },
      ]),
    );
}

function trackedStat(): StatPanelBuilder {
  return countStat(
    2,
    'Resources forecast',
    'Resources (disk and inodes per mount, peak load, memory, CPU) with a forecast run in the time range.',
    resourceCountQuery(),
  )
    .colorMode(BigValueColorMode.None);
}

export function fleetRunwayDashboard(): Dashboard {
  const customerQuery = 'SHOW TAG VALUES FROM "runway" WITH KEY = "customer"';
  return new DashboardBuilder('Runway: fleet')
    .uid(FLEET_DASHBOARD_UID)
    .description('Days until each resource crosses its threshold, from the latest forecast run, and the headroom of every pool.')
    .tags(['runway', 'capacity'])
    .readonly()
    .tooltip(DashboardCursorSync.Off)
    // Forecast runs are daily; a week keeps a missed run visible without showing stale hosts for long.
    .time({ from: 'now-7d', to: 'now' })
    .refresh('15m')
    .withVariable(tagValuesVariable('customer', customerQuery, {
        label: 'Customer',
        multi: true,
        includeAll: true,
        allValue: '.*',
      }))
    .withVariable(resourceVariable())
    .withPanel(atRiskStat())
    .withPanel(trackedStat())
    .withPanel(
      runwayTablePanel({
        id: 3,
        title: 'Runway by resource',
        description:
          'Latest forecast run per resource, soonest crossing first. Earliest/latest bound the likely ' +
          'crossing date; "beyond horizon" means no crossing is forecast within the horizon. Severity is ' +
          "Runway's alert tier; driver is what drives the crossing: the trend, or a season such as christmas.",
        filter: ROWS_FILTER,
        height: 18,
        hostLink: {
          title: 'Host detail',
          url: `/d/${HOST_DASHBOARD_UID}?var-customer=\${__data.fields.customer}&var-host=\${__value.raw}`,
        },
      }),
    )
    .withPanel(poolHeadroomPanel({ id: 4, resource: 'load', filter: CUSTOMER_FILTER, span: 24, height: 7 }))
    .withPanel(poolHeadroomPanel({ id: 5, resource: 'memory', filter: CUSTOMER_FILTER, span: 24, height: 7 }))
    .build();
}
