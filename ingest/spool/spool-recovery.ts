import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecord, nextRecord, pointsInDamagedRange } from './record-codec.ts';
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
  /** Damaged bytes with valid records after them (acknowledged data), moved to corrupt-*.bin files. */
  corruptBytes: number;
  /** Points of those damaged records: acknowledged, and lost. */
  lostPoints: number;
}

/**
 * Brings the spool directory to a consistent state after any stop, clean or not: segments
 * already replayed are removed, and every remaining segment is checked record by record.
 *
 * A crash can only tear the newest segment's tail, and only a write that was never acknowledged
 * (acknowledgement waits for fsync), so that tail is cut off. Damage anywhere else is not ours to
 * explain: recovery resyncs to the next whole record, keeps the damaged bytes aside in a
 * corrupt-*.bin file, and counts and logs the damaged record's points as lost. Every cut-off
 * byte, torn tail included, is kept aside.
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
  const out: RecoveredSpool = { segments, cursor, pendingRecords: 0, pendingLines: 0, tornBytes: 0, corruptBytes: 0, lostPoints: 0 };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const from = segment.seq === cursor.segment ? Math.min(cursor.offset, segment.size) : 0;
    if (segment.seq === cursor.segment) cursor.offset = from;
    await checkSegment(dir, segment, from, i === segments.length - 1, out, log);
  }
  return out;
}

interface DamagedRange {
  start: number;
  end: number;
  problem: string;
  /** Points the range held, as far as its bytes tell. */
  points: number;
}

/**
 * Counts the records of one segment from `from` on. Bytes that do not decode are resynchronised
 * past, to the next record that does, so one damaged record costs that record only; each damaged
 * range is copied aside to a corrupt-*.bin file and cut out of the segment.
 */
async function checkSegment(dir: string, segment: SegmentFile, from: number, newest: boolean, out: RecoveredSpool, log: SpoolLog): Promise<void> {
  const bytes = await readFile(segment.path);
  const damaged: DamagedRange[] = [];
  for (let at = from; at < bytes.length; ) {
    const decoded = decodeRecord(bytes, at);
    if (decoded.kind === 'record') {
      out.pendingRecords++;
      out.pendingLines += decoded.record.lines;
      at = decoded.record.end;
      continue;
    }
    const next = nextRecord(bytes, at + 1);
    const end = next === -1 ? bytes.length : next;
    damaged.push({ start: at, end, problem: decoded.kind === 'corrupt' ? decoded.reason : 'record cut short', points: pointsInDamagedRange(bytes, at, end) });
    at = end;
  }
  if (damaged.length === 0) return;
  for (const range of damaged) {
    const aside = join(dir, `corrupt-${segment.seq}-${range.start}.bin`);
    await writeFile(aside, bytes.subarray(range.start, range.end));
    const fields = { segment: segment.path, offset: range.start, bytes: range.end - range.start, problem: range.problem, keptIn: aside };
    if (newest && range.end === bytes.length) {
      // A crash during an append leaves exactly this, and that write was never acknowledged (acknowledgement waits for fsync).
      out.tornBytes += range.end - range.start;
      log.warn({ ...fields, pointsAtMost: range.points }, 'spool: the newest segment ends in bytes that do not decode: a write torn by a crash (never acknowledged), or damage to its last record; cut off, kept aside');
    } else {
      out.corruptBytes += range.end - range.start;
      out.lostPoints += range.points;
      log.error({ ...fields, lostPoints: range.points }, 'spool: a damaged record (acknowledged, not yet in InfluxDB) was skipped: its points are LOST; its bytes are kept aside, the records after it are replayed');
    }
  }
  await rewriteWithout(dir, segment, bytes, damaged);
}

/** Replaces the segment with its bytes less the damaged ranges, durably (a temporary file renamed over it). */
async function rewriteWithout(dir: string, segment: SegmentFile, bytes: Buffer, damaged: readonly DamagedRange[]): Promise<void> {
  const kept: Buffer[] = [];
  let at = 0;
  for (const range of damaged) {
    kept.push(bytes.subarray(at, range.start));
    at = range.end;
  }
  kept.push(bytes.subarray(at));
  const tmp = `${segment.path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writev(kept);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, segment.path);
  await fsyncDir(dir);
  segment.size = kept.reduce((n, b) => n + b.length, 0);
}
