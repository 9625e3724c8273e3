import { createHash } from 'node:crypto';
import type { ChunkInput } from './forecast-chunk.ts';

/**
 * What a chunk's forecasts are a function of: its daily series, capacities, calendars, events and
 * settings, without the run's name and the hour it runs at. The forecasts read whole days only, so
 * the hourly cycles of one day read the same input (until a backfill or a late point changes a
 * day), and a chunk whose fingerprint is the last fit's need not be fitted or written again.
 */
export function chunkFingerprint(input: ChunkInput): string {
  const { run: _run, nowMs: _nowMs, ...rest } = input;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
}
