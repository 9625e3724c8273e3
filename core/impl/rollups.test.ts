import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RetentionRouter } from '../../ingest/retention-router.ts';
import { storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { lastRewriteMarks } from '../../forecast/job/rewritten-hosts.ts';
import { firstOpenHourMs, HISTORY_RP, RAW_RP, REWRITE_FROM_FIELD, REWRITE_MEASUREMENT, ROLLUP_RP } from '../rollups.ts';
import { float, msToNs, str, type MetricPoint } from '../schema.ts';
import { InfluxHttpStore } from './influx-http-store.ts';
import { RollupMaintainer } from './rollup-maintainer.ts';
import { parseGoDuration, prepareRollups } from './rollup-schema.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const quiet = { info() {}, warn() {} };

/** Hourly disk and load points of two hosts over `days` days up to now, with a wobble so max, min and mean differ. */
function rawPoints(days: number, nowMs: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  const start = Math.floor(nowMs / HOUR_MS) * HOUR_MS - days * DAY_MS;
  for (const host of ['web1', 'db1']) {
    for (let t = start, i = 0; t < nowMs; t += HOUR_MS, i++) {
      const tags = { customer: 'acme', host };
      points.push({ measurement: 'disk', tags: { ...tags, mount: '/' }, fields: { used_percent: float(40 + i / 100 + 3 * Math.sin(i / 5)) }, timeNs: msToNs(t) });
      points.push({ measurement: 'system', tags, fields: { load1: float(1 + Math.abs(Math.sin(i / 7)) * (host === 'db1' ? 4 : 2)), n_cpus: float(8) }, timeNs: msToNs(t) });
    }
  }
  return points;
}

/** Per (series, day): max, min and mean of a raw field, as InfluxDB aggregates it at query time. */
async function rawDaily(store: InfluxHttpStore, measurement: string, field: string, fromMs: number, toMs: number): Promise<unknown[][][]> {
  const series = await store.query(
    `SELECT max("${field}"), min("${field}"), mean("${field}") FROM "${RAW_RP}"."${measurement}" WHERE time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY time(1d), "host" fill(none)`,
  );
  return series.map((s) => s.values);
}

async function rolledDaily(store: InfluxHttpStore, measurement: string, field: string, fromMs: number, toMs: number): Promise<unknown[][][]> {
  const series = await store.query(
    `SELECT "max_${field}", "min_${field}", "mean_${field}" FROM "${ROLLUP_RP.day}"."${measurement}" WHERE time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY "host"`,
  );
  return series.map((s) => s.values);
}

/** A fresh database with 30 days of raw retention, its rollup maintainer, and writes routed as `runway serve` routes them. */
async function routedStore(): Promise<{ store: InfluxHttpStore; maintainer: RollupMaintainer; router: RetentionRouter }> {
  const config = testConfig();
  const store = storeFor(config);
  await store.ensureDatabase();
  await prepareRollups(store, { rawRetentionDays: 30, rollupRetentionDays: 0, log: quiet });
  const maintainer = new RollupMaintainer({ admin: store, rawRetentionDays: 30, marks: store });
  const history = new InfluxHttpStore({ url: config.influxUrl, database: config.influxDb, timeoutMs: 5000, batchPoints: 5000, retentionPolicy: HISTORY_RP });
  return { store, maintainer, router: new RetentionRouter({ raw: store, history, rollups: maintainer, rawRetentionDays: 30 }) };
}

describe('rollups in InfluxDB (real InfluxDB 1.x)', () => {
  it('migrates a database of raw history on start-up: every day rolled up before the raw retention shrinks, Runway records kept', async () => {
    const store = storeFor(testConfig());
    await store.ensureDatabase();
    const nowMs = Date.now();
    await store.write(rawPoints(75, nowMs));
    const oldRow: MetricPoint = { measurement: 'runway', tags: { customer: 'acme', host: 'db1', resource: 'load', metric: 'load_daily_max' }, fields: { current: float(3), severity: str('warning') }, timeNs: msToNs(nowMs - 60 * DAY_MS) };
    await store.write([oldRow]);
    const [fromMs, toMs] = [Math.floor(nowMs / DAY_MS) * DAY_MS - 76 * DAY_MS, nowMs];
    const before = await rawDaily(store, 'disk', 'used_percent', fromMs, toMs);
    const loadBefore = await rawDaily(store, 'system', 'load1', fromMs, toMs);

    expect(await prepareRollups(store, { rawRetentionDays: 30, rollupRetentionDays: 0, log: quiet, nowMs })).toBe('rollup');

    expect(before.flat()).toHaveLength(2 * 76);
    expect(await rolledDaily(store, 'disk', 'used_percent', fromMs, toMs)).toEqual(before);
    expect(await rolledDaily(store, 'system', 'load1', fromMs, toMs)).toEqual(loadBefore);
    const policies = await store.query(`SHOW RETENTION POLICIES ON "${store.database}"`);
    const autogen = policies[0]!.values.find((row) => row[0] === RAW_RP)!;
    expect([parseGoDuration(String(autogen[1])), autogen[4]]).toEqual([30 * DAY_MS, true]);
    // Year-long shard groups for the daily rollups, four weeks for the hourly ones: reading years of
    // them touches a few shards, not one a week (the columns: name, duration, shardGroupDuration, …).
    const shardsOf = (rp: string) => parseGoDuration(String(policies[0]!.values.find((row) => row[0] === rp)![2]));
    expect([shardsOf(ROLLUP_RP.day), shardsOf(ROLLUP_RP.hour)]).toEqual([364 * DAY_MS, 28 * DAY_MS]);
    // Year-long ones for backfilled history too: years of a fleet's hourly points in a few shards, not one a week.
    expect(shardsOf(HISTORY_RP)).toBe(364 * DAY_MS);
    // Week-long raw shard groups: a forecast run writes 240 days ahead into the default policy.
    expect(shardsOf(RAW_RP)).toBe(7 * DAY_MS);
    const kept = await store.query(`SELECT "current", "severity" FROM "${HISTORY_RP}"."runway"`);
    expect(kept[0]?.values).toEqual([[Number(oldRow.timeNs / 1_000_000n), 3, 'warning']]);
    // A second start finds everything in place and changes nothing.
    expect(await prepareRollups(store, { rawRetentionDays: 30, rollupRetentionDays: 0, log: quiet, nowMs })).toBe('rollup');
    expect(await rolledDaily(store, 'disk', 'used_percent', fromMs, toMs)).toEqual(before);
  });

  it('rolls up a backfill of old days from the history policy, and live days from the raw one', async () => {
    const { store, maintainer, router } = await routedStore();
    const nowMs = Date.now();
    // 200 days of history, as `runway backfill` sends it: InfluxDB would refuse most of it in the raw policy.
    await router.write(rawPoints(200, nowMs));
    expect(maintainer.pendingDays).toBeGreaterThanOrEqual(199);
    await maintainer.run(nowMs);
    expect(maintainer.pendingDays).toBe(0);

    const dayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
    const rolled = await rolledDaily(store, 'disk', 'used_percent', dayMs - 201 * DAY_MS, nowMs);
    // 200 days up to yesterday, and today once one of its hours is over (not in the first hour after midnight).
    const days = 200 + (firstOpenHourMs(nowMs) > dayMs ? 1 : 0);
    expect(rolled.map((s) => s.length)).toEqual([days, days]);
    // Old days come from the history policy, recent ones from the raw one; each agrees with its source.
    const old = await store.query(`SELECT max("used_percent") FROM "${HISTORY_RP}"."disk" WHERE time >= ${dayMs - 150 * DAY_MS}ms AND time < ${dayMs - 149 * DAY_MS}ms GROUP BY "host"`);
    const oldRolled = await store.query(`SELECT "max_used_percent" FROM "${ROLLUP_RP.day}"."disk" WHERE time = ${dayMs - 150 * DAY_MS}ms GROUP BY "host"`);
    expect(oldRolled.map((s) => s.values[0]![1])).toEqual(old.map((s) => s.values[0]![1]));
    const recent = await rawDaily(store, 'disk', 'used_percent', dayMs - 10 * DAY_MS, dayMs);
    expect(await rolledDaily(store, 'disk', 'used_percent', dayMs - 10 * DAY_MS, dayMs)).toEqual(recent);
    // Hourly rollups cover the days that arrived within the raw retention; imported history stays as it came.
    const hourlyCount = async (daysAgo: number) => {
      const series = await store.query(`SELECT count("max_load1") FROM "${ROLLUP_RP.hour}"."system" WHERE time >= ${dayMs - daysAgo * DAY_MS}ms AND time < ${dayMs - (daysAgo - 1) * DAY_MS}ms`);
      return series[0]?.values[0]?.[1] ?? 0;
    };
    expect([await hourlyCount(10), await hourlyCount(150)]).toEqual([2 * 24, 0]);
  });

  it('marks the hosts whose days before yesterday it rolled up again, once those rollups are written, for the forecast cycle', async () => {
    const { store, maintainer, router } = await routedStore();
    const nowMs = Date.now();
    const dayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
    const marks = () => lastRewriteMarks(store, 0);
    const of = (host: string, fromMs: number, toMs: number) => rawPoints(6, nowMs).filter((p) => p.tags.host === host && p.timeNs >= msToNs(fromMs) && p.timeNs < msToNs(toMs));
    // Yesterday and today are rolled up on every pass: points of theirs mark nobody.
    await router.write(of('web1', dayMs - DAY_MS, nowMs));
    await maintainer.run(nowMs);
    expect(await marks()).toEqual(new Map());

    // A late buffer of db1 from four and five days back: db1 is marked after the pass, from the first of them.
    await router.write(of('db1', dayMs - 5 * DAY_MS, dayMs - 3 * DAY_MS));
    expect(await marks()).toEqual(new Map());
    const before = Date.now();
    await maintainer.run(nowMs);
    const marked = await marks();
    expect([...marked.keys()]).toEqual(['db1']);
    expect(marked.get('db1')).toBeGreaterThanOrEqual(before);
    const fromMs = await store.query(`SELECT "${REWRITE_FROM_FIELD}" FROM "${REWRITE_MEASUREMENT}"`);
    expect(fromMs[0]!.values.map((v) => v[1])).toEqual([dayMs - 5 * DAY_MS]);
    expect((await rolledDaily(store, 'disk', 'used_percent', dayMs - 5 * DAY_MS, dayMs - 3 * DAY_MS))[0]).toHaveLength(2);

    // Once: the next pass marks nobody again.
    await maintainer.run(nowMs);
    expect((await store.query(`SELECT count("${REWRITE_FROM_FIELD}") FROM "${REWRITE_MEASUREMENT}"`))[0]!.values[0]![1]).toBe(1);
  });

  it('rolls up only the named hosts\' series of a day touched by a backfill, and every series of a day touched without hosts', async () => {
    const { store, maintainer } = await routedStore();
    const nowMs = Date.now();
    const dayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
    await store.write(rawPoints(12, nowMs).filter((p) => p.timeNs < msToNs(dayMs - 8 * DAY_MS)));
    const hostsRolled = async (day: number) => (await store.query(`SELECT "max_load1" FROM "${ROLLUP_RP.day}"."system" WHERE time = ${day}ms GROUP BY "host"`)).map((s) => s.tags!.host).sort();
    maintainer.touched(dayMs - 10 * DAY_MS, dayMs - 10 * DAY_MS, ['db1']);
    maintainer.touched(dayMs - 9 * DAY_MS, dayMs - 9 * DAY_MS);
    await maintainer.run(nowMs);
    expect([await hostsRolled(dayMs - 10 * DAY_MS), await hostsRolled(dayMs - 9 * DAY_MS)]).toEqual([['db1'], ['db1', 'web1']]);
    expect(await rolledDaily(store, 'disk', 'used_percent', dayMs - 10 * DAY_MS, dayMs - 9 * DAY_MS)).toEqual((await rawDaily(store, 'disk', 'used_percent', dayMs - 10 * DAY_MS, dayMs - 9 * DAY_MS)).filter((_, i) => i === 0));
  });

  it('keeps the daily 95th percentile of CPU use beside its max, min and mean, from history and raw days alike', async () => {
    const { store, maintainer, router } = await routedStore();
    const nowMs = Date.now();
    const start = Math.floor(nowMs / HOUR_MS) * HOUR_MS - 60 * DAY_MS;
    const points: MetricPoint[] = [];
    // One busy hour a day at 100 %: the maximum, not the 95th percentile of 24 hours.
    for (let t = start, i = 0; t < nowMs; t += HOUR_MS, i++) {
      points.push({ measurement: 'cpu', tags: { customer: 'acme', host: 'web1' }, fields: { usage_percent: float(i % 24 === 3 ? 100 : 20 + (i % 24) + i / 100) }, timeNs: msToNs(t) });
    }
    await router.write(points);
    await maintainer.run(nowMs);
    const dayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
    for (const [policy, daysAgo] of [[HISTORY_RP, 45], [RAW_RP, 5]] as const) {
      const [from, to] = [dayMs - daysAgo * DAY_MS, dayMs - (daysAgo - 1) * DAY_MS];
      const raw = await store.query(`SELECT percentile("usage_percent", 95), max("usage_percent") FROM "${policy}"."cpu" WHERE time >= ${from}ms AND time < ${to}ms`);
      const rolled = await store.query(`SELECT "p95_usage_percent", "max_usage_percent", "mean_usage_percent" FROM "${ROLLUP_RP.day}"."cpu" WHERE time = ${from}ms`);
      const [, p95, max] = raw[0]!.values[0]! as number[];
      expect(max).toBe(100);
      expect(p95).toBeLessThan(80);
      // The percentile is merged into the day's point: max and mean are still there.
      expect(rolled[0]!.values[0]!.slice(1, 3)).toEqual([p95, max]);
      expect(typeof rolled[0]!.values[0]![3]).toBe('number');
    }
  });

  it('rolls up each hour and each day once it is over, a late point\'s day again for its host, and yesterday at once for a forecast', async () => {
    const store = storeFor(testConfig());
    await store.ensureDatabase();
    await prepareRollups(store, { rawRetentionDays: 30, rollupRetentionDays: 0, log: quiet });
    const maintainer = new RollupMaintainer({ admin: store, rawRetentionDays: 30 });
    let now = 0;
    const router = new RetentionRouter({ raw: store, history: store, rollups: maintainer, rawRetentionDays: 30, now: () => now });
    const dayMs = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
    const load = (host: string, t: number, v: number): MetricPoint => ({ measurement: 'system', tags: { customer: 'acme', host }, fields: { load1: float(v) }, timeNs: msToNs(t) });
    const hourly = Array.from({ length: 60 }, (_, h) => dayMs - DAY_MS + h * HOUR_MS).flatMap((t) => [load('web1', t, 1), load('db1', t, 2)]);
    await store.write(hourly);
    const rolled = async (grain: 'hour' | 'day', fromMs: number, toMs: number, host = 'web1') =>
      (await store.query(`SELECT "max_load1" FROM "${ROLLUP_RP[grain]}"."system" WHERE "host" = '${host}' AND time >= ${fromMs}ms AND time < ${toMs}ms`))[0]?.values.map((v) => v[1]) ?? [];

    // The first pass at 12:10: yesterday's and this morning's hours, and yesterday; not the hour under way, nor today.
    now = dayMs + 12 * HOUR_MS + 10 * 60_000;
    await maintainer.run(now);
    expect([(await rolled('hour', dayMs - DAY_MS, dayMs)).length, (await rolled('hour', dayMs, dayMs + DAY_MS)).length]).toEqual([24, 12]);
    expect([await rolled('day', dayMs - DAY_MS, dayMs), await rolled('day', dayMs, dayMs + DAY_MS)]).toEqual([[1], []]);

    // At 13:10, a point of web1 for 11:30 arrives late: its hour and day are rolled up again, web1's only.
    now = dayMs + 13 * HOUR_MS + 10 * 60_000;
    await router.write([load('web1', dayMs + 11.5 * HOUR_MS, 9)]);
    await store.write([load('db1', dayMs + 11.5 * HOUR_MS, 9)]); // past Runway: nothing rolls it up
    await maintainer.run(now);
    expect((await rolled('hour', dayMs + 11 * HOUR_MS, dayMs + 12 * HOUR_MS))).toEqual([9]);
    expect((await rolled('hour', dayMs + 11 * HOUR_MS, dayMs + 12 * HOUR_MS, 'db1'))).toEqual([2]);
    expect((await rolled('hour', dayMs, dayMs + DAY_MS, 'db1')).length).toBe(13); // 12:00 is over now, 13:00 not

    // Two minutes after midnight, a forecast reads the day just over; a point for 23:59 is still on its way.
    now = dayMs + DAY_MS + 2 * 60_000;
    await maintainer.runForForecast(now);
    expect(await rolled('day', dayMs, dayMs + DAY_MS)).toEqual([9]);
    await router.write([load('web1', dayMs + DAY_MS - 60_000, 12)]);
    expect(maintainer.pendingDays).toBe(0); // in time: live, not late
    // The first pass after the grace makes the day final, with it.
    now = dayMs + DAY_MS + 6 * 60_000;
    await maintainer.run(now);
    expect(await rolled('day', dayMs, dayMs + DAY_MS)).toEqual([12]);
    expect((await rolled('hour', dayMs, dayMs + DAY_MS, 'db1')).length).toBe(24);
    // From its hours: the max of maxima and min of minima are the day's; the mean is the mean of the hours' means
    // (hourly ones, and 11:00 and 23:00 with their late points: (1 + 9) / 2 and (1 + 12) / 2).
    const day = await store.query(`SELECT "max_load1", "min_load1", "mean_load1" FROM "${ROLLUP_RP.day}"."system" WHERE "host" = 'web1' AND time = ${dayMs}ms`);
    expect(day[0]!.values[0]!.slice(1, 3)).toEqual([12, 1]);
    expect(day[0]!.values[0]![3]).toBeCloseTo((22 + 5 + 6.5) / 24, 9);
  });

  it('takes up after a restart where the last process left off: the days late points touched before it, and not yesterday\'s hours again', async () => {
    const store = storeFor(testConfig());
    await store.ensureDatabase();
    await prepareRollups(store, { rawRetentionDays: 30, rollupRetentionDays: 0, log: quiet });
    const stateFile = join(mkdtempSync(join(tmpdir(), 'rollup-state-')), 'rollup-state.json');
    const dayMs = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
    const load = (host: string, t: number, v: number): MetricPoint => ({ measurement: 'system', tags: { customer: 'acme', host }, fields: { load1: float(v) }, timeNs: msToNs(t) });
    await store.write(Array.from({ length: 36 }, (_, h) => dayMs - DAY_MS + h * HOUR_MS).flatMap((t) => [load('web1', t, 1), load('db1', t, 2)]));
    let now = dayMs + 12 * HOUR_MS + 10 * 60_000;
    const first = new RollupMaintainer({ admin: store, rawRetentionDays: 30, stateFile });
    await first.run(now);
    // A backfill of web1 for five days back is acknowledged; the process dies before its next pass.
    const router = new RetentionRouter({ raw: store, history: store, rollups: first, rawRetentionDays: 30, now: () => now });
    const backfilledMs = dayMs - 5 * DAY_MS;
    await router.write([load('web1', backfilledMs + 3 * HOUR_MS, 7)]);

    const second = new RollupMaintainer({ admin: store, rawRetentionDays: 30, stateFile });
    await second.restore();
    now += 10 * 60_000;
    const written = await second.run(now);
    const day = await store.query(`SELECT "max_load1" FROM "${ROLLUP_RP.day}"."system" WHERE "host" = 'web1' AND time = ${backfilledMs}ms`);
    expect(day[0]?.values.map((v) => v[1])).toEqual([7]);
    // Its hour and its day, and nothing of yesterday or this morning again.
    expect(written).toBe(2);
    expect(second.pendingDays).toBe(0);
  });
});

