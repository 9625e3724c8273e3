/**
 * Integration test: the long-range panels (host detail and customer view) read the rollups, and what
 * they return is what the raw points say. The demo database holds the fleet as `runway serve` leaves a
 * backfill (recent days raw, older ones in the history policy) with its rollups; each panel's targets
 * run as Grafana would send them, at an hour and at a day per point, and every value must equal the
 * same statistic computed here from the raw points of both policies.
 *
 * Run alone:  ./scripts/test dashboards/rollup-panels.influx
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { CANONICAL } from '../core/schema.ts';
import { HISTORY_RP, RAW_RP } from '../core/rollups.ts';
import { DEMO_NOW_MS, DEMO_RAW_DAYS } from '../scripts/test-support/global-setup.ts';
import { allPanels } from './dashboard-checks.ts';
import { allDashboards } from './generate.ts';
import { influxQuery, type Series } from './influx-test-client.ts';
import type { InterpolationContext } from './query-interpolation.ts';
import { chooseVariables, DEMO_RANGE, DEMO_RANGE_DAILY, runQuery, type Selection } from './variable-selection.ts';

const DAY_MS = 86_400_000;
const dashboards = new Map(allDashboards().map((d) => [d.uid!, d]));
const LONG_RANGE = ['runway-host', 'runway-customer'];
type Range = Omit<InterpolationContext, 'variables'>;

const targetsOf = (uid: string, id: number): Array<{ query: string; alias?: string }> => {
  const panel = allPanels(dashboards.get(uid)!).find((p) => p.id === id) as Panel;
  return (panel.targets ?? []) as unknown as Array<{ query: string; alias?: string }>;
};

/** time → value of the named series, over every target of the panel that answered. */
async function panelSeries(uid: string, id: number, alias: string, selection: Selection, range: Range): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const target of targetsOf(uid, id).filter((t) => t.alias === alias)) {
    for (const s of await runQuery(target.query, selection, undefined, range)) {
      for (const [t, v] of s.values) if (typeof v === 'number') out.set(t as number, v);
    }
  }
  return out;
}

/**
 * The statistic per interval, computed here from the raw points of the raw and the history policies;
 * with `percentOf`, 100 × the statistic of the field over that of the other field.
 */
async function rawSeries(measurement: string, field: string, stat: 'max' | 'mean', tags: Record<string, string>, range: Range, intervalMs: number, percentOf?: string): Promise<Map<number, number>> {
  const where = Object.entries(tags).map(([k, v]) => `"${k}" = '${v}'`).join(' AND ');
  const fields = [field, ...(percentOf ? [percentOf] : [])];
  const buckets = fields.map(() => new Map<number, number[]>());
  for (const rp of [RAW_RP, HISTORY_RP]) {
    const series: Series[] = await influxQuery(`SELECT ${fields.map((f) => `"${f}"`).join(', ')} FROM "${rp}"."${measurement}" WHERE ${where} AND time >= ${range.fromMs}ms AND time <= ${range.toMs}ms`);
    for (const s of series) {
      for (const [t, ...vs] of s.values) {
        const bucket = Math.floor((t as number) / intervalMs) * intervalMs;
        vs.forEach((v, i) => {
          if (typeof v === 'number') buckets[i]!.set(bucket, [...(buckets[i]!.get(bucket) ?? []), v]);
        });
      }
    }
  }
  const reduce = (vs: number[]): number => (stat === 'max' ? Math.max(...vs) : vs.reduce((a, b) => a + b, 0) / vs.length);
  const [values, of] = buckets.map((b) => new Map([...b].map(([t, vs]) => [t, reduce(vs)])));
  if (!of) return values!;
  return new Map([...values!].map(([t, v]) => [t, (100 * v) / of.get(t)!]));
}

/** InfluxDB's own daily percentile of the raw points of each policy (a day's points are all in one of them). */
async function rawDailyPercentile(measurement: string, field: string, percentile: number, tags: Record<string, string>, range: Range): Promise<Map<number, number>> {
  const where = Object.entries(tags).map(([k, v]) => `"${k}" = '${v}'`).join(' AND ');
  const out = new Map<number, number>();
  for (const rp of [RAW_RP, HISTORY_RP]) {
    const series = await influxQuery(`SELECT percentile("${field}", ${percentile}) FROM "${rp}"."${measurement}" WHERE ${where} AND time >= ${range.fromMs}ms AND time <= ${range.toMs}ms GROUP BY time(1d) fill(none)`);
    for (const s of series) for (const [t, v] of s.values) if (typeof v === 'number') out.set(t as number, v);
  }
  return out;
}

