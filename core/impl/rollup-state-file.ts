import { readFile, rename } from 'node:fs/promises';
import { writeFileAtomically } from './atomic-file.ts';

/**
 * What the rollup maintainer must remember across restarts: how far its rollups are final, and the
 * days that points for closed hours touched and no pass has rolled up yet. Without it a restart
 * rolled up yesterday and today again from raw points (at Telegraf's 10 s interval, over an hour of
 * InfluxDB's time at 10,000 hosts), and forgot the days a backfill had touched just before it.
 */
export interface RollupState {
  version: 1;
  /** Hourly rollups are final before this (epoch ms). */
  hoursFinalMs: number | null;
  /** Daily rollups are final before this day index (epoch ms / day). */
  daysFinal: number | null;
  /** Touched days (day index) with their hosts, or null for every host. */
  dirty: [number, string[] | null][];
  /** Hosts whose days were rewritten, with the first such day (epoch ms): to be marked for the forecast cycle. */
  rewritten: [string, number][];
}

interface Logger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const isDay = (d: unknown): d is number => Number.isSafeInteger(d);
const isHosts = (h: unknown): h is string[] | null => h === null || (Array.isArray(h) && h.every((x) => typeof x === 'string'));

function valid(s: unknown): s is RollupState {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  return o.version === 1
    && (o.hoursFinalMs === null || Number.isFinite(o.hoursFinalMs))
    && (o.daysFinal === null || isDay(o.daysFinal))
    && Array.isArray(o.dirty) && o.dirty.every((e) => Array.isArray(e) && e.length === 2 && isDay(e[0]) && isHosts(e[1]))
    && Array.isArray(o.rewritten) && o.rewritten.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && Number.isFinite(e[1]));
}

/**
 * The state written last, or null without a file. A file that is not a state (truncated,
 * overwritten) is moved aside as `<file>.damaged-<time>`, logged, and the maintainer starts as on
 * a first start: yesterday and today rolled up again from raw points.
 */
export async function loadRollupState(path: string, log: Logger, nowMs = Date.now()): Promise<RollupState | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`rollup state file ${path} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // reported below with any other damage
  }
  if (valid(parsed)) {
    log.info({ file: path, touchedDays: parsed.dirty.length }, `rollup state read from ${path}`);
    return parsed;
  }
  const aside = `${path}.damaged-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, aside);
  log.error({ file: path, movedTo: aside }, `rollup state file ${path} is damaged; moved to ${aside}. Yesterday and today are rolled up again from raw points; days that late points touched before the restart are not, until points arrive for them again`);
  return null;
}

export function saveRollupState(path: string, state: RollupState): Promise<void> {
  return writeFileAtomically(path, JSON.stringify(state));
}
