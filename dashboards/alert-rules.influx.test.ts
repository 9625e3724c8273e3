/**
 * Integration test: each alert rule's InfluxQL, over its relative time range ending at the demo data's
 * "now", against the demo fleet and forecast run in the real InfluxDB, as Grafana's rule evaluation
 * would send it. Grafana interpolates only `$timeFilter` in alert queries (no dashboard variables).
 *
 * Run alone:  ./scripts/test dashboards/alert-rules.influx
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { daysLeftQuery } from './alert-rules.ts';
import { alertingProvisioningYaml } from './alerting-provisioning.ts';
import { influxQuery, rowCount } from './influx-test-client.ts';
import { timeFilter } from './query-interpolation.ts';
import { DEMO_NOW_MS } from '../scripts/test-support/global-setup.ts';

interface FileQuery {
  refId: string;
  datasourceUid: string;
  relativeTimeRange?: { from: number; to: number };
  model: { query?: string };
}

interface FileRule {
  uid: string;
  data: FileQuery[];
}

const file = parse(alertingProvisioningYaml()) as { groups: Array<{ rules: FileRule[] }> };
const queries = file.groups
  .flatMap((group) => group.rules)
  .flatMap((rule) =>
    rule.data.filter((q) => q.datasourceUid !== '__expr__').map((q) => [`${rule.uid} ${q.refId}`, q] as const),
  );

/** `$timeFilter` for a range of seconds before "now", as Grafana computes it at evaluation time. */
function atDemoNow(query: FileQuery): string {
  const range = query.relativeTimeRange ?? { from: 600, to: 0 };
  return (query.model.query ?? '').replaceAll(
    '$timeFilter',
    timeFilter(DEMO_NOW_MS - range.from * 1000, DEMO_NOW_MS - range.to * 1000),
  );
}

describe('[influxdb] alert rule queries', () => {
  it.each(queries)('%s returns rows', async (_where, query) => {
    expect(rowCount(await influxQuery(atDemoNow(query)))).toBeGreaterThan(0);
  });

  it('reads the newest row per resource, as null once a resource has no crossing', async () => {
    const window = timeFilter(DEMO_NOW_MS - 2 * 86_400_000, DEMO_NOW_MS);
    const series = await influxQuery(daysLeftQuery('disk_used_percent').replace('$timeFilter', window));
    const latest = await influxQuery(
      `SELECT count("current") FROM "runway" WHERE "metric" = 'disk_used_percent' AND ${window} ` +
        'GROUP BY "customer", "host", "resource"',
    );
    // One series per disk resource with a runway row, whether or not it has days_left.
    expect(series.length).toBe(latest.length);
    const values = series.map((s) => s.values[0]![1]);
    expect(values).toContain(null);
    expect(values.some((v) => typeof v === 'number')).toBe(true);
  });
});
