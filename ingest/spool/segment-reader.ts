import { open, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecord, nextRecord, pointsInDamagedRange } from './record-codec.ts';
import type { Cursor, SegmentFile } from './spool-files.ts';

/** Consecutive records read for one InfluxDB write. */
export interface Batch {
  segment: SegmentFile;
  /** Byte range of the records in the segment. */
  start: number;
  end: number;
  records: number;
  points: number;
  /** The records' line protocol (UTF-8), joined; empty for a skipped (undecodable) range, whose `points` were lost. */
  body: Buffer;
  /** Why the range was skipped, when it was. */
  skipped?: string;
  /** Of `points`, those InfluxDB refused for good, when it refused some (a partial write stores the rest). */
  refused?: number;
}

/** Bytes read at a time; a batch is at most batchPoints lines, about 1 MB with Telegraf's metrics. */
const READ_CHUNK_BYTES = 2 * 1024 * 1024;

/**
 * Reads batches from the segments in order, ahead of the committed cursor (batches may be in
 * flight), never past a segment's durable size.
 */
export class SegmentReader {
  readonly #dir: string;
  readonly #segments: SegmentFile[];
  readonly #batchPoints: number;
  #segment: SegmentFile | undefined;
  #offset: number;
  #handle: FileHandle | null = null;
  /** Reused from read to read: each batch's bytes are copied out of it before the next read. */
  #scratch = Buffer.allocUnsafe(0);

  constructor(dir: string, segments: SegmentFile[], from: Cursor, batchPoints: number) {
    this.#dir = dir;
    this.#segments = segments;
    this.#batchPoints = batchPoints;
    this.#segment = segments.find((s) => s.seq === from.segment);
    this.#offset = this.#segment ? from.offset : 0;
  }

  /** The next batch of up to batchPoints points (at least one record), or null when caught up. */
  async next(): Promise<Batch | null> {
    const segment = await this.#position();
    if (!segment) return null;
    const start = this.#offset;
    let chunk = await this.#read(segment, start, Math.min(segment.size - start, READ_CHUNK_BYTES));
    const payloads: Buffer[] = [];
    let points = 0;
    let at = 0;
    while (at < chunk.length) {
      const decoded = decodeRecord(chunk, at);
      if (decoded.kind === 'incomplete' && payloads.length === 0 && start + decoded.needBytes <= segment.size) {
        chunk = await this.#read(segment, start, decoded.needBytes, decoded.needBytes <= 4 * READ_CHUNK_BYTES); // one record larger than a chunk
        continue;
      }
      if (decoded.kind === 'corrupt' && payloads.length === 0) return this.#skipDamaged(segment, start, decoded.reason);
      if (decoded.kind !== 'record') break;
      const { record } = decoded;
      if (payloads.length > 0 && points + record.lines > this.#batchPoints) break;
      payloads.push(record.payload);
      points += record.lines;
      at = record.end;
    }
    this.#offset = start + at;
    return { segment, start, end: this.#offset, records: payloads.length, points, body: joinLines(payloads) };
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = null;
  }

  /** The segment to read from, moving past segments read to their end; undefined when caught up. */
  async #position(): Promise<SegmentFile | undefined> {
    this.#segment ??= this.#segments[0];
    while (this.#segment && this.#offset >= this.#segment.size) {
      const next = this.#segments[this.#segments.indexOf(this.#segment) + 1];
      if (!next) return undefined; // the newest segment: more may come
      await this.close();
      this.#segment = next;
      this.#offset = 0;
    }
    return this.#segment;
  }

  /** Reads into the reused buffer, or (reuse false, for rare large reads) into a new one. */
  async #read(segment: SegmentFile, position: number, length: number, reuse = true): Promise<Buffer> {
    this.#handle ??= await open(segment.path, 'r');
    if (reuse && this.#scratch.length < length) this.#scratch = Buffer.allocUnsafe(Math.max(length, READ_CHUNK_BYTES));
    const buf = reuse ? this.#scratch.subarray(0, length) : Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.#handle.read(buf, filled, length - filled, position + filled);
      if (bytesRead === 0) throw new Error(`spool segment ${segment.path} ends before its durable size ${segment.size}`);
      filled += bytesRead;
    }
    return buf;
  }

  /**
   * Bytes that were durable and checked, and no longer decode, mean the disk changed them: keep
   * them aside and resync to the next record that decodes, rather than block every later record.
   */
  async #skipDamaged(segment: SegmentFile, start: number, reason: string): Promise<Batch> {
    const rest = await this.#read(segment, start, segment.size - start, false);
    const next = nextRecord(rest, 1);
    const end = next === -1 ? rest.length : next;
    await writeFile(join(this.#dir, `corrupt-${segment.seq}-${start}.bin`), rest.subarray(0, end));
    this.#offset = start + end;
    return { segment, start, end: this.#offset, records: 0, points: pointsInDamagedRange(rest, 0, end), body: Buffer.alloc(0), skipped: reason };
  }
}

/**
 * The payloads one after the other with a line break between, copied out of the read buffer
 * (which the next read reuses while this batch may still be in flight). The bytes go to InfluxDB
 * as they are: no string to decode them into and encode back out of.
 */
function joinLines(payloads: readonly Buffer[]): Buffer {
  let bytes = Math.max(0, payloads.length - 1);
  for (const p of payloads) bytes += p.length;
  const body = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (let k = 0; k < payloads.length; k++) {
    if (k > 0) body[at++] = 0x0a;
    at += payloads[k]!.copy(body, at);
  }
  return body;
}
