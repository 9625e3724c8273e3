import { workerData } from 'piscina';
import { InfluxHttpStore } from '../core/impl/influx-http-store.ts';
import { formatPoints } from '../core/line-protocol-format.ts';
import { runChunkTask, type ChunkTask } from '../forecast/job/chunk-task.ts';
import { forecastChunk, type ChunkInput, type ChunkOutput } from '../forecast/job/forecast-chunk.ts';
import type { ThreadContext } from './forecast-pool.ts';

/**
 * The forecast pool's worker thread: one chunk of series in, its rows and forecast points out, the
 * points already formatted as line protocol (one string crosses to the event loop, not their objects).
 */
export default function run(input: ChunkInput): ChunkOutput {
  const out = forecastChunk(input);
  return { ...out, points: [], lines: { text: formatPoints(out.points), count: out.points.length } };
}

let context: { store: InfluxHttpStore; countries: Map<string, string> } | undefined;

/** A whole chunk on this thread: its series read, fitted and their forecasts written here; rows out. */
export function task(t: ChunkTask): Promise<ChunkOutput> {
  const given = workerData as ThreadContext;
  context ??= { store: new InfluxHttpStore(given.store), countries: new Map(given.countries) };
  const { store, countries } = context;
  return runChunkTask(store, t, (c) => countries.get(c), forecastChunk);
}
