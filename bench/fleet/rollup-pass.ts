/**
 * bench/fleet/rollup-pass: what the rollup maintainer costs InfluxDB on a live fleet at Telegraf's
 * 10 s interval. The demo fleet's hosts (copied under new names up to --hosts) send a day and a half
 * at 10 s into a throwaway InfluxDB: yesterday, and today until 13:00. Then the maintainer's passes
 * are timed as `runway serve` runs them, against the anchor of rolling up the live days whole (what
 * a pass did before hours and days were rolled up once each: yesterday and today, both grains), and
 * a day's daily rollup from its hours against one from its raw points. Each line says how large a
 * fleet that work alone could keep up with, at the rate it recurs.
 * A benchmark, not a test.
 *
 *   node bench/fleet/rollup-pass.ts [--hosts 240]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';
import { RollupMaintainer } from '../../core/impl/rollup-maintainer.ts';
import { rollUp, rollUpDaysFromHours } from '../../core/impl/rollup-queries.ts';
import { prepareRollups } from '../../core/impl/rollup-schema.ts';
import { RAW_RP } from '../../core/rollups.ts';
import { demoFleet, hostBatches } from '../../scripts/demo-fleet/fleet.ts';
import { InfluxdProcess } from '../../scripts/test-support/influxd-process.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const STEP_MS = 10_000;
/** runway serve's default RUNWAY_ROLLUP_INTERVAL_MS. */
const PASS_EVERY_S = 300;

const { values } = parseArgs({ options: { hosts: { type: 'string', default: '240' } } });
const wanted = Number(values.hosts);
const influxd = await InfluxdProcess.start('rollup-pass');
const stateDir = tempDir('rollup-pass-state');
try {
  const store = new InfluxHttpStore({ url: influxd.url, database: 'rollup_pass', timeoutMs: 600_000, batchPoints: 10_000 });
  await store.ensureDatabase();
  await prepareRollups(store, { rawRetentionDays: 30, rollupRetentionDays: 0, log: { info() {}, warn() {} } });
  // Three days ago, well within the raw retention: the maintainer is told the time, InfluxDB's clock is real.
  const dayMs = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
  const opts = { endMs: dayMs + 13 * HOUR_MS - STEP_MS, days: 1.5, stepMs: STEP_MS, hosts: 24 };
  const hosts = demoFleet(opts);
  const series = new Set<string>();
  let points = 0;
  const writeStarted = performance.now();
  for (let copy = 0; copy * hosts.length < wanted; copy++) {
    for (const host of hosts.slice(0, wanted - copy * hosts.length)) {
      for (const batch of hostBatches(host, opts, 10_000)) {
        const renamed = batch.map((p) => ({ ...p, tags: { ...p.tags, host: `${p.tags.host}-${copy}` } as Record<string, string> }));
        for (const p of renamed) series.add(`${p.measurement} ${JSON.stringify(p.tags)}`);
        points += renamed.length;
        await store.write(renamed);
      }
    }
  }
  const n = series.size;
  console.log(`rollup passes at a 10 s interval: ${wanted} hosts, ${n} measurement series, ${points} points over yesterday and today until 13:00, written in ${((performance.now() - writeStarted) / 1000).toFixed(0)} s`);

  /** Times one piece of work that recurs every `everyS` seconds, and the fleet that work could keep up with alone. */
  const timed = async (label: string, everyS: number, work: () => Promise<number>): Promise<number> => {
    const started = performance.now();
    const written = await work();
    const s = (performance.now() - started) / 1000;
    const keepsUp = Number.isFinite(everyS) && s >= 0.01 ? `${(Math.round(((everyS / s) * wanted) / 100) * 100).toLocaleString('en')} hosts` : '–';
    console.log(`  ${label.padEnd(84)} ${s.toFixed(2).padStart(7)} s  ${((1000 * s) / n).toFixed(2).padStart(6)} ms/series  ${String(written).padStart(6)} points  ${keepsUp}`);
    return s;
  };
  console.log(`  ${'work (how often it recurs)'.padEnd(84)}     time     per series  written  fleet it keeps up with alone`);
  const anchor = await timed(`anchor, a pass before: yesterday and today, both grains (every ${PASS_EVERY_S / 60} min)`, PASS_EVERY_S, () => rollUp(store, { fromMs: dayMs - DAY_MS, toMs: dayMs + DAY_MS, source: RAW_RP }));
  const stateFile = join(stateDir.path, 'rollup-state.json');
  const maintainer = new RollupMaintainer({ admin: store, rawRetentionDays: 30, stateFile });
  await timed("a process's first pass at 12:10: yesterday's and the morning's hours, yesterday (once)", Infinity, () => maintainer.run(dayMs + 12 * HOUR_MS + 10 * 60_000));
  const hourly = await timed('the pass at 13:10: the hour 12:00-13:00 (every hour)', 3600, () => maintainer.run(dayMs + 13 * HOUR_MS + 10 * 60_000));
  await timed('the pass at 13:15: no hour over since (every 5 min)', PASS_EVERY_S, () => maintainer.run(dayMs + 13 * HOUR_MS + 15 * 60_000));
  const restarted = new RollupMaintainer({ admin: store, rawRetentionDays: 30, stateFile });
  await restarted.restore();
  await timed("a restarted process's first pass at 13:20, its state file read (once per restart)", Infinity, () => restarted.run(dayMs + 13 * HOUR_MS + 20 * 60_000));
  const raw = await timed("a day's daily rollup from its raw points (anchor, once a day)", DAY_MS / 1000, () => rollUp(store, { fromMs: dayMs - DAY_MS, toMs: dayMs, source: RAW_RP, grains: ['day'] }));
  const fromHours = await timed("the same from its hours, as the first pass after midnight makes it (once a day)", DAY_MS / 1000, () => rollUpDaysFromHours(store, { fromMs: dayMs - DAY_MS, toMs: dayMs, source: RAW_RP }));
  console.log(`  an hour's pass costs ${(hourly / anchor).toFixed(3)} of a pass before; a day's daily rollup from its hours ${(fromHours / raw).toFixed(3)} of one from raw points`);
} finally {
  await influxd.dispose();
  stateDir.remove();
}
