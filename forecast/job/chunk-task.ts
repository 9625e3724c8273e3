import type { SeriesSource } from '../../core/rollups.ts';
import type { MetricWriter, SeriesReader } from '../../core/store.ts';
import type { EventRange } from '../events.ts';
import { writeChunkPoints, type LineWriter } from './chunk-points.ts';
import { readChunk } from './fleet-chunks.ts';
import { planChunk, type ChunkBaseline, type ChunkPlan } from './chunk-plan.ts';
import type { ChunkInput, ChunkOutput, ChunkPhases } from './forecast-chunk.ts';

/**
 * One chunk of a run as a job: the hosts and the run's settings, no series. Whoever takes it
 * (a queue worker on another machine) reads the series itself, so jobs stay small.
 */
export interface ChunkTask {
  /** Position of the chunk in the run: with `run`, a stable job id, so a chunk is queued once. */
  index: number;
  hosts: string[];
  run: string;
  nowMs: number;
  fromMs: number;
  toMs: number;
  source: SeriesSource;
  horizonDays: number;
  levelPercent: number;
  diskThresholdPercent: number;
  memoryThresholdPercent: number;
  cpuThresholdPercent: number;
  country: string;
  events: EventRange[];
  /** What the last cycle saw of these hosts (chunk-plan.ts): hosts it still holds for keep their fits. */
  baseline?: ChunkBaseline;
}

/** Reads a task's series and makes it a chunk to forecast; `countryOf` names a customer's holiday country. */
export async function readChunkInput(reader: SeriesReader, task: ChunkTask, countryOf: (customer: string) => string | undefined): Promise<ChunkInput> {
  const data = await readChunk(reader, task.hosts, task);
  const customers = new Set([...data.disks, ...data.loads, ...data.mems, ...data.cpus].map((s) => s.tags.customer ?? ''));
  return {
    run: task.run, nowMs: task.nowMs, fromMs: task.fromMs, toMs: task.toMs,
    horizonDays: task.horizonDays, levelPercent: task.levelPercent, diskThresholdPercent: task.diskThresholdPercent,
    memoryThresholdPercent: task.memoryThresholdPercent, cpuThresholdPercent: task.cpuThresholdPercent,
    disks: data.disks, minima: data.minima, loads: data.loads, mems: data.mems, cpus: data.cpus, inodes: data.inodes,
    cores: [...data.cores], diskBytes: [...data.diskBytes], memBytes: [...data.memBytes], inodesTotal: [...data.inodesTotal],
    countryOf: [...customers].flatMap((c) => {
      const country = countryOf(c);
      return country ? [[c, country] as [string, string]] : [];
    }),
    country: task.country, events: task.events,
  };
}

/**
 * A whole chunk where the store is reached (a worker thread, a `runway worker`): plans it (which
 * hosts need a fit: chunk-plan.ts), reads and fits those with `fit`, writes their forecast points,
 * and returns only what the scheduler needs (their rows, failures and bands, and every host's
 * hash) with the time each step took. So the scheduler's event loop neither parses the series'
 * answers, nor copies them to a thread, nor formats forecast points.
 */
export async function runChunkTask(
  store: SeriesReader & MetricWriter & Partial<LineWriter>,
  task: ChunkTask,
  countryOf: (customer: string) => string | undefined,
  fit: (input: ChunkInput) => ChunkOutput | Promise<ChunkOutput>,
): Promise<ChunkOutput> {
  const started = performance.now();
  const plan = await planChunk(store, task, countryOf);
  if (plan.refit.length === 0) return keptChunk(plan, { readMs: performance.now() - started, fitMs: 0, writeMs: 0, fitCpuMs: 0 });
  const input = await readChunkInput(store, { ...task, hosts: plan.refit }, countryOf);
  const read = performance.now();
  // The fit runs to its end without yielding on a thread, so the thread's CPU time around it is its own
  // (two chunks share a thread: around an await, the other's work would be counted too).
  const cpu = process.threadCpuUsage();
  const fitting = fit(input);
  const fitCpu = process.threadCpuUsage(cpu);
  const out = await fitting;
  const fitted = performance.now();
  const written = await writeChunkPoints(store, out);
  const phases = { readMs: read - started, fitMs: fitted - read, writeMs: performance.now() - fitted, fitCpuMs: (fitCpu.user + fitCpu.system) / 1000 };
  return { rows: out.rows, failures: out.failures, bands: out.bands ?? [], points: [], written, phases, hashes: [...plan.hashes], refitted: plan.refit };
}

/** The answer for a chunk whose hosts all keep their last fits: nothing read, fitted or written. */
export function keptChunk(plan: ChunkPlan, phases?: ChunkPhases): ChunkOutput {
  return { rows: [], failures: [], points: [], written: 0, hashes: [...plan.hashes], refitted: [], ...(phases ? { phases } : {}) };
}