describe('[influxdb] long-range panels read the rollups', () => {
  let selection: Selection = { values: {}, raw: {} };

  beforeAll(async () => {
    selection = await chooseVariables(dashboards.get('runway-host')!);
  });

  it.each(LONG_RANGE)('%s charts read no raw metric point', (uid) => {
    const raw = new RegExp(`FROM\\s+"(${Object.keys(CANONICAL).join('|')})"`);
    // Tables show the newest state (host status now, the runway rows), not a range: the charts are what must read rollups.
    const charts = allPanels(dashboards.get(uid)!).filter((p) => p.type === 'timeseries' || p.type === 'state-timeline');
    const queries = charts.flatMap((p) => ((p as Panel).targets ?? []) as unknown as Array<{ query: string }>);
    const metricQueries = queries.filter((t) => /"(rollup_1h|rollup_1d|history)"\./.test(t.query));
    expect(metricQueries.length).toBeGreaterThan(0);
    for (const { query } of queries) expect(query).not.toMatch(raw);
  });

  describe.each([
    ['disk actual', 2, 'actual', 'disk', 'used_percent', 'max', true, undefined],
    ['CPU', 4, 'CPU', 'cpu', 'usage_percent', 'mean', false, undefined],
    ['RAM', 4, 'RAM', 'mem', 'used_percent', 'mean', false, undefined],
    ['peak memory actual', 5, 'actual', 'mem', 'used_percent', 'max', false, undefined],
    ['inodes actual', 7, 'actual', 'disk', 'inodes_used', 'max', true, 'inodes_total'],
  ] as const)('host detail %s', (_name, id, alias, measurement, field, stat, byMount, percentOf) => {
    it.each([
      ['an hour', DEMO_RANGE],
      ['a day', DEMO_RANGE_DAILY],
    ])('at %s per point equals the raw points, backfilled days included', async (_label, range) => {
      const tags = { customer: selection.values.customer!, host: selection.values.host!, ...(byMount ? { mount: selection.values.mount! } : {}) };
      const shown = await panelSeries('runway-host', id, alias, selection, range);
      const raw = await rawSeries(measurement, field, stat, tags, range, range.intervalMs, percentOf);
      expect([...shown.keys()].sort()).toEqual([...raw.keys()].sort());
      for (const [t, v] of raw) expect(shown.get(t), `${alias} at ${new Date(t).toISOString()}`).toBeCloseTo(v, 9);
      // Both the days before the raw retention (history) and after it are drawn.
      const cutoffMs = DEMO_NOW_MS - DEMO_RAW_DAYS * DAY_MS;
      expect([...shown.keys()].some((t) => t < cutoffMs - 60 * DAY_MS)).toBe(true);
      expect([...shown.keys()].some((t) => t >= cutoffMs)).toBe(true);
    });
  });

  it('host detail daily peak load is the raw daily maximum at any range', async () => {
    const tags = { customer: selection.values.customer!, host: selection.values.host! };
    for (const range of [DEMO_RANGE, DEMO_RANGE_DAILY]) {
      const shown = await panelSeries('runway-host', 3, 'daily peak', selection, range);
      const raw = await rawSeries('system', 'load1', 'max', tags, range, DAY_MS);
      expect(shown.size).toBeGreaterThan(600);
      expect(shown).toEqual(raw);
    }
  });

  it('host detail daily 95th percentile of CPU use is the raw daily percentile at any range', async () => {
    const tags = { customer: selection.values.customer!, host: selection.values.host! };
    const raw = await rawDailyPercentile('cpu', 'usage_percent', 95, tags, DEMO_RANGE);
    for (const range of [DEMO_RANGE, DEMO_RANGE_DAILY]) {
      const shown = await panelSeries('runway-host', 6, 'daily p95', selection, range);
      expect(shown.size).toBeGreaterThan(600);
      expect([...shown.keys()].sort()).toEqual([...raw.keys()].sort());
      for (const [t, v] of raw) expect(shown.get(t), `p95 at ${new Date(t).toISOString()}`).toBeCloseTo(v, 9);
    }
  });
});
