import type { SeriesSource } from '../../core/rollups.ts';
import type { MetricWriter, SeriesReader } from '../../core/store.ts';
import type { EventRange } from '../events.ts';
import { writeChunkPoints, type LineWriter } from './chunk-points.ts';
import { readChunk } from './fleet-chunks.ts';
import { chunkFingerprint } from './chunk-fingerprint.ts';
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
  /** The chunk's fingerprint at its last fit (chunkFingerprint): found the same again, the chunk is not read or fitted. */
  unchangedIf?: string;
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
 * A whole chunk where the store is reached (a worker thread, a `runway worker`): reads its series,
 * fits them with `fit`, writes the forecast points, and returns only what the scheduler needs (the
 * rows, failures and events used) with the time each step took. So the scheduler's event loop
 * neither parses the series' answers, nor copies them to a thread, nor formats forecast points.
 */
export async function runChunkTask(
  store: SeriesReader & MetricWriter & Partial<LineWriter>,
  task: ChunkTask,
  countryOf: (customer: string) => string | undefined,
  fit: (input: ChunkInput) => ChunkOutput | Promise<ChunkOutput>,
): Promise<ChunkOutput> {
  const started = performance.now();
  const fingerprint = await chunkFingerprint(store, task, countryOf);
  if (fingerprint === task.unchangedIf) return unchangedChunk(fingerprint, { readMs: performance.now() - started, fitMs: 0, writeMs: 0, fitCpuMs: 0 });
  const input = await readChunkInput(store, task, countryOf);
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
  return { rows: out.rows, failures: out.failures, eventsUsed: out.eventsUsed, points: [], written, phases, fingerprint };
}

/** The answer for a chunk whose fingerprint is its last fit's: nothing read, fitted or written; its last rows stand. */
export function unchangedChunk(fingerprint: string, phases?: ChunkPhases): ChunkOutput {
  return { rows: [], failures: [], eventsUsed: [], points: [], written: 0, fingerprint, unchanged: true, ...(phases ? { phases } : {}) };
}

