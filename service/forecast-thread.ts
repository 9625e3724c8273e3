import { forecastChunk, type ChunkInput, type ChunkOutput } from '../forecast/job/forecast-chunk.ts';

/** The forecast pool's worker thread: one chunk of series in, its rows and forecast points out. */
export default function run(input: ChunkInput): ChunkOutput {
  return forecastChunk(input);
}
