/**
 * bench/fleet: the capacity cycle over a synthetic fleet (N hosts, two disks with their inodes, load, memory and CPU each, three
 * years of days), with a steady 10,000 points/s written to Runway meanwhile; first on the worker-thread
 * pool, then through Redis with 1 and 2 `runway worker` processes. A benchmark, not a test.
 *
 *   node bench/fleet/run.ts                    # N = 100 and 1,000
 *   node bench/fleet/run.ts --hosts 100,1000,10000 --workers 1,2
 *   node bench/fleet/run.ts --hosts 1000 --workers ''     # the thread pool only
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { loadConfig } from '../../core/config.ts';
import { ROLLUP_GRACE_MS } from '../../core/rollups.ts';
import { InfluxdProcess } from '../../scripts/test-support/influxd-process.ts';
import { RedisProcess } from '../../scripts/test-support/redis-process.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';
import { QUEUE_PREFIX, queueName, redisClient } from '../../service/queue/forecast-queue.ts';
import { CapacityCycle, type CycleResult } from '../../service/capacity-cycle.ts';
import { composeRuntime } from '../../service/runtime.ts';
import { restartWithServerFlags } from '../../cli/server-heap.ts';
import type { FleetSpec } from './fleet-data.ts';
import { startWriteLoad, type WriteLoadResult } from './write-load.ts';
import { watchStalls, type Collection, type Stall } from './stall-watch.ts';

const RUNWAY = fileURLToPath(new URL('../../bin/runway.js', import.meta.url));
const DAY_MS = 86_400_000;
const DAYS = 3 * 365;
const WRITE_RATE = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function arg(name: string, fallback: string): number[] {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1]! : fallback).split(',').filter(Boolean).map(Number);
}

interface CycleMeasure {
  label: string;
  hosts: number;
  series: number;
  failures: number;
  cycleMs: number;
  /** Where the cycle's time went (CycleResult.phases). */
  phases: CycleResult['phases'];
  /** Peak RSS up to the end of the first cycle. */
  peakRssMb: number;
  /** Peak RSS over the later cycles, the simulated restart included: its fit memory is read while the first cycle's is still held, so this process holds two. */
  laterPeakRssMb: number;
  writes: WriteLoadResult;
  /** The same write load for 5 s before the cycle: the latency to compare with. */
  idle: WriteLoadResult;
  /** CPU time during the cycle, in ms: this process (its threads included) and influxd; the write load's share included. */
  cpuMs: { runway: number; influxd: number };
  /** CPU time per second of the write load alone (the 5 s before the cycle), in ms: what the cycle's CPU time holds beside its own. */
  idleCpuMsPerS: { runway: number; influxd: number };
  /** The event loop's delay during the cycle (a block shows as delay), in ms. */
  loopDelay: { p99Ms: number; maxMs: number };
  /** The event loop's longest stalls during the cycle (100 ms or more), and the main thread's longest collections. */
  stalls: Stall[];
  collections: Collection[];
  /** RSS when the cycle started (the fleet's writing leaves its heap behind). */
  startRssMb: number;
  /** The next hourly cycle, the same day: its hosts read the same whole days and keep their fits. */
  next: LaterCycle;
  /** The first cycle of a restarted `runway serve`, the same hour: the fit memory comes from its file. */
  restarted: LaterCycle;
  /**
   * The next day's first cycle (00:30 UTC: the day that was today is read, and each host is checked
   * against its forecast; the hosts of hour 0 and the surprised ones are fitted) and the one an hour
   * later (the hosts of hour 1): the cost of an ordinary cycle once fits are spread over the day.
   */
  nextDay: LaterCycle[];
}

interface LaterCycle {
  label: string;
  /**
   * `runway serve`'s own rollup pass (every RUNWAY_ROLLUP_INTERVAL_MS, 5 minutes) at HH:06 before
   * the cycle at HH:30, once the hour before and the grace are over: its time, and the hour it ran.
   * At 00:06 it rolls up the day just over. Undefined where serve's last pass is the one before.
   */
  pass?: { atMs: number; ms: number };
  cycleMs: number;
  keptSeries: number;
  cpuMs: { runway: number; influxd: number };
  phases: CycleResult['phases'];
}

