// @vitest-environment jsdom
/**
 * Integration test: what each panel shows, decided by Grafana's own code. Every panel's queries run
 * against the real InfluxDB (the demo fleet and forecast run; alert and host status points in a
 * database of their own), the answers become data frames as Grafana's InfluxQL backend makes them, and
 * @grafana/data of Grafana 11 and of Grafana 12 applies the panel's transformations, value mappings,
 * thresholds, units and decimals. The expectations are what the dashboards mean, e.g. "beyond horizon"
 * for a resource without a crossing, and a red KO for a host whose OCO code is 300 or above.
 *
 * Run alone:  ./scripts/test dashboards/panel-display.influx
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataFrame } from '@grafana/data';
import type { Dashboard, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { allPanels } from './dashboard-checks.ts';
import { allDashboards } from './generate.ts';
import { grafanaReleases, type GrafanaData } from './grafana-data.ts';
import { influxFrames, type TargetFormat } from './influx-frames.ts';
import { influxQuery, type Series } from './influx-test-client.ts';
import { OPTIONAL_CONTEXT, writeOptionalPoints } from './optional-points.ts';
import { panelView, type PanelView } from './panel-display.ts';
import { TIGHT_HEADROOM_PERCENT } from './pool-headroom-panels.ts';
import { interpolateQuery } from './query-interpolation.ts';
import { chooseVariables, DEMO_RANGE, DEMO_RANGE_DAILY, runQuery, type Selection } from './variable-selection.ts';

const dashboards = new Map(allDashboards().map((d) => [d.uid!, d]));

function panel(uid: string, id: number): Panel {
  const found = allPanels(dashboards.get(uid)!).find((p) => p.id === id);
  if (!found || found.type === 'row') throw new Error(`${uid} has no panel ${id}`);
  return found as Panel;
}

type Target = TargetFormat & { query: string };
const targetsOf = (p: Panel): Target[] => (p.targets ?? []) as unknown as Target[];

/** The frames a panel receives: each target's InfluxDB answer, converted as Grafana's backend does. */
async function framesOf(data: GrafanaData, p: Panel, run: (query: string) => Promise<Series[]>): Promise<DataFrame[]> {
  const frames: DataFrame[] = [];
  for (const target of targetsOf(p)) frames.push(...influxFrames(data, await run(target.query), target));
  return frames;
}

const releases = grafanaReleases();
const theme = releases[0]!.data.createTheme();
const colour = (name: string): string => theme.visualization.getColorByName(name);
const texts = (values: Array<{ text: string }>): string[] => values.map((v) => v.text);

