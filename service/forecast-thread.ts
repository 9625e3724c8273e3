import { formatPoints } from '../core/line-protocol-format.ts';
import { forecastChunk, type ChunkInput, type ChunkOutput } from '../forecast/job/forecast-chunk.ts';

/**
 * The forecast pool's worker thread: one chunk of series in, its rows and forecast points out, the
 * points already formatted as line protocol (one string crosses to the event loop, not their objects).
 */
export default function run(input: ChunkInput): ChunkOutput {
  const out = forecastChunk(input);
  return { ...out, points: [], lines: { text: formatPoints(out.points), count: out.points.length } };
}