/** CPU time (user + system, ms) a process has used so far, from /proc; 0 where there is none. */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime and stime, in clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** One full capacity cycle (rollup, read, fit, choose, write forecasts, evaluate alerts) under the write load. */
async function measureCycle(label: string, hosts: number, env: Record<string, unknown>, nowMs: number, influxdPid: number | undefined): Promise<CycleMeasure> {
  const dir = tempDir('bench-fleet');
  const fitMemoryFile = join(dir.path, 'fit-memory.ndjson');
  const config = loadConfig({}, { ...env, port: 0, spoolDir: join(dir.path, 'spool'), alertStateFile: join(dir.path, 'alerts.json'), rollupStateFile: join(dir.path, 'rollup-state.json'), fitMemoryFile, logLevel: 'silent' });
  const runtime = await composeRuntime(config, { logger: false, spool: true });
  try {
    const address = await runtime.app.listen({ host: '127.0.0.1', port: 0 });
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
    const writeUrl = `${address}/write?db=${config.influxDb}`;
    const before = startWriteLoad(writeUrl, WRITE_RATE);
    const idleCpu = { runway: process.cpuUsage(), influxd: processCpuMs(influxdPid), at: performance.now() };
    await sleep(5000);
    const idleS = (performance.now() - idleCpu.at) / 1000;
    const idleRunway = process.cpuUsage(idleCpu.runway);
    const idleCpuMsPerS = { runway: (idleRunway.user + idleRunway.system) / 1000 / idleS, influxd: (processCpuMs(influxdPid) - idleCpu.influxd) / idleS };
    const idle = await before.stop();
    const load = startWriteLoad(writeUrl, WRITE_RATE);
    await sleep(1000); // the write load reaches its steady state first
    const startRssMb = process.memoryUsage.rss() / 2 ** 20;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const watch = watchStalls(() => {
      const p = runtime.cycle.progress;
      return !p ? 'after the cycle' : p.hosts === null ? 'listing hosts' : p.hostsDone < p.hosts ? `${p.hostsDone} of ${p.hosts} hosts forecast` : 'after the forecasts';
    });
    const started = performance.now();
    const cpuBefore = { runway: process.cpuUsage(), influxd: processCpuMs(influxdPid) };
    const result = await runtime.cycle.run(nowMs);
    const { stalls, collections } = watch.stop();
    const cycleMs = performance.now() - started;
    const firstPeakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakRss = 0;
    const cpu = process.cpuUsage(cpuBefore.runway);
    const cpuMs = { runway: (cpu.user + cpu.system) / 1000, influxd: processCpuMs(influxdPid) - cpuBefore.influxd };
    delay.disable();
    const loopDelay = { p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6 };
    const writes = await load.stop();
    const sameDay = nowMs + Math.min(3_600_000, Math.ceil(nowMs / DAY_MS) * DAY_MS - 1 - nowMs); // before midnight: a new day is a new input
    const later = (label: string, cycle: { run(nowMs: number): Promise<CycleResult> }, atMs: number, passed = false) => laterCycle(label, cycle, atMs, passed ? undefined : (runtime.rollups ?? undefined), influxdPid);
    const next = await later("the next hour's cycle (same whole days; no write load)", runtime.cycle, sameDay);
    // A restart of `runway serve`: a new cycle reads the fit memory the last one left in its file.
    const restarted = await later(`after a restart, its first cycle, the same hour (fit memory file ${(statSync(fitMemoryFile).size / 2 ** 20).toFixed(0)} MB)`, new CapacityCycle(runtime.cycle.deps), sameDay, true);
    const tomorrow = Math.ceil(sameDay / DAY_MS) * DAY_MS;
    const nextDay = [
      await later("the next day's first cycle, 00:30 (no write load)", runtime.cycle, tomorrow + 1_800_000),
      await later('and its next one, 01:30', runtime.cycle, tomorrow + 5_400_000),
    ];
    clearInterval(sampler);
    const series = result.forecast.rows.length;
    return { label, hosts, series, failures: result.forecast.failures.length, cycleMs, phases: result.phases, peakRssMb: firstPeakRss / 2 ** 20, laterPeakRssMb: peakRss / 2 ** 20, writes, idle, cpuMs, idleCpuMsPerS, loopDelay, stalls, collections, startRssMb, next, restarted, nextDay };
  } finally {
    await runtime.close();
    dir.remove();
  }
}

/**
 * A later cycle on the same runtime (its hosts' fits kept from the cycles before), without the write
 * load, after `runway serve`'s own rollup pass of its hour at HH:06 (timed apart) where one is given:
 * serve runs that pass every 5 minutes, so its cycle finds the hours and the day before rolled up.
 */
async function laterCycle(label: string, cycle: { run(nowMs: number): Promise<CycleResult> }, atMs: number, rollups: { run(nowMs: number): Promise<number> } | undefined, influxdPid: number | undefined): Promise<LaterCycle> {
  const passAtMs = Math.floor(atMs / 3_600_000) * 3_600_000 + ROLLUP_GRACE_MS + 60_000;
  let pass: LaterCycle['pass'];
  if (rollups && passAtMs < atMs) {
    const passStarted = performance.now();
    await rollups.run(passAtMs);
    pass = { atMs: passAtMs, ms: performance.now() - passStarted };
  }
  const started = performance.now();
  const cpuBefore = { runway: process.cpuUsage(), influxd: processCpuMs(influxdPid) };
  const result = await cycle.run(atMs);
  const cpu = process.cpuUsage(cpuBefore.runway);
  return { label, ...(pass ? { pass } : {}), cycleMs: performance.now() - started, keptSeries: result.forecast.keptSeries, cpuMs: { runway: (cpu.user + cpu.system) / 1000, influxd: processCpuMs(influxdPid) - cpuBefore.influxd }, phases: result.phases };
}

