import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints } from '../core/line-protocol-format.ts';
import type { MetricPoint } from '../core/schema.ts';
import { emptyFitMemory, runForecastJob, type ForecastJobOptions, type ForecastRun } from '../forecast/job/forecast-job.ts';
import { RetentionRouter } from '../ingest/retention-router.ts';
import { refitHourOf } from '../forecast/job/refit-schedule.ts';
import { RollupMaintainer } from '../core/impl/rollup-maintainer.ts';
import { float, msToNs } from '../core/schema.ts';
import type { RunwayRow } from '../core/runway-row.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { byRow, collector, loadSyntheticFleet, SYNTHETIC_HOSTS as HOSTS } from '../scripts/test-support/synthetic-fleet.ts';
import { storeOptions } from '../core/store-from-config.ts';
import { ForecastPool } from './forecast-pool.ts';

const byKey = (points: readonly MetricPoint[]) => [...points].sort((a, b) => JSON.stringify(a.tags).localeCompare(JSON.stringify(b.tags)) || Number(a.timeNs - b.timeNs));

describe('forecasts read from rollups (real InfluxDB)', () => {
  const config = testConfig();
  const store = storeFor(config);
  const nowMs = Date.now();
  const pool = new ForecastPool(2);
  // Threads that read their chunks from this InfluxDB and write the forecasts back themselves.
  const ioPool = new ForecastPool(2, { store: storeOptions(config), countries: [['acme', 'DE']] });
  let common: Omit<ForecastJobOptions, 'writer'>;

  beforeAll(async () => {
    await loadSyntheticFleet(store, nowMs);
    common = { reader: store, historyDays: 400, horizonDays: 60, levelPercent: 80, country: 'DK', diskThresholdPercent: 90, memoryThresholdPercent: 90, cpuThresholdPercent: 85, nowMs };
  });
  afterAll(() => Promise.all([pool.close(), ioPool.close()]));

  it('equal one from raw points: same rows, same forecast points', async () => {
    const [fromRaw, fromRollups] = [collector(), collector()];
    const raw = await runForecastJob({ ...common, writer: fromRaw, source: 'raw' });
    const rolled = await runForecastJob({ ...common, writer: fromRollups, source: 'rollup', chunkHosts: 2 });
    // Per host: disk, inodes, load, memory and CPU.
    expect(raw.rows).toHaveLength(5 * HOSTS.length);
    expect(new Set(raw.rows.map((r) => r.metric))).toEqual(new Set(['disk_used_percent', 'inodes_used_percent', 'load_daily_max', 'mem_used_percent', 'cpu_p95_percent']));
    expect(raw.failures).toEqual([]);
    expect(byRow(rolled.rows)).toEqual(byRow(raw.rows));
    expect(byKey(fromRollups.points)).toEqual(byKey(fromRaw.points));
  });

  it('are the same when fitted on worker threads, a chunk at a time, which hand the points over as line protocol', async () => {
    const inline = collector();
    const lines: string[] = [];
    const asPoints = collector(); // holidays only: the forecast points arrive as lines
    const threaded = { write: asPoints.write, writeLines: async (text: string) => void lines.push(...text.split('\n')) };
    const here = await runForecastJob({ ...common, writer: inline, source: 'rollup', chunkHosts: 2 });
    const there = await runForecastJob({ ...common, writer: threaded, source: 'rollup', chunkHosts: 2, runChunk: pool.run, concurrency: 3 });
    expect(byRow(there.rows)).toEqual(byRow(here.rows));
    expect(asPoints.points.filter((p) => p.measurement === 'forecast')).toEqual([]);
    const forecasts = inline.points.filter((p) => p.measurement === 'forecast');
    expect(there.forecastPoints).toBe(forecasts.length);
    expect(lines.sort()).toEqual(formatPoints(forecasts).split('\n').sort());
  });

  it('are the same when the threads read the chunks and write the forecasts themselves', async () => {
    const inline = collector();
    const countryOf = (c: string) => (c === 'acme' ? 'DE' : undefined);
    const here = await runForecastJob({ ...common, countryOf, writer: inline, source: 'rollup', chunkHosts: 2 });
    const there = await runForecastJob({ ...common, countryOf, writer: store, source: 'rollup', chunkHosts: 2, runTask: ioPool.runTask!, concurrency: 4 });
    expect(byRow(there.rows)).toEqual(byRow(here.rows));
    const forecasts = inline.points.filter((p) => p.measurement === 'forecast');
    expect(there.forecastPoints).toBe(forecasts.length);
    // The store holds no other run's forecasts yet; each series' first day names the run.
    const stored = await store.query(`SELECT "value", "lower", "upper", "run" FROM "forecast" GROUP BY "host", "metric", "mount"`);
    const values = (p: MetricPoint) => [p.tags.host, p.tags.metric, p.tags.mount ?? '', Number(p.timeNs / 1_000_000n), p.fields.value!.value, p.fields.lower!.value, p.fields.upper!.value, p.fields.run?.value ?? null].join(' ');
    const back = stored.flatMap((s) => s.values.map((v) => [s.tags!.host, s.tags!.metric, s.tags!.mount ?? '', ...v].join(' ')));
    expect(back.sort()).toEqual(forecasts.map(values).sort());
    expect(stored.map((s) => s.values[0]![4])).toEqual(stored.map(() => there.run));
    expect(Object.values(there.phases).every((ms) => ms > 0)).toBe(true);
  });

  it('forecast memory, CPU and inodes against their own thresholds, with the capacities behind them', async () => {
    const run = await runForecastJob({ ...common, writer: collector(), source: 'rollup' });
    const row = (host: string, metric: string) => run.rows.find((r) => r.host === host && r.metric === metric)!;
    const mem = row('web1', 'mem_used_percent');
    expect(mem).toMatchObject({ resource: 'memory', threshold: 90, totalBytes: 16 * 2 ** 30 });
    // web1's memory rises 0.08 points a day with a flat weekly load pattern: the slope is measured.
    expect(mem.memEvidence!.memSlopePerDay).toBeGreaterThan(0.06);
    expect(mem.memEvidence!.memSlopePerDay).toBeLessThan(0.1);
    const cpu = row('web1', 'cpu_p95_percent');
    expect(cpu).toMatchObject({ resource: 'cpu', threshold: 85, cores: 8 });
    // The busy hour (+40 points) is the daily maximum; the 95th percentile of 24 hours is the second highest.
    const busiest = await store.query(`SELECT max("max_usage_percent") FROM "rollup_1d"."cpu" WHERE "host" = 'web1' AND time < ${Math.floor(nowMs / 86_400_000) * 86_400_000}ms GROUP BY time(1d) fill(none) ORDER BY time DESC LIMIT 1`);
    expect(cpu.current).toBeLessThan((busiest[0]!.values[0]![1] as number) - 20);
    const inodes = row('web1', 'inodes_used_percent');
    expect(inodes).toMatchObject({ resource: 'inodes /', mount: '/', threshold: 90, inodesTotal: 2e6 });
    // 0.2 + 399 days × 0.0012 of 2 million inodes, at the day's peak (+1 %).
    expect(inodes.current).toBeCloseTo(100 * (0.2 + 399.96 * 0.0012) * 1.01, 0);
    expect(inodes.growthPerDay).toBeGreaterThan(0.1);
  });

  // Last but one: it backfills a day of shop1, which the tests above must not see.
  it('keep a host whose days and settings are as at its last fit without reading, fitting or writing it again, until a backfill changes a day', async () => {
    const DAY = 86_400_000;
    const countryOf = (c: string) => (c === 'acme' ? 'DE' : undefined);
    const lastFits = emptyFitMemory();
    // Later the same day (the whole days read are the same), however close to midnight the test runs.
    const later = nowMs + Math.min(3_600_000, Math.ceil(nowMs / DAY) * DAY - 1 - nowMs);
    const asOf = (rows: RunwayRow[], at: number) => byRow(rows).map((r) => ({ ...r, computedAtMs: at, daysLeft: r.crossing.likely === null ? null : Math.max(0, (r.crossing.likely - at) / DAY) }));
    const first = await runForecastJob({ ...common, countryOf, writer: store, source: 'rollup', chunkHosts: 2, lastFits });
    expect(first.keptSeries).toBe(0);
    expect([...lastFits.hosts.keys()].sort()).toEqual([...HOSTS].sort());

    // The threads read the chunks and find them as they were: nothing is fitted or written, the rows stand as of now.
    const again = collector();
    const second = await runForecastJob({ ...common, nowMs: later, countryOf, writer: { ...again, writeLines: async () => void again.points.push({} as MetricPoint) }, source: 'rollup', chunkHosts: 2, runTask: ioPool.runTask!, concurrency: 4, lastFits });
    expect(second.keptSeries).toBe(first.rows.length);
    expect(second.forecastPoints).toBe(0);
    expect(again.points.filter((p) => p.measurement !== 'holiday')).toEqual([]);
    expect(byRow(second.rows)).toEqual(asOf(first.rows, later));
    expect(second.phases.fitCpuMs).toBe(0);

    // A collector's late batch for a day ten days back, routed and rolled up as `runway serve` does: the
    // maintainer marks shop1 in InfluxDB, and shop1 alone is fitted again (shop2, in its chunk, is kept).
    const day = Math.floor(nowMs / DAY) * DAY - 10 * DAY;
    const rollups = new RollupMaintainer({ admin: store, rawRetentionDays: 0, marks: store });
    const router = new RetentionRouter({ raw: store, history: store, rollups, rawRetentionDays: 0 });
    await router.write([{ measurement: 'disk', tags: { customer: 'hygge', host: 'shop1', mount: '/', device: 'sda1' }, fields: { used_percent: float(95) }, timeNs: msToNs(day + 3_600_000) }]);
    await rollups.run(later);
    // Kept rows carry the run that fitted them: a run's own rows are its fits.
    const refittedIn = (r: ForecastRun) => new Set(r.rows.filter((row) => row.run === r.run).map((row) => row.host));
    const third = await runForecastJob({ ...common, nowMs: later, countryOf, writer: store, source: 'rollup', chunkHosts: 2, lastFits });
    expect(refittedIn(third)).toEqual(new Set(['shop1']));
    expect(third.keptSeries).toBe(first.rows.length - first.rows.filter((r) => r.host === 'shop1').length);
    expect(third.forecastPoints).toBeGreaterThan(0);
    const shop1 = (rows: RunwayRow[]) => rows.find((r) => r.host === 'shop1' && r.metric === 'disk_used_percent')!;
    expect(shop1(third.rows).current).toBe(shop1(first.rows).current); // the last day is unchanged; the backfilled one is not the last
    expect(shop1(third.rows).run).not.toBe(shop1(first.rows).run);
    // Marked once: the next cycle keeps shop1's new fit.
    expect((await runForecastJob({ ...common, nowMs: later, countryOf, writer: collector(), source: 'rollup', chunkHosts: 2, lastFits })).keptSeries).toBe(first.rows.length);

    // A late point for the last day read needs no mark: that day is summed on every cycle.
    await router.write([{ measurement: 'system', tags: { customer: 'hygge', host: 'mail1' }, fields: { load1: float(50) }, timeNs: msToNs(Math.floor(nowMs / DAY) * DAY - 3_600_000) }]);
    await rollups.runForForecast(later);
    expect(refittedIn(await runForecastJob({ ...common, nowMs: later - 1, countryOf, writer: store, source: 'rollup', chunkHosts: 2, lastFits }))).toEqual(new Set(['mail1']));

    // A setting the forecasts depend on changes every fingerprint.
    const fourth = await runForecastJob({ ...common, nowMs: later, diskThresholdPercent: 85, countryOf, writer: collector(), source: 'rollup', chunkHosts: 2, lastFits });
    expect(fourth.keptSeries).toBe(0);
  });

  // Last: it rewrites yesterday for db1 and web1.
  it('on a new day, keep the hosts whose day their forecast expected until their own hour, and refit a surprised one at once', async () => {
    const DAY = 86_400_000;
    const HOUR = 3_600_000;
    const today = Math.floor(nowMs / DAY) * DAY;
    const yesterday = today - DAY;
    const lastFits = emptyFitMemory();
    const firstPoints = collector();
    const run = (at: number, writer = collector()) => runForecastJob({ ...common, nowMs: at, writer, source: 'rollup', chunkHosts: 2, lastFits });
    // The first cycle of yesterday fits every host on the days before it.
    const first = await run(yesterday + 60_000, firstPoints);
    expect(first.keptSeries).toBe(0);
    // Yesterday, db1 was exactly as forecast (every hour at the day's forecast), and web1's disk jumped to 99 %.
    const forecastOf = (metric: string) => firstPoints.points.find((p) => p.measurement === 'forecast' && p.tags.host === 'db1' && p.tags.metric === metric && p.timeNs === msToNs(yesterday))!.fields.value!.value as number;
    const db1 = { customer: 'hygge', host: 'db1' };
    const asForecast: MetricPoint[] = Array.from({ length: 24 }, (_, h) => msToNs(yesterday + h * HOUR)).flatMap((timeNs): MetricPoint[] => [
      { measurement: 'disk', tags: { ...db1, mount: '/', device: 'sda1' }, fields: { used_percent: float(forecastOf('disk_used_percent')), inodes_used: float((forecastOf('inodes_used_percent') / 100) * 2e6) }, timeNs },
      { measurement: 'system', tags: db1, fields: { load1: float(forecastOf('load_daily_max')) }, timeNs },
      { measurement: 'mem', tags: db1, fields: { used_percent: float(forecastOf('mem_used_percent')) }, timeNs },
      { measurement: 'cpu', tags: db1, fields: { usage_percent: float(forecastOf('cpu_p95_percent')) }, timeNs },
    ]);
    await store.write([...asForecast, { measurement: 'disk', tags: { customer: 'hygge', host: 'web1', mount: '/', device: 'sda1' }, fields: { used_percent: float(99) }, timeNs: msToNs(yesterday + 12 * HOUR) }]);
    const rollups = new RollupMaintainer({ admin: store, rawRetentionDays: 0 });
    rollups.touched(yesterday, yesterday + 23 * HOUR);
    await rollups.run(nowMs);

    // Today's first cycle reads yesterday for each host: db1 keeps its fit; web1 and the hosts of hour 0 are fitted.
    const second = await run(today + 60_000);
    const fitted = (r: typeof second) => new Set(r.rows.filter((row) => row.run === r.run).map((row) => row.host));
    const fittedNow = fitted(second);
    expect(refitHourOf('db1')).toBeGreaterThan(0);
    expect(fittedNow.has('db1')).toBe(false);
    expect(fittedNow.has('web1')).toBe(true);
    for (const host of HOSTS.filter((h) => refitHourOf(h) === 0)) expect(fittedNow.has(host)).toBe(true);
    const kept = HOSTS.filter((h) => !fittedNow.has(h));
    const keptRows = (rows: RunwayRow[]) => byRow(rows.filter((r) => kept.includes(r.host)));
    expect(keptRows(second.rows)).toEqual(keptRows(first.rows).map((r) => ({ ...r, computedAtMs: today + 60_000, daysLeft: r.crossing.likely === null ? null : Math.max(0, (r.crossing.likely - today - 60_000) / DAY) })));
    expect(second.keptSeries).toBe(keptRows(first.rows).length);
    expect(second.rows.find((r) => r.host === 'web1' && r.metric === 'disk_used_percent')!.current).toBe(99);

    // By the day's last hour every host's own hour has come: those kept this morning are fitted, the others kept.
    const third = await run(today + 23 * HOUR + 59 * 60_000);
    expect(fitted(third)).toEqual(new Set(kept));
    expect(third.keptSeries).toBe(second.rows.length - keptRows(second.rows).length);
  });
});
