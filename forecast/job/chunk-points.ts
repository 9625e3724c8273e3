import type { MetricWriter } from '../../core/store.ts';
import type { ChunkOutput } from './forecast-chunk.ts';

/** A store that takes line protocol as it is (InfluxHttpStore). */
export interface LineWriter {
  writeLines(body: string): Promise<void>;
}

/** Writes a chunk's forecast points, as points or as the lines a worker thread formatted; returns how many. */
export async function writeChunkPoints(writer: MetricWriter & Partial<LineWriter>, out: ChunkOutput): Promise<number> {
  if (!out.lines) {
    await writer.write(out.points);
    return out.points.length;
  }
  if (!writer.writeLines) throw new Error('forecast points came as line protocol, and this writer takes points only');
  if (out.lines.count > 0) await writer.writeLines(out.lines.text);
  return out.lines.count;
}