/** Starts `runway worker` processes and waits until all of them listen on the queue, so start-up is not timed. */
async function startWorkers(n: number, redisUrl: string, database: string, env: NodeJS.ProcessEnv): Promise<ChildProcess[]> {
  const workers = Array.from({ length: n }, () => spawn(process.execPath, [RUNWAY, 'worker'], { env: { ...process.env, ...env, REDIS_URL: redisUrl, LOG_LEVEL: 'silent' }, stdio: 'ignore' }));
  const client = redisClient(redisUrl);
  const queue = new Queue(queueName(database), { connection: client, prefix: QUEUE_PREFIX });
  try {
    while ((await queue.getWorkersCount()) < n) await sleep(100);
  } finally {
    await queue.close();
    client.disconnect();
  }
  return workers;
}

function print(m: CycleMeasure): void {
  const refused = Object.entries(m.writes.refused).map(([s, n]) => `${n}×${s}`).join(' ') || 'none';
  console.log(
    `${m.label.padEnd(16)} hosts ${String(m.hosts).padStart(6)}  series ${String(m.series).padStart(6)} (failed ${m.failures})  cycle ${(m.cycleMs / 1000).toFixed(1).padStart(6)} s  ` +
      `${(m.cycleMs / Math.max(1, m.series)).toFixed(2).padStart(6)} ms/series  peak RSS ${m.peakRssMb.toFixed(0).padStart(5)} MB  ` +
      `/write p99 ${m.writes.p99Ms.toFixed(1)} ms max ${m.writes.maxMs.toFixed(1)} ms over ${m.writes.requests} requests, refused ${refused} (without a cycle: p99 ${m.idle.p99Ms.toFixed(1)} ms)  load avg ${loadavg()[0]!.toFixed(2)}`,
  );
  // Chunks overlap (read, fit and write run side by side), so the phase sums may exceed the cycle.
  const perSeries = (ms: number) => (ms / Math.max(1, m.series)).toFixed(2);
  console.log(`  phases, ms per series (summed over chunks): ${Object.entries(m.phases).map(([k, ms]) => `${k.replace(/Ms$/, '')} ${perSeries(ms)}`).join('  ')}`);
  const net = (total: number, perS: number) => perSeries(Math.max(0, total - (perS * m.cycleMs) / 1000));
  console.log(
    `  CPU time, ms per series: this process ${perSeries(m.cpuMs.runway)} (threads included), influxd ${perSeries(m.cpuMs.influxd)}; ` +
      `less the write load's rate before the cycle: ${net(m.cpuMs.runway, m.idleCpuMsPerS.runway)} and ${net(m.cpuMs.influxd, m.idleCpuMsPerS.influxd)}`,
  );
  console.log(`  event loop delay during the cycle: p99 ${m.loopDelay.p99Ms.toFixed(1)} ms, max ${m.loopDelay.maxMs.toFixed(1)} ms; RSS at the start ${m.startRssMb.toFixed(0)} MB; peak RSS over the later cycles ${m.laterPeakRssMb.toFixed(0)} MB (the restart's included: two fit memories in this one process)`);
  const at = (x: { atS: number; ms: number }) => `${x.ms.toFixed(0)} ms at ${x.atS.toFixed(1)} s`;
  console.log(`  its longest stalls: ${m.stalls.map((x) => `${at(x)} (${x.where})`).join(', ') || 'none of 100 ms'}; longest collections of the main thread: ${m.collections.map((x) => `${at(x)} (${x.kind})`).join(', ')}`);
  for (const n of [m.next, m.restarted, ...m.nextDay]) {
    if (n.pass) console.log(`  runway serve's rollup pass at ${new Date(n.pass.atMs).toISOString().slice(11, 16)}${n === m.nextDay[0] ? ', the day over' : ''} (no write load): ${(n.pass.ms / 1000).toFixed(1)} s`);
    console.log(
      `  ${n.label}: ${(n.cycleMs / 1000).toFixed(1)} s, ${perSeries(n.cycleMs)} ms/series, ${n.keptSeries} of ${m.series} series kept; ` +
        `CPU ms per series: this process ${perSeries(n.cpuMs.runway)}, influxd ${perSeries(n.cpuMs.influxd)}; phases: ${Object.entries(n.phases).map(([k, ms]) => `${k.replace(/Ms$/, '')} ${perSeries(ms)}`).join('  ')}`,
    );
  }
}