describe.each(releases.map((r) => [r.version, r] as const))('what panels show with @grafana/data %s', (_v, release) => {
  const { data } = release;
  const selections = new Map<string, Selection>();
  const optionalDb = testConfig().influxDb;

  beforeAll(async () => {
    for (const [uid, dashboard] of dashboards) selections.set(uid, await chooseVariables(dashboard as Dashboard));
    await writeOptionalPoints(storeFor({ ...testConfig(), influxDb: optionalDb }));
  });

  /** A panel on the demo fleet, with the dashboard's variables set as a user would, over two years at an hour per point. */
  const demoView = async (uid: string, id: number, range = DEMO_RANGE): Promise<PanelView> => {
    const p = panel(uid, id);
    return panelView(data, p, await framesOf(data, p, (q) => runQuery(q, selections.get(uid)!, undefined, range)));
  };
  /** A panel on the alert and host status points. */
  const optionalView = async (uid: string, id: number): Promise<PanelView> => {
    const p = panel(uid, id);
    return panelView(data, p, await framesOf(data, p, (q) => influxQuery(interpolateQuery(q, OPTIONAL_CONTEXT), optionalDb)));
  };

  describe.each([
    ['runway-fleet', 3],
    ['runway-host', 1],
    ['runway-customer', 3],
  ] as const)('runway table %s panel %i', (uid, id) => {
    let view: PanelView;
    beforeAll(async () => {
      view = await demoView(uid, id);
    });

    it('shows "beyond horizon" exactly where InfluxDB has no days left, whole days elsewhere', () => {
      const daysLeft = view.raw('days_left') as Array<number | null>;
      const shown = texts(view.column('Days left'));
      expect(shown.length).toBeGreaterThan(0);
      daysLeft.forEach((days, row) => {
        if (days === null) expect(shown[row], `row ${row}`).toBe('beyond horizon');
        else expect(Math.abs(Number(shown[row]) - days), `row ${row}: ${shown[row]} for ${days}`).toBeLessThanOrEqual(0.5);
      });
    });

    it('colours severities as Runway does and writes crossing dates as days', () => {
      const colours: Record<string, string> = { ok: 'green', notice: 'blue', warning: 'orange', critical: 'red' };
      const raw = view.raw('severity') as string[];
      view.column('Severity').forEach((cell, row) => {
        expect(cell.text).toBe(raw[row]);
        expect(cell.color).toBe(colour(colours[raw[row]!]!));
      });
      for (const text of texts(view.column('Likely crossing'))) expect(text).toMatch(/^(\d{4}-\d{2}-\d{2}|-)$/);
      for (const text of texts(view.column('Current'))) expect(text).toMatch(/^-?\d+\.\d$/);
    });
  });

  /** A stat shows its query's number, or its "no value" text, coloured by its thresholds. */
  describe.each([
    ['runway-fleet', 1, '0', [['green', -Infinity], ['orange', 1]]],
    ['runway-fleet', 2, '0', []],
    ['runway-accuracy', 1, '0', [['green', -Infinity], ['red', 1]]],
    ['runway-accuracy', 2, '0', [['green', -Infinity], ['orange', 1]]],
    ['runway-accuracy', 3, '-', [['green', -Infinity], ['red', 1]]],
  ] as const)('stat %s panel %i', (uid, id, noValue, steps) => {
    it('shows the number InfluxDB returned in its threshold colour', async () => {
      const view = await demoView(uid, id);
      const [stat, ...more] = view.stats();
      expect(more).toEqual([]);
      const value = view.frames.length > 0 ? (view.raw('Value').at(-1) as number | null) : null;
      const decimals = (panel(uid, id).fieldConfig?.defaults.decimals ?? 0) as number;
      expect(stat!.text).toBe(value === null ? noValue : value.toFixed(decimals));
      const step = [...steps].reverse().find(([, from]) => (value ?? 0) >= from);
      if (step) expect(stat!.color).toBe(colour(step[0]));
    });
  });

  it('accuracy table: MASE red from 1, coverage amber outside 0.7 to 0.9, "-" without a backtest, no crossing said', async () => {
    const view = await demoView('runway-accuracy', 4);
    const check = (column: string, field: string, colourOf: (v: number) => string): void => {
      const raw = view.raw(field) as Array<number | null>;
      expect(raw.some((v) => v !== null), field).toBe(true);
      view.column(column).forEach((cell, row) => {
        const value = raw[row];
        if (value === null || value === undefined) return expect(cell.text).toBe('-');
        expect(cell.text).toBe(value.toFixed(2));
        expect(cell.color, `${column} ${value}`).toBe(colour(colourOf(value)));
      });
    };
    check('MASE', 'mase', (v) => (v >= 1 ? 'red' : 'green'));
    check('Coverage', 'coverage', (v) => (v < 0.7 || v > 0.9 ? 'orange' : 'green'));
    const daysLeft = view.raw('days_left') as Array<number | null>;
    expect(daysLeft).toContain(null);
    texts(view.column('Days left')).forEach((text, row) => {
      expect(text).toBe(daysLeft[row] === null ? 'beyond horizon' : daysLeft[row]!.toFixed(0));
    });
  });

  it.each([
    ['runway-host', 2, 'actual', /^\d+(\.\d+)?%$/, DEMO_RANGE],
    ['runway-host', 2, 'actual', /^\d+(\.\d+)?%$/, DEMO_RANGE_DAILY],
    ['runway-host', 3, 'daily peak', /^\d+\.\d$/, DEMO_RANGE],
    ['runway-host', 4, 'CPU', /^\d+(\.\d+)?%$/, DEMO_RANGE],
    ['runway-host', 4, 'RAM', /^\d+(\.\d+)?%$/, DEMO_RANGE_DAILY],
    ['runway-host', 5, 'actual', /^\d+(\.\d+)?%$/, DEMO_RANGE],
    ['runway-host', 5, 'forecast', /^\d+(\.\d+)?%$/, DEMO_RANGE_DAILY],
    ['runway-host', 6, 'daily p95', /^\d+(\.\d+)?%$/, DEMO_RANGE],
    ['runway-host', 6, 'threshold', /^85%$/, DEMO_RANGE],
    ['runway-host', 7, 'actual', /^\d+(\.\d+)?%$/, DEMO_RANGE_DAILY],
    ['runway-host', 7, 'upper', /^\d+(\.\d+)?%$/, DEMO_RANGE],
    ['runway-customer', 13, 'actual', /^\d+(\.\d+)?%$/, DEMO_RANGE],
    ['runway-customer', 14, 'forecast', /^\d+(\.\d+)?%$/, DEMO_RANGE],
    ['runway-customer', 15, 'threshold', /^90%$/, DEMO_RANGE],
    ['runway-accuracy', 6, 'median', /^\d+\.\d\d$/, DEMO_RANGE],
    ['runway-accuracy', 7, 'median', /^\d+\.\d\d$/, DEMO_RANGE],
  ] as const)('time series %s panel %i writes %s in its unit', async (uid, id, name, pattern, range) => {
    const values = (await demoView(uid, id, range)).column(name).filter((cell) => cell.text !== '');
    expect(values.length).toBeGreaterThan(0);
    for (const cell of values) expect(cell.text).toMatch(pattern);
  });

  /** What a pool's headroom in percent means, in the words and colours of the verdict column. */
  const verdict = (percent: number): { text: string; color: string } =>
    percent >= TIGHT_HEADROOM_PERCENT
      ? { text: 'fits: work can move within the pool', color: colour('green') }
      : percent >= 0
        ? { text: 'tight: under 10 % spare at the peak', color: colour('orange') }
        : { text: 'short: the pool needs more', color: colour('red') };

  describe.each([
    ['runway-fleet', 4, 'load', / cores$/],
    ['runway-fleet', 5, 'memory', / [KMGT]iB$/],
    ['runway-customer', 4, 'load', / cores$/],
    ['runway-customer', 5, 'memory', / [KMGT]iB$/],
  ] as const)('pool headroom %s panel %i (%s)', (uid, id, _resource, unit) => {
    it('on the demo fleet: a verdict and a colour from each pool\'s headroom, amounts in the resource\'s unit', async () => {
      const view = await demoView(uid, id);
      const percents = view.raw('headroom_percent') as Array<number | null>;
      expect(percents.length).toBeGreaterThan(0);
      const verdicts = view.column('Verdict');
      const headroom = view.column('Headroom %');
      percents.forEach((percent, row) => {
        expect(percent, `row ${row}`).not.toBeNull();
        expect(verdicts[row]).toEqual(verdict(percent!));
        expect(headroom[row]).toEqual({ text: `${percent!.toFixed(0)}%`, color: verdict(percent!).color });
      });
      for (const name of ['Peak (sum)', 'Usable', 'Capacity', 'Headroom']) {
        for (const cell of view.column(name)) expect(cell.text, name).toMatch(unit);
      }
      for (const text of texts(view.column('Peak day'))) expect(text).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
  });

  it('pool headroom: short in red, tight in orange, fits in green, and no summed peak said so', async () => {
    const rows = async (id: number): Promise<Map<string, Record<string, string>>> => {
      const view = await optionalView('runway-fleet', id);
      const pools = view.raw('pool') as string[];
      const columns = ['Verdict', 'Headroom %', 'Headroom', 'Peak (sum)', 'Usable', 'Peak day', 'Hosts short alone'];
      const shown = new Map(columns.map((c) => [c, view.column(c)]));
      return new Map(pools.map((pool, row) => [pool, Object.fromEntries(columns.map((c) => [c, shown.get(c)![row]!.text]))]));
    };
    const load = await rows(4);
    expect(load.get('web')).toEqual({
      Verdict: 'short: the pool needs more', 'Headroom %': '-22%', Headroom: '-3.5 cores', 'Peak (sum)': '19.5 cores',
      Usable: '16.0 cores', 'Peak day': '2026-12-25', 'Hosts short alone': 'acme-web1',
    });
    expect(load.get('db')).toMatchObject({ Verdict: 'tight: under 10 % spare at the peak', 'Headroom %': '5%', 'Hosts short alone': 'none' });
    const memory = await rows(5);
    expect(memory.get('web')).toMatchObject({
      Verdict: 'fits: work can move within the pool', 'Headroom %': '46%', Headroom: '26.4 GiB', 'Peak (sum)': '31.2 GiB',
      Usable: '57.6 GiB', 'Hosts short alone': 'acme-web2',
    });
    expect(memory.get('db')).toMatchObject({
      Verdict: 'no forecast day common to its hosts', 'Headroom %': '-', Headroom: '-', 'Peak day': '-', 'Hosts short alone': 'none',
    });
    const colours = (await optionalView('runway-fleet', 4)).column('Verdict').map((cell) => cell.color);
    expect(new Set(colours)).toEqual(new Set([colour('red'), colour('orange')]));
  });

  it('customer view: a host whose OCO code is 300 or above is a red KO, in the table and the timeline', async () => {
    const table = await optionalView('runway-customer', 1);
    expect(table.column('Status')).toEqual([{ text: 'KO', color: colour('red') }]);
    const timeline = (await optionalView('runway-customer', 2)).column('acme-web1');
    const states = new Map(timeline.filter((cell) => cell.text !== '').map((cell) => [cell.text, cell.color]));
    expect(states).toEqual(new Map([['OK', colour('green')], ['KO', colour('red')]]));
  });

  it('alerts: the firing alert is counted red, listed as critical, and drawn as firing', async () => {
    expect((await optionalView('runway-alerts', 1)).stats()).toEqual([{ text: '1', color: colour('red') }]);
    expect((await optionalView('runway-alerts', 2)).column('Severity')).toEqual([{ text: 'critical', color: colour('red') }]);
    const lane = (await optionalView('runway-alerts', 3)).column('acme-web1 disk /var (DiskFillingUp)');
    expect(new Set(lane.filter((cell) => cell.text !== '').map((cell) => `${cell.text} ${cell.color}`))).toEqual(
      new Set([`firing ${colour('red')}`]),
    );
    const changes = (await optionalView('runway-alerts', 4)).column('severity');
    expect(changes).toEqual([
      { text: 'critical', color: colour('red') },
      { text: 'warning', color: colour('orange') },
    ]);
  });
});
