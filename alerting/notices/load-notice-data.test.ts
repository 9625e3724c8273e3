import { describe, expect, it } from 'vitest';
import { rollUp } from '../../core/impl/rollup-queries.ts';
import { prepareRollups } from '../../core/impl/rollup-schema.ts';
import { RAW_RP } from '../../core/rollups.ts';
import { forecastRecordPoints } from '../../core/forecast-record.ts';
import type { RunwayMetric } from '../../core/runway-row.ts';
import { float, msToNs, type MetricPoint } from '../../core/schema.ts';
import { storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { NOW_MS, runwayRow } from '../test-rows.ts';
import { loadNoticeData } from './load-notice-data.ts';
import { noticeRowKey } from './notice-types.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Hourly disk samples: day d (relative to NOW_MS) peaks at 60 + d at 12:00, so the daily max is known. */
function diskPoints(tags: Record<string, string>, base: number): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (let d = -5; d < 0; d++) {
    for (let h = 0; h < 24; h++) {
      const value = base + d - Math.abs(12 - h) * 0.1;
      // Inodes: half the disk's percentage (500 of 100 000 per point), so the daily peak of their use is (base + d) / 2.
      const fields = { used_percent: float(value), inodes_used: float(500 * value), inodes_total: float(100_000) };
      out.push({ measurement: 'disk', tags, fields, timeNs: msToNs(NOW_MS + d * DAY_MS + h * HOUR_MS) });
    }
  }
  return out;
}

/**
 * Hourly memory and CPU samples of a host over five days: memory peaks at 70 + d; CPU idles at 20 + d
 * with one busy hour at 100, so its daily 95th percentile (20 + d) differs from its maximum.
 */
function hostPoints(tags: Record<string, string>): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (let d = -5; d < 0; d++) {
    for (let h = 0; h < 24; h++) {
      const timeNs = msToNs(NOW_MS + d * DAY_MS + h * HOUR_MS);
      out.push({ measurement: 'mem', tags, fields: { used_percent: float(70 + d - Math.abs(12 - h)) }, timeNs });
      out.push({ measurement: 'cpu', tags, fields: { usage_percent: float(h === 3 ? 100 : 20 + d) }, timeNs });
    }
  }
  return out;
}

/** Forecast points as the forecast job writes them (value 60 + day, band -1 / +2), through the core contract. */
function forecastPoints(tags: Record<string, string>, fromDay: number, toDay: number, run: string): MetricPoint[] {
  const { metric, ...seriesTags } = tags;
  const steps = [];
  for (let d = fromDay; d <= toDay; d++) steps.push({ timeMs: NOW_MS + d * DAY_MS, value: 60 + d, lower: 59 + d, upper: 62 + d });
  const provenance = { model: { name: 'seasonal-linear' }, combination: 'seasonal-linear 1.00', choiceReason: 'best backtest', backtest: { origins: 4, mase: 0.8, coverage: 0.8 }, levelPercent: 80 };
  return forecastRecordPoints({ tags: seriesTags, metric: metric as RunwayMetric }, steps, provenance, run);
}

const quiet = { info() {}, warn() {} };

