import { createHash } from 'node:crypto';
import type { SeriesReader } from '../../core/store.ts';
import type { ChunkTask } from './chunk-task.ts';
import { hostFilter } from './fleet-chunks.ts';
import { probeChunkSeries } from './fleet-queries.ts';

/**
 * What a chunk's forecasts are a function of, hashed: the sums and day counts of the series it
 * would read (probeChunkSeries), its settings, calendars and events, and its customers' countries;
 * not the run's name or the hour it runs at. Forecasts read whole days only, so the hourly cycles
 * of one day find the same fingerprint until a backfill or a late point changes a day, and a chunk
 * whose fingerprint is its last fit's need not be read, fitted or written again. Taken before the
 * chunk is read: a change while it is read shows at the next cycle.
 */
export async function chunkFingerprint(reader: SeriesReader, task: ChunkTask, countryOf: (customer: string) => string | undefined): Promise<string> {
  const answers = await probeChunkSeries(reader, task, hostFilter(task.hosts));
  const customers = [...new Set(answers.flat().map((s) => s.tags?.customer ?? ''))].sort();
  const { run: _run, nowMs: _nowMs, index: _index, unchangedIf: _unchangedIf, ...settings } = task;
  const countries = customers.map((c) => [c, countryOf(c) ?? null]);
  return createHash('sha256').update(JSON.stringify({ answers, settings, countries })).digest('base64url');
}
