import { RunwayError } from '../../core/errors.ts';
import type { MetricWriter } from '../../core/store.ts';
import type { ChunkOutput } from './forecast-chunk.ts';

/** A store that takes line protocol as it is (InfluxHttpStore). */
export interface LineWriter {
  writeLines(body: string): Promise<void>;
}

/** Attempts per chunk write, and the first pause between them (doubled, jittered). */
const WRITE_ATTEMPTS = 3;
const FIRST_PAUSE_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes a chunk's forecast points, as points or as the lines a worker thread formatted; returns
 * how many. An InfluxDB busy enough to time a write out (its own 10 s write timeout, under a large
 * cycle on a loaded machine) is given two more tries a few seconds apart: writing the same points
 * again overwrites them, and a cycle that throws loses every chunk already fitted.
 */
export async function writeChunkPoints(writer: MetricWriter & Partial<LineWriter>, out: ChunkOutput, pauseMs = FIRST_PAUSE_MS): Promise<number> {
  const lines = out.lines;
  if (lines && !writer.writeLines) throw new Error('forecast points came as line protocol, and this writer takes points only');
  const write = lines ? () => (lines.count > 0 ? writer.writeLines!(lines.text) : Promise.resolve()) : () => writer.write(out.points);
  await retryUnavailable(write, pauseMs);
  return lines ? lines.count : out.points.length;
}

/** Runs a write, and again twice a few seconds apart while InfluxDB answers that it is unavailable (a timeout, a 5xx). */
export async function retryUnavailable(write: () => Promise<void>, pauseMs = FIRST_PAUSE_MS): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      const unavailable = e instanceof RunwayError && e.code === 'RUNWAY_ERR_STORE_UNAVAILABLE';
      if (!unavailable || attempt >= WRITE_ATTEMPTS) throw e;
      await sleep(pauseMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}
