import { open, stat, type FileHandle } from 'node:fs/promises';
import { deadLetterPath } from './spool-files.ts';

export type DeadLetterOutcome = 'kept' | 'dropped';

const LINE_BREAK = Buffer.from('\n');

/**
 * Batches InfluxDB refused for good (a field type conflict, a point beyond retention) so they no
 * longer block the spool, appended as line protocol after a `#` comment saying when and why:
 * once the cause is fixed, the file can be sent to /write as it is. The file is bounded; past
 * its limit a batch is dropped, and the caller counts and logs that.
 */
export class DeadLetterFile {
  readonly path: string;
  #bytes: number;
  readonly #maxBytes: number;
  #handle: FileHandle | null = null;

  private constructor(path: string, bytes: number, maxBytes: number) {
    this.path = path;
    this.#bytes = bytes;
    this.#maxBytes = maxBytes;
  }

  static async open(dir: string, maxBytes: number): Promise<DeadLetterFile> {
    const path = deadLetterPath(dir);
    const bytes = await stat(path).then((s) => s.size, () => 0);
    return new DeadLetterFile(path, bytes, maxBytes);
  }

  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Appends and fsyncs one batch of which InfluxDB refused `refused` points; this file is their
   * only copy from now on. Of a partial write the whole batch is kept (InfluxDB does not say which
   * points it refused): sending it again once the cause is fixed stores the others a second time,
   * which InfluxDB takes as the same points.
   */
  async add(body: Buffer, points: number, refused: number, reason: string): Promise<DeadLetterOutcome> {
    const what = refused === points ? `this batch of ${points} points` : `${refused} of the ${points} points of this batch (it stored the others)`;
    const header = `# ${new Date().toISOString()} InfluxDB refused ${what}: ${reason.replace(/\s+/g, ' ')}\n`;
    const entry = Buffer.concat([Buffer.from(header, 'utf8'), body, LINE_BREAK]);
    if (this.#bytes + entry.length > this.#maxBytes) return 'dropped';
    this.#handle ??= await open(this.path, 'a');
    await this.#handle.write(entry);
    await this.#handle.datasync();
    this.#bytes += entry.length;
    return 'kept';
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = null;
  }
}
