import { mkdir, open, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecord } from './record-codec.ts';
import { fsyncDir, listSegments, readCursor, type Cursor, type SegmentFile } from './spool-files.ts';
import type { SpoolLog } from './spool-types.ts';

export interface RecoveredSpool {
  /** Segments still to replay, oldest first, each cut back to its last whole record. */
  segments: SegmentFile[];
  cursor: Cursor;
  pendingRecords: number;
  pendingLines: number;
  /** Bytes of a torn last record cut from the newest segment (a write never acknowledged). */
  tornBytes: number;
  /** Undecodable bytes found inside older segments, moved to corrupt-*.bin files. */
  corruptBytes: number;
}

/**
 * Brings the spool directory to a consistent state after any stop, clean or not: segments
 * already replayed are removed, and every remaining segment is checked record by record.
 *
 * A crash can only tear the newest segment's tail, and only a write that was never acknowledged
 * (acknowledgement waits for fsync), so that tail is cut off. Damage inside an older segment is
 * not ours to explain: its bytes are kept aside in a corrupt-*.bin file and reported, not dropped.
 */
export async function recoverSpool(dir: string, log: SpoolLog): Promise<RecoveredSpool> {
  await mkdir(dir, { recursive: true });
  const all = await listSegments(dir);
  const saved = await readCursor(dir);
  const segments: SegmentFile[] = [];
  for (const segment of all) {
    // Replayed before the last stop, but the stop came before their deletion.
    if (saved && segment.seq < saved.segment) await unlink(segment.path);
    else segments.push(segment);
  }
  const first = segments[0];
  // With no segment left, numbering goes on from the cursor's: a lower number would be deleted as replayed.
  let cursor: Cursor = { segment: first?.seq ?? saved?.segment ?? 0, offset: 0 };
  if (saved && first && saved.segment === first.seq) cursor = saved;
  const out: RecoveredSpool = { segments, cursor, pendingRecords: 0, pendingLines: 0, tornBytes: 0, corruptBytes: 0 };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const from = segment.seq === cursor.segment ? Math.min(cursor.offset, segment.size) : 0;
    if (segment.seq === cursor.segment) cursor.offset = from;
    await checkSegment(dir, segment, from, i === segments.length - 1, out, log);
  }
  return out;
}

/** Counts the records of one segment from `from` on and cuts it back at the first bad one. */
async function checkSegment(dir: string, segment: SegmentFile, from: number, newest: boolean, out: RecoveredSpool, log: SpoolLog): Promise<void> {
  const bytes = await readFile(segment.path);
  let at = from;
  let problem = '';
  while (at < bytes.length) {
    const decoded = decodeRecord(bytes, at);
    if (decoded.kind !== 'record') {
      problem = decoded.kind === 'corrupt' ? decoded.reason : 'record cut short';
      break;
    }
    out.pendingRecords++;
    out.pendingLines += decoded.record.lines;
    at = decoded.record.end;
  }
  if (at >= bytes.length) return;
  const lost = bytes.length - at;
  if (newest) {
    out.tornBytes += lost;
    log.warn({ segment: segment.path, offset: at, bytes: lost, problem }, 'spool: cut a torn last record (never acknowledged) from the newest segment');
  } else {
    const aside = join(dir, `corrupt-${segment.seq}-${at}.bin`);
    await writeFile(aside, bytes.subarray(at));
    out.corruptBytes += lost;
    log.error({ segment: segment.path, offset: at, bytes: lost, problem, keptIn: aside }, 'spool: undecodable bytes inside a sealed segment; kept aside, not replayed');
  }
  const handle = await open(segment.path, 'r+');
  try {
    await handle.truncate(at);
    await handle.sync();
  } finally {
    await handle.close();
  }
  segment.size = at;
  await fsyncDir(dir);
}
