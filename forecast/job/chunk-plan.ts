import type { SeriesReader } from '../../core/store.ts';
import type { ChunkTask } from './chunk-task.ts';
import { surprisedHosts, type DayBand } from './day-check.ts';
import { readChunk } from './fleet-chunks.ts';
import { hostFingerprints } from './host-fingerprints.ts';

/**
 * What the scheduler remembers of a chunk's hosts from the last cycle that saw them, sent with the
 * task: the days that cycle covered, each host's hash over them, the bands of the days after its
 * fit, and the hosts due for their daily refit.
 */
export interface ChunkBaseline {
  fromMs: number;
  toMs: number;
  /** host → hostFingerprints over [fromMs, toMs); a host missing here is fitted. */
  hashes: [string, string][];
  /** bandKey → the days after its fit (day-check.ts). */
  bands: [string, DayBand[]][];
  /** Hosts to fit whatever the check says: their fit is a day old and their hour has come, or their earlier days were rewritten. */
  due: string[];
}

export interface ChunkPlan {
  /** Each host's hash over the task's days: the next cycle's baseline. */
  hashes: Map<string, string>;
  /** Hosts to read and fit now, in the task's order; the others keep their last fit. */
  refit: string[];
}

/**
 * Which of a chunk's hosts need a fit this cycle. Without a baseline, all. Otherwise a host is
 * fitted when the days its last fit saw have changed (a late point, other settings; see
 * hostFingerprints for which days are summed), when it is due (a backfill is marked due), or when
 * a day since (read alone: a day per series) fell outside its forecast's band. The rest keep their forecasts: a new day the forecast expected changes nothing worth a
 * refit before the host's own hour, and spreading the refits over the day spares the cycle after
 * midnight the whole fleet's fits.
 */
export async function planChunk(reader: SeriesReader, task: ChunkTask, countryOf: (customer: string) => string | undefined): Promise<ChunkPlan> {
  const hashes = await hostFingerprints(reader, task, countryOf);
  const b = task.baseline;
  if (!b || b.toMs > task.toMs) return { hashes, refit: task.hosts };
  const sameDays = b.fromMs === task.fromMs && b.toMs === task.toMs;
  const before = sameDays ? hashes : await hostFingerprints(reader, { ...task, fromMs: b.fromMs, toMs: b.toMs }, countryOf);
  const known = new Map(b.hashes);
  const due = new Set(b.due);
  const refit = new Set(task.hosts.filter((h) => due.has(h) || !known.has(h) || known.get(h) !== before.get(h)));
  const check = task.hosts.filter((h) => !refit.has(h));
  if (b.toMs < task.toMs && check.length > 0) {
    const newDays = await readChunk(reader, check, { fromMs: b.toMs, toMs: task.toMs, source: task.source });
    for (const h of surprisedHosts(newDays, new Map(b.bands))) refit.add(h);
  }
  return { hashes, refit: task.hosts.filter((h) => refit.has(h)) };
}
