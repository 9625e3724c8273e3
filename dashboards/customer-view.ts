/**
 * "Runway: customer": everything an account manager needs before talking to one customer: whether
 * the customer's hosts are up (OK / OK-but / KO), their runway rows, the headroom of their pools, and
 * per host the disk, daily peak load, memory, CPU and inode actuals against their forecast bands, with
 * the customer's alerts and holidays annotated.
 */
import {
  DashboardBuilder,
  DashboardCursorSync,
  RowBuilder,
  type Dashboard,
  type QueryVariableBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { alertAnnotation, countryVariable, holidayAnnotation } from './annotations.ts';
import { HOST_DASHBOARD_UID } from './host-detail.ts';
import { cpuPanel, diskPanel, inodesPanel, loadPanel, memoryPanel, type HostPanelOptions } from './host-panels.ts';
import { hostStatusTable, hostStatusTimeline } from './host-status-panels.ts';
import { tagMatches, tagValuesVariable } from './panel-kit.ts';
import { poolHeadroomPanel } from './pool-headroom-panels.ts';
import { runwayTablePanel } from './runway-table.ts';

export const CUSTOMER_DASHBOARD_UID = 'runway-customer';

const CUSTOMER_FILTER = tagMatches('customer', 'customer');
/** `$host` is every selected host in the panels above the host rows, and one host inside each row. */
const HOSTS_FILTER = `${CUSTOMER_FILTER} AND ${tagMatches('host', 'host')}`;

function variables(): QueryVariableBuilder[] {
  const customers = 'SHOW TAG VALUES FROM "system" WITH KEY = "customer"';
  const hosts = `SHOW TAG VALUES FROM "system" WITH KEY = "host" WHERE ${CUSTOMER_FILTER}`;
  const mounts = `SHOW TAG VALUES FROM "disk" WITH KEY = "mount" WHERE ${HOSTS_FILTER}`;
  return [
    tagValuesVariable('customer', customers, { label: 'Customer' }),
    tagValuesVariable('host', hosts, { label: 'Hosts', multi: true, includeAll: true, allValue: '.*' }),
    // One mount for every host row: most hosts share their mount layout ("/" sorts first).
    tagValuesVariable('mount', mounts, { label: 'Mount (disk and inode charts)' }),
    countryVariable(),
  ];
}

/**
 * A row per selected host holding its charts: disk and load, then memory, CPU and inodes. The row is
 * added empty and open, with its panels after it: Grafana only treats a row's nested panels as its
 * content when the row is collapsed, and the SDK collapses a row as soon as panels are added to it.
 */
function addHostRows(builder: DashboardBuilder): DashboardBuilder {
  const host = (id: number, title: string, span: number): HostPanelOptions => ({ id, title: `${title} of $host`, hostFilter: HOSTS_FILTER, span });
  return builder
    .withRow(new RowBuilder('$host').id(10).repeat('host'))
    .withPanel(diskPanel(host(11, 'Disk used on $mount', 12)))
    .withPanel(loadPanel(host(12, 'Daily peak load', 12)))
    .withPanel(memoryPanel(host(13, 'Peak memory use', 8)))
    .withPanel(cpuPanel(host(14, 'Daily 95th percentile of CPU use', 8)))
    .withPanel(inodesPanel(host(15, 'Inodes used on $mount', 8)));
}

export function customerViewDashboard(): Dashboard {
  const builder = new DashboardBuilder('Runway: customer')
    .uid(CUSTOMER_DASHBOARD_UID)
    .description(
      "One customer's hosts: status, runway, pool headroom, and disk, load, memory, CPU and inode actuals against their forecasts.",
    )
    .tags(['runway', 'capacity', 'customer'])
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    // A quarter of history and the whole forecast horizon.
    .time({ from: 'now-90d', to: 'now+90d' })
    .refresh('15m')
    .variables(variables())
    .annotation(alertAnnotation(HOSTS_FILTER))
    .annotation(holidayAnnotation())
    .withPanel(hostStatusTable(1, HOSTS_FILTER))
    .withPanel(hostStatusTimeline(2, HOSTS_FILTER))
    .withPanel(
      runwayTablePanel({
        id: 3,
        title: 'Runway of $customer',
        description:
          "Latest forecast run per resource of the customer's hosts, soonest crossing first. The host " +
          'links to its detail dashboard.',
        filter: HOSTS_FILTER,
        height: 9,
        hostLink: {
          title: 'Host detail',
          url: `/d/${HOST_DASHBOARD_UID}?var-customer=\${__data.fields.customer}&var-host=\${__value.raw}`,
        },
      }),
    )
    // Pools are the customer's, whichever hosts are selected.
    .withPanel(poolHeadroomPanel({ id: 4, resource: 'load', filter: CUSTOMER_FILTER, span: 24, height: 5 }))
    .withPanel(poolHeadroomPanel({ id: 5, resource: 'memory', filter: CUSTOMER_FILTER, span: 24, height: 5 }));
  return addHostRows(builder).build();
}
