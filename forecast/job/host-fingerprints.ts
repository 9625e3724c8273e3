import { createHash } from 'node:crypto';
import type { QuerySeries, SeriesReader } from '../../core/store.ts';
import type { ChunkTask } from './chunk-task.ts';
import { hostFilter } from './fleet-chunks.ts';
import { probeChunkSeries } from './fleet-queries.ts';

const DAY_MS = 86_400_000;

/**
 * Per host of a chunk, a hash of what its forecasts are a function of over the task's days: the
 * sums and day counts of the series it would read (probeChunkSeries), the run's settings, calendars
 * and events, and its customer's country; not the run's name, the hour, or which chunk the host is
 * in. Forecasts read whole days only, so the hourly cycles of one day find the same hashes until a
 * late point changes a day. Taken before anything is read: a change while a chunk is read shows at
 * the next cycle.
 *
 * From the daily rollup, only the task's last day is summed: a late point for it rolls it up again
 * for its host, and the rollup maintainer marks the hosts whose earlier days it rewrote
 * (rewritten-hosts.ts), so summing years of days every hour would only find what the marks say. A write that bypasses Runway shows
 * at the host's daily refit. Raw points have no maintainer, and are summed over all the days.
 */
export async function hostFingerprints(reader: SeriesReader, task: ChunkTask, countryOf: (customer: string) => string | undefined): Promise<Map<string, string>> {
  const fromMs = task.source === 'rollup' ? Math.max(task.fromMs, task.toMs - DAY_MS) : task.fromMs;
  const answers = await probeChunkSeries(reader, { ...task, fromMs }, hostFilter(task.hosts));
  const { run: _run, nowMs: _nowMs, index: _index, hosts, baseline: _baseline, ...settings } = task;
  const common = createHash('sha256').update(JSON.stringify(settings)).digest('base64url');
  const byHost = new Map<string, [number, QuerySeries][]>(hosts.map((h) => [h, []]));
  answers.forEach((series, query) => {
    for (const s of series) byHost.get(s.tags?.host ?? '')?.push([query, s]);
  });
  const out = new Map<string, string>();
  for (const [host, series] of byHost) {
    const customers = [...new Set(series.map(([, s]) => s.tags?.customer ?? ''))].sort();
    const countries = customers.map((c) => [c, countryOf(c) ?? null]);
    out.set(host, createHash('sha256').update(common).update(JSON.stringify({ series, countries })).digest('base64url'));
  }
  return out;
}