/** When influxd counts as settled, and how long to wait for it at most. */
const SETTLED = { percent: 10, windowMs: 10_000, maxMs: 30 * 60_000 };

/**
 * Waits until influxd uses less than SETTLED.percent of a core over SETTLED.windowMs, so that work
 * left over from writing the fleet is not counted as the cycle's. In one 10,000-host run influxd
 * used a whole core in the 5 s before the cycle, where the write load alone costs it about a tenth
 * of one; in the next it was quiet 20 s after the fleet was written.
 */
async function influxdSettled(pid: number | undefined): Promise<{ quiet: boolean; ms: number; percent: number }> {
  const started = performance.now();
  for (;;) {
    const before = processCpuMs(pid);
    await sleep(SETTLED.windowMs);
    const percent = ((processCpuMs(pid) - before) / SETTLED.windowMs) * 100;
    const ms = performance.now() - started;
    if (percent < SETTLED.percent || ms >= SETTLED.maxMs) return { quiet: percent < SETTLED.percent, ms, percent };
  }
}

/** Samples a process's RSS every second until stopped; returns the peak, in MB. */
function sampleRss(pid: number | undefined): { stop(): number } {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
    } catch {
      // The process has gone: its peak so far stands.
    }
  };
  const timer = setInterval(sample, 1000);
  return { stop: () => (clearInterval(timer), sample(), peak) };
}

/** Writes the fleet in a child process (bench/fleet/write-fleet.ts): its heap is not the cycle's. */
function writeFleetApart(spec: FleetSpec): Promise<void> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./write-fleet.ts', import.meta.url)), JSON.stringify(spec)], { stdio: 'inherit' });
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writing the fleet failed (exit ${code})`)))));
}

async function main(): Promise<void> {
  const hostCounts = arg('hosts', '100,1000');
  const workerCounts = arg('workers', '1,2');
  const influxd = await InfluxdProcess.start('bench-fleet-influxd');
  const redis = await RedisProcess.start();
  const nowMs = Date.now();
  const results: CycleMeasure[] = [];
  try {
    for (const hosts of hostCounts) {
      const database = `fleet_${hosts}`;
      console.log(`fleet of ${hosts} hosts, ${DAYS} days:`);
      const influxdRss = sampleRss(influxd.pid);
      await writeFleetApart({ influxUrl: influxd.url, database, hosts, days: DAYS, nowMs, rawRetentionDays: 30 });
      console.log(`  influxd's peak RSS while the fleet was written: ${influxdRss.stop().toFixed(0)} MB`);
      const settled = await influxdSettled(influxd.pid);
      console.log(`  influxd ${settled.quiet ? 'settled' : 'was still busy'} ${(settled.ms / 1000).toFixed(0)} s after the fleet was written (${settled.percent.toFixed(0)} % of a core over the last ${SETTLED.windowMs / 1000} s)`);
      const env = { influxUrl: influxd.url, influxDb: database, influxTimeoutMs: 120_000 };
      const pool = await measureCycle('thread pool', hosts, env, nowMs + results.length, influxd.pid);
      print(pool);
      results.push(pool);
      for (const n of workerCounts) {
        const workers = await startWorkers(n, redis.url, database, { INFLUX_URL: influxd.url, INFLUX_DB: database, INFLUX_TIMEOUT_MS: '120000' });
        try {
          // A run of its own (job ids are run and chunk), on the same days.
          const queued = await measureCycle(`${n} worker(s)`, hosts, { ...env, redisUrl: redis.url }, nowMs + results.length, influxd.pid);
          print(queued);
          results.push(queued);
        } finally {
          for (const w of workers) w.kill('SIGTERM');
        }
      }
      const [one, two] = workerCounts.map((n) => results.find((r) => r.hosts === hosts && r.label === `${n} worker(s)`));
      if (one && two) console.log(`  speed-up of ${workerCounts[1]} workers over ${workerCounts[0]}: ${(one.cycleMs / two.cycleMs).toFixed(2)}×`);
    }
    const per = (hosts: number) => results.find((r) => r.hosts === hosts && r.label === 'thread pool');
    const [small, large] = [per(Math.min(...hostCounts)), per(Math.max(...hostCounts))];
    if (small && large && small !== large) {
      const ratio = large.cycleMs / large.series / (small.cycleMs / small.series);
      console.log(`cost line: ms/series at ${large.hosts} hosts is ${ratio.toFixed(2)}× that at ${small.hosts} (target ≤ 1.5)`);
    }
  } finally {
    await redis.stop();
    await influxd.dispose();
  }
}

// The cycle runs in this process as `runway serve` runs it: with its V8 flags.
restartWithServerFlags();
await main();
process.exit(0);