describe('loadNoticeData (real InfluxDB)', () => {
  it("reads each row's daily history from the daily rollup, the same as from raw points, and the forecast from the row's run day on", async () => {
    const store = storeFor(testConfig());
    const disk = { customer: 'acme', host: 'web-1', mount: '/var' };
    // A customer id with a quote checks the InfluxQL quoting of tag values.
    const load = { customer: "o'neil", host: 'shop-1' };
    await store.write([
      ...diskPoints(disk, 60),
      ...diskPoints({ ...disk, mount: '/srv' }, 10),
      ...diskPoints({ ...disk, host: 'web-2' }, 20),
      ...[-3, -2, -1].flatMap((d) => [2, 7.5, 4].map((v, i) => ({ measurement: 'system', tags: load, fields: { load1: float(v + d) }, timeNs: msToNs(NOW_MS + d * DAY_MS + i * 8 * HOUR_MS) }))),
      // An older run's forecast for days now past must not be drawn as the current one.
      ...forecastPoints({ ...disk, metric: 'disk_used_percent' }, -3, 3, 'old'),
      // The job's forecast starts on the run day itself: history holds whole days only.
      ...forecastPoints({ ...disk, metric: 'disk_used_percent' }, 0, 5, 'new'),
      ...forecastPoints({ ...disk, mount: '/srv', metric: 'disk_used_percent' }, 1, 5, 'new'),
      ...forecastPoints({ ...load, metric: 'load_daily_max' }, 1, 2, 'new'),
      ...hostPoints(load),
      ...forecastPoints({ ...load, metric: 'mem_used_percent' }, 0, 3, 'new'),
      ...forecastPoints({ ...load, metric: 'cpu_p95_percent' }, 0, 4, 'new'),
      ...forecastPoints({ ...disk, metric: 'inodes_used_percent' }, 0, 2, 'new'),
    ]);
    await prepareRollups(store, { rawRetentionDays: 0, rollupRetentionDays: 0, log: quiet });
    await rollUp(store, { fromMs: NOW_MS - 10 * DAY_MS, toMs: NOW_MS + DAY_MS, source: RAW_RP });
    const diskRow = runwayRow({ daysLeft: 20 });
    const loadRow = runwayRow({ daysLeft: 20, customer: "o'neil", host: 'shop-1', metric: 'load_daily_max', resource: 'load', mount: undefined });

    const hostRow = { customer: "o'neil", host: 'shop-1', mount: undefined, daysLeft: 20 };
    const memRow = runwayRow({ ...hostRow, metric: 'mem_used_percent', resource: 'memory' });
    const cpuRow = runwayRow({ ...hostRow, metric: 'cpu_p95_percent', resource: 'cpu' });
    const inodesRow = runwayRow({ daysLeft: 20, metric: 'inodes_used_percent', resource: 'inodes /var' });
    const rows = [diskRow, loadRow, memRow, cpuRow, inodesRow];

    const range = [NOW_MS - 30 * DAY_MS, NOW_MS + 30 * DAY_MS] as const;
    const data = await loadNoticeData(store, 'rollup', rows, ...range);
    expect(await loadNoticeData(store, 'raw', rows, ...range)).toEqual(data);

    const d = data.get(noticeRowKey(diskRow))!;
    expect(d.history).toEqual([-5, -4, -3, -2, -1].map((day) => ({ timeMs: NOW_MS + day * DAY_MS, value: 60 + day })));
    expect(d.forecast.map((p) => p.timeMs)).toEqual([0, 1, 2, 3, 4, 5].map((day) => NOW_MS + day * DAY_MS));
    expect(d.forecast[1]).toEqual({ timeMs: NOW_MS + DAY_MS, value: 61, lower: 60, upper: 63 });
    const l = data.get(noticeRowKey(loadRow))!;
    expect(l.history).toEqual([-3, -2, -1].map((day) => ({ timeMs: NOW_MS + day * DAY_MS, value: 7.5 + day })));
    expect(l.forecast).toHaveLength(2);
    const days = [-5, -4, -3, -2, -1];
    const daily = (f: (day: number) => number) => days.map((day) => ({ timeMs: NOW_MS + day * DAY_MS, value: f(day) }));
    const history = (row: typeof memRow) => data.get(noticeRowKey(row))!.history;
    expect(history(memRow)).toEqual(daily((day) => 70 + day));
    // The 95th percentile of the day, as the CPU is forecast: the busy hour at 100 % is not its peak.
    expect(history(cpuRow)).toEqual(daily((day) => 20 + day));
    // Only /var's inodes (not /srv's, nor web-2's): the day's peak of used over total.
    expect(history(inodesRow).map((p) => ({ ...p, value: Math.round(p.value * 1e9) / 1e9 }))).toEqual(daily((day) => (60 + day) / 2));
    expect([memRow, cpuRow, inodesRow].map((r) => data.get(noticeRowKey(r))!.forecast.length)).toEqual([4, 5, 3]);
  });

  it('gives empty series for a resource InfluxDB knows nothing about', async () => {
    const store = storeFor(testConfig());
    await store.ensureDatabase();
    const row = runwayRow({ daysLeft: 3, host: 'ghost' });
    await prepareRollups(store, { rawRetentionDays: 0, rollupRetentionDays: 0, log: quiet });
    const data = await loadNoticeData(store, 'rollup', [row], NOW_MS - DAY_MS * 10, NOW_MS + DAY_MS * 10);
    expect(data.get(noticeRowKey(row))).toEqual({ history: [], forecast: [] });
  });
});
