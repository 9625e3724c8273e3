import { open, type FileHandle } from 'node:fs/promises';
import { fsyncDir, segmentPath, type SegmentFile } from './spool-files.ts';

/**
 * Appends group commits to the newest segment and makes each durable (write, then fdatasync)
 * before it counts: only then does the segment's `size` grow, so replay never reads what a
 * crash could still take away. A new segment starts once the newest reaches `segmentBytes`,
 * so replayed segments can be deleted whole.
 */
export class SegmentAppender {
  readonly #dir: string;
  /** Shared with the replayer, oldest first; the last one is the one written to. */
  readonly #segments: SegmentFile[];
  readonly #segmentBytes: number;
  #handle: FileHandle | null = null;
  /** Set when a failed append could not be undone: appending after unknown bytes would hide later records. */
  #broken: Error | null = null;

  /** Number of the first segment to create when there is none (the replay cursor's). */
  readonly #firstSeq: number;
  /** Whether replay is past a segment's end: then it takes no more, so that it can be deleted. */
  readonly #replayed: (segment: SegmentFile) => boolean;

  constructor(dir: string, segments: SegmentFile[], segmentBytes: number, firstSeq: number, replayed: (segment: SegmentFile) => boolean) {
    this.#dir = dir;
    this.#firstSeq = firstSeq;
    this.#replayed = replayed;
    this.#segments = segments;
    this.#segmentBytes = segmentBytes;
  }

  /** Writes `data` (whole records) at the end of the newest segment in one writev, then fsyncs it. */
  async append(data: readonly Buffer[], bytes: number): Promise<void> {
    if (this.#broken) throw this.#broken;
    const { segment, handle } = await this.#target();
    try {
      const { bytesWritten } = await handle.writev(data, segment.size);
      if (bytesWritten !== bytes) throw new Error(`short write: ${bytesWritten} of ${bytes} bytes`);
      await handle.datasync();
    } catch (e) {
      await this.#undo(segment, handle, e as Error);
      throw e;
    }
    segment.size += bytes;
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = null;
  }

  async #target(): Promise<{ segment: SegmentFile; handle: FileHandle }> {
    const newest = this.#segments.at(-1);
    if (newest && newest.size < this.#segmentBytes && !(newest.size > 0 && this.#replayed(newest))) {
      this.#handle ??= await open(newest.path, 'r+');
      return { segment: newest, handle: this.#handle };
    }
    await this.close();
    const seq = newest ? newest.seq + 1 : this.#firstSeq;
    const segment: SegmentFile = { seq, path: segmentPath(this.#dir, seq), size: 0 };
    this.#handle = await open(segment.path, 'wx');
    await fsyncDir(this.#dir); // the new file's name must survive a power loss as much as its bytes
    this.#segments.push(segment);
    return { segment, handle: this.#handle };
  }

  /** Cuts the segment back to its last durable size after a failed write or fsync. */
  async #undo(segment: SegmentFile, handle: FileHandle, cause: Error): Promise<void> {
    try {
      await handle.truncate(segment.size);
      await handle.datasync();
    } catch (e) {
      this.#broken = new Error(`spool segment ${segment.path} is in an unknown state after "${cause.message}" (${(e as Error).message}); restart Runway to recover it`);
    }
  }
}
