/**
 * Ingest throughput: one million Telegraf-shaped points, 4 concurrent clients, batches of 5000,
 * (a) straight to InfluxDB's /write and (b) through Runway with its durable spool, end to end
 * (until the spool has drained into InfluxDB), each run into a fresh database of its own throwaway
 * InfluxDB (a fresh influxd per run: one filling up and compacting the previous runs' data slows
 * down by half within a few runs). Runway runs in this process, composed as `runway serve`
 * composes it (spool, metrics, load shedding); the clients only send prepared gzip bodies.
 *
 *   node bench/ingest/run.ts [--points N] [--rounds N]
 *
 * Runs go direct, Runway, Runway, direct, … (--rounds pairs, default 2), so that a machine busy
 * with other work weighs on both sides alike. Prints each run, both rates, the CPU time per point
 * of InfluxDB and of this process, and, as its last line, `ratio <through Runway / direct>`.
 */
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../../core/config.ts';
import { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';
import { storeFromConfig } from '../../core/store-from-config.ts';
import { IngestMetrics } from '../../ingest/metrics.ts';
import { buildServer } from '../../ingest/server.ts';
import { DurableSpool } from '../../ingest/spool/durable-spool.ts';
import { InfluxdProcess } from '../../scripts/test-support/influxd-process.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';
import { ownCpuSeconds, processCpuSeconds } from './cpu-time.ts';
import { sendBatches } from './send-batches.ts';
import { telegrafLoad } from './telegraf-lines.ts';

const CLIENTS = 4;
const BATCH_POINTS = 5000;

interface Run {
  mode: 'direct' | 'runway';
  seconds: number;
  stored: number;
  influxCpu: number;
  ownCpu: number;
  note: string;
}

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Points stored in the database, counting one always-present field per measurement. */
async function storedPoints(store: InfluxHttpStore): Promise<number> {
  const counted = [['cpu', 'usage_idle'], ['cpu_core', 'usage_idle'], ['mem', 'used_percent'], ['disk', 'used_percent'], ['system', 'load1'], ['system', 'uptime']];
  let total = 0;
  for (const [measurement, field] of counted) {
    const series = await store.query(`SELECT count("${field}") FROM "${measurement}"`);
    total += Number(series[0]?.values[0]?.[1] ?? 0);
  }
  return total;
}

async function measured(influxd: InfluxdProcess, mode: Run['mode'], body: () => Promise<{ store: InfluxHttpStore; note: string }>): Promise<Run> {
  const influx0 = processCpuSeconds(influxd.pid ?? 0);
  const own0 = ownCpuSeconds();
  const started = performance.now();
  const { store, note } = await body();
  const seconds = (performance.now() - started) / 1000;
  const influxCpu = processCpuSeconds(influxd.pid ?? 0) - influx0;
  const ownCpu = ownCpuSeconds() - own0;
  return { mode, seconds, stored: await storedPoints(store), influxCpu, ownCpu, note };
}

function direct(influxd: InfluxdProcess, bodies: Buffer[], database: string): Promise<Run> {
  return measured(influxd, 'direct', async () => {
    const store = new InfluxHttpStore({ url: influxd.url, database, timeoutMs: 60_000, batchPoints: BATCH_POINTS });
    await store.ensureDatabase();
    await sendBatches(`${influxd.url}/write?db=${database}`, bodies, CLIENTS);
    return { store, note: '' };
  });
}

async function throughRunway(influxd: InfluxdProcess, bodies: Buffer[], database: string): Promise<Run> {
  // Runway's own setting for its writes to InfluxDB (RUNWAY_WRITE_BATCH_POINTS), as `runway serve` would run.
  const config = loadConfig(process.env, { influxUrl: influxd.url, influxDb: database, logLevel: 'silent' });
  const store = storeFromConfig(config);
  await store.ensureDatabase();
  const dir = tempDir('bench-spool');
  const metrics = new IngestMetrics();
  const spool = await DurableSpool.open({ dir: dir.path, maxBytes: config.spoolMaxBytes, sink: store, batchPoints: config.writeBatchPoints, observer: metrics });
  const app = await buildServer({ config, store, writer: spool, metrics, logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await measured(influxd, 'runway', async () => {
      const started = performance.now();
      await sendBatches(`${url}/write?db=telegraf`, bodies, CLIENTS);
      const acked = (performance.now() - started) / 1000;
      await spool.drained();
      const s = spool.stats();
      return { store, note: `all acknowledged after ${acked.toFixed(2)} s; ${s.replayedRecords} records replayed, ${s.failures} replay failures` };
    });
  } finally {
    await app.close();
    await spool.close();
    dir.remove();
  }
}

function summary(runs: Run[], mode: Run['mode'], points: number) {
  const mine = runs.filter((r) => r.mode === mode);
  const seconds = mine.reduce((n, r) => n + r.seconds, 0);
  const perPoint = (cpu: number) => ((cpu / (points * mine.length)) * 1e6).toFixed(1);
  return {
    rate: (points * mine.length) / seconds,
    influxUs: perPoint(mine.reduce((n, r) => n + r.influxCpu, 0)),
    ownUs: perPoint(mine.reduce((n, r) => n + r.ownCpu, 0)),
  };
}

async function main(): Promise<void> {
  const points = argNumber('--points', 1_000_000);
  const rounds = argNumber('--rounds', 2);
  const load = telegrafLoad(points, BATCH_POINTS);
  const bodies = load.bodies.map((b) => gzipSync(b));
  console.log(`${load.points} Telegraf points in ${bodies.length} gzip batches of ${BATCH_POINTS}, ${CLIENTS} concurrent clients, ${rounds} round(s) each way`);
  const runs: Run[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['direct', 'runway'] as const) : (['runway', 'direct'] as const);
    for (const mode of order) {
      const database = `bench_${mode}_${round}`;
      const influxd = await InfluxdProcess.start('bench-influxd');
      try {
        const run = mode === 'direct' ? await direct(influxd, bodies, database) : await throughRunway(influxd, bodies, database);
        runs.push(run);
        console.log(`${mode.padEnd(7)} ${Math.round(load.points / run.seconds).toString().padStart(7)} points/s (${run.seconds.toFixed(2)} s, ${run.stored} stored` +
          `${run.note ? `; ${run.note}` : ''}; CPU s: influxd ${run.influxCpu.toFixed(1)}, this process ${run.ownCpu.toFixed(1)})`);
        if (run.stored !== load.points) throw new Error(`${database} holds ${run.stored} points, not ${load.points}`);
      } finally {
        await influxd.dispose();
      }
    }
  }
  const a = summary(runs, 'direct', load.points);
  const b = summary(runs, 'runway', load.points);
  console.log(`direct to InfluxDB: ${Math.round(a.rate)} points/s  (CPU per point: influxd ${a.influxUs} µs, clients ${a.ownUs} µs)`);
  console.log(`through Runway:     ${Math.round(b.rate)} points/s end to end  (CPU per point: influxd ${b.influxUs} µs, Runway + clients ${b.ownUs} µs)`);
  console.log(`ratio ${(b.rate / a.rate).toFixed(3)}`);
}

await main();
