import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomically } from './atomic-file.ts';

/**
 * What the rollup maintainer must remember across restarts: how far its rollups are final, and the
 * days that points for closed hours touched and no pass has rolled up yet. Without it a restart
 * rolled up yesterday and today again from raw points (at Telegraf's 10 s interval, over an hour of
 * InfluxDB's time at 10,000 hosts), and forgot the days a backfill had touched just before it.
 *
 * Two files: the state, rewritten after every pass, and beside it (`<file>.touched`) a journal that
 * each batch of late points appends one line to before it is acknowledged. Rewriting the state per
 * batch instead cost a 3-year backfill of 1,000 hosts 330 ms a batch (24 MB of touched days).
 */
export interface RollupState {
  version: 1;
  /** Hourly rollups are final before this (epoch ms). */
  hoursFinalMs: number | null;
  /** Daily rollups are final before this day index (epoch ms / day). */
  daysFinal: number | null;
  /** Touched days of each host (null: of every host), as inclusive ranges of day indexes. */
  dirty: [string | null, [number, number][]][];
  /** Hosts whose days were rewritten, with the first such day (epoch ms): to be marked for the forecast cycle. */
  rewritten: [string, number][];
}

/** One journal line: points between two times (epoch ms, inclusive) of these hosts (null: without a host) were written late. */
export type Touch = [number, number, string[] | null];

interface Logger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const journalOf = (path: string): string => `${path}.touched`;

const isDay = (d: unknown): d is number => Number.isSafeInteger(d);
const isRange = (r: unknown): boolean => Array.isArray(r) && r.length === 2 && isDay(r[0]) && isDay(r[1]) && r[0] <= r[1];
const isHosts = (h: unknown): h is string[] | null => h === null || (Array.isArray(h) && h.every((x) => typeof x === 'string'));

function valid(s: unknown): s is RollupState {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  return o.version === 1
    && (o.hoursFinalMs === null || Number.isFinite(o.hoursFinalMs))
    && (o.daysFinal === null || isDay(o.daysFinal))
    && Array.isArray(o.dirty) && o.dirty.every((e) => Array.isArray(e) && e.length === 2 && (e[0] === null || typeof e[0] === 'string') && Array.isArray(e[1]) && e[1].every(isRange))
    && Array.isArray(o.rewritten) && o.rewritten.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && Number.isFinite(e[1]));
}

const isTouch = (t: unknown): t is Touch => Array.isArray(t) && t.length === 3 && Number.isFinite(t[0]) && Number.isFinite(t[1]) && isHosts(t[2]);

/**
 * The state written last with the touches journalled since, or null without either. A state file
 * that is not a state (truncated, overwritten) is moved aside as `<file>.damaged-<time>`, logged,
 * and the maintainer starts as on a first start, with the journal's touches. A journal line torn
 * by a crash was never acknowledged, and is skipped.
 */
export async function loadRollupState(path: string, log: Logger, nowMs = Date.now()): Promise<{ state: RollupState | null; touches: Touch[] } | null> {
  const text = await readIfThere(path);
  const journal = await readIfThere(journalOf(path));
  if (text === null && journal === null) return null;
  let state: RollupState | null = null;
  if (text !== null) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // reported below with any other damage
    }
    if (valid(parsed)) state = parsed;
    else {
      const aside = `${path}.damaged-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`;
      await rename(path, aside);
      log.error({ file: path, movedTo: aside }, `rollup state file ${path} is damaged; moved to ${aside}. Yesterday and today are rolled up again from raw points; days that late points touched before the last pass are not, until points arrive for them again`);
    }
  }
  const touches: Touch[] = [];
  for (const line of (journal ?? '').split('\n')) {
    if (!line) continue;
    try {
      const t: unknown = JSON.parse(line);
      if (isTouch(t)) touches.push(t);
    } catch {
      // a line torn by a crash: its write was not acknowledged
    }
  }
  log.info({ file: path, touches: touches.length }, `rollup state read from ${path}`);
  return { state, touches };
}

async function readIfThere(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`rollup state file ${path} cannot be read: ${(e as Error).message}`, { cause: e });
  }
}

/** Replaces the state, then empties the journal: every touch in it is in the state now. */
export async function saveRollupState(path: string, state: RollupState): Promise<void> {
  await writeFileAtomically(path, JSON.stringify(state));
  await rm(journalOf(path), { force: true });
}

/** Appends touches to the journal and fsyncs it: once this resolves, a restart knows of them. */
export async function journalTouches(path: string, touches: readonly Touch[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(journalOf(path), 'a');
  try {
    await handle.write(touches.map((t) => `${JSON.stringify(t)}\n`).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Sorted day indexes as inclusive ranges of consecutive days. */
export function dayRanges(days: Iterable<number>): [number, number][] {
  const out: [number, number][] = [];
  for (const d of [...days].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && d <= last[1] + 1) last[1] = Math.max(last[1], d);
    else out.push([d, d]);
  }
  return out;
}
