/**
 * Integration test: the fleet dashboard's resource filter finds every kind of resource Runway
 * forecasts. For each value of its "Resource" variable, the runway table run against the demo fleet
 * and forecast run in the real InfluxDB lists rows, and only rows of that kind.
 *
 * Run alone:  ./scripts/test dashboards/fleet-resources.influx
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { RUNWAY_METRICS } from '../core/runway-row.ts';
import { allPanels } from './dashboard-checks.ts';
import { customVariables } from './dashboard-queries.ts';
import { fleetRunwayDashboard } from './fleet-runway.ts';
import { chooseVariables, runQuery, type Selection } from './variable-selection.ts';

const dashboard = fleetRunwayDashboard();
const resource = customVariables(dashboard).find((v) => v.name === 'resource')!;
const queryOf = (id: number): string => {
  const panel = allPanels(dashboard).find((p) => p.id === id) as Panel;
  return (panel.targets![0] as unknown as { query: string }).query;
};

describe('[influxdb] fleet dashboard resource filter', () => {
  let chosen: Selection = { values: {}, raw: {} };

  beforeAll(async () => {
    chosen = await chooseVariables(dashboard);
  });

  it('offers every runway metric, and "All" by default', () => {
    expect(resource.values).toEqual([...RUNWAY_METRICS]);
    expect(chosen.raw.resource).toBe('.*');
  });

  it.each([...RUNWAY_METRICS])('%s: the runway table lists that kind of resource only', async (metric) => {
    const only: Selection = { values: { ...chosen.values, resource: metric }, raw: { ...chosen.raw } };
    delete only.raw.resource;
    const series = await runQuery(queryOf(3), only);
    expect(series.length, metric).toBeGreaterThan(0);
    // Each series is one (customer, host, resource); the resource names its kind ("inodes /var/mail", "memory").
    const kind = { disk_used_percent: /^disk /, inodes_used_percent: /^inodes /, load_daily_max: /^load$/, mem_used_percent: /^memory$/, cpu_p95_percent: /^cpu$/ }[metric];
    for (const s of series) expect(s.tags?.resource).toMatch(kind);
    // The count of resources forecast agrees with the table.
    const [count] = await runQuery(queryOf(2), only);
    expect(count?.values[0]?.[1]).toBe(series.length);
  });
});
