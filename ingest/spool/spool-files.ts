import { open, readdir, rename, stat, writeFile, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The spool directory's files:
 *   segment-<seq>.log   append-only logs of framed records (record-codec.ts), replayed in seq order
 *   cursor.json         where replay stands: {segment, offset} of the next record to send
 *   dead-letters.lp     batches InfluxDB refused for good, as line protocol with a '#' header each
 *   corrupt-<seq>-<offset>.bin   undecodable bytes found inside a sealed segment on recovery
 */

export interface SegmentFile {
  seq: number;
  path: string;
  /** Bytes known to be durable (fsync'd): replay never reads past this. */
  size: number;
}

export interface Cursor {
  segment: number;
  offset: number;
}

const SEGMENT_PATTERN = /^segment-(\d{12})\.log$/;

export const segmentPath = (dir: string, seq: number): string => join(dir, `segment-${String(seq).padStart(12, '0')}.log`);
export const cursorPath = (dir: string): string => join(dir, 'cursor.json');
export const deadLetterPath = (dir: string): string => join(dir, 'dead-letters.lp');

/** The segments in the directory, oldest first, with their sizes on disk. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  const out: SegmentFile[] = [];
  for (const name of await readdir(dir)) {
    const m = SEGMENT_PATTERN.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    // A segment replay deletes between readdir and stat is simply no longer there.
    const size = await stat(path).then((st) => st.size, (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? -1 : Promise.reject(e)));
    if (size >= 0) out.push({ seq: Number(m[1]), path, size });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** The persisted replay position, or null when there is none (a new spool) or it is unreadable. */
export async function readCursor(dir: string): Promise<Cursor | null> {
  try {
    const parsed = JSON.parse(await readFile(cursorPath(dir), 'utf8')) as Partial<Cursor>;
    if (Number.isSafeInteger(parsed.segment) && Number.isSafeInteger(parsed.offset)) return { segment: parsed.segment!, offset: parsed.offset! };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
  }
  return null;
}

/**
 * Replaces the cursor atomically (write a temporary file, rename over). It is not fsync'd: after a
 * crash an older cursor only means some batches are sent again, and InfluxDB stores a point with
 * the same series and time once, so replay is idempotent. Losing data is the one thing to avoid.
 */
export async function writeCursor(dir: string, cursor: Cursor): Promise<void> {
  const tmp = cursorPath(dir) + '.tmp';
  await writeFile(tmp, JSON.stringify(cursor));
  await rename(tmp, cursorPath(dir));
}

/** Room for the cursor's JSON in cursor.json: it is rewritten in place, padded with spaces. */
const CURSOR_BYTES = 64;

/**
 * The cursor file kept open during replay and rewritten in place with one small write per batch
 * (replay shares the event loop with ingest, so it should cost as few turns of it as possible).
 * Not fsync'd, as writeCursor explains; a torn write reads as no cursor, which replays from the
 * oldest segment's start: more sent twice, nothing lost.
 */
export class CursorFile {
  readonly #handle: FileHandle;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  static async open(dir: string, cursor: Cursor): Promise<CursorFile> {
    await writeCursor(dir, cursor);
    return new CursorFile(await open(cursorPath(dir), 'r+'));
  }

  async write(cursor: Cursor): Promise<void> {
    const text = Buffer.alloc(CURSOR_BYTES, ' ');
    text.write(JSON.stringify(cursor));
    await this.#handle.write(text, 0, CURSOR_BYTES, 0);
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}

/** Makes a created or renamed file's directory entry durable, so a new segment survives power loss. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
