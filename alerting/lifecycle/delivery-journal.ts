import { Ajv } from 'ajv';
import { open, readFile, rm, type FileHandle } from 'node:fs/promises';
import type { DeliveryProgress } from '../delivery/outbox.ts';
import { DELIVERY_PROGRESS_SCHEMA } from './alert-state-schema.ts';

export const journalPathOf = (statePath: string): string => `${statePath}.deliveries`;

const progressValid = new Ajv({ allErrors: false }).compile<DeliveryProgress>(DELIVERY_PROGRESS_SCHEMA);

/**
 * An append-only log of delivery attempts beside the alert state file. Each attempt is appended and
 * synced before the next message goes out, so a crash re-sends at most the message in flight; the
 * whole state file is written only when the alerts change (once per evaluation), which then empties
 * the journal. Saving the whole file per message instead costs the square of the messages queued:
 * minutes of a blocked event loop for the thousands of alerts a large fleet's first cycle raises.
 */
export class DeliveryJournal {
  readonly path: string;
  #handle: FileHandle | null = null;

  constructor(statePath: string) {
    this.path = journalPathOf(statePath);
  }

  /** One attempt's entries (a digest e-mail carries several), in one write and one sync. */
  async append(progress: readonly DeliveryProgress[]): Promise<void> {
    if (progress.length === 0) return;
    this.#handle ??= await open(this.path, 'a');
    await this.#handle.write(progress.map((p) => `${JSON.stringify(p)}\n`).join(''));
    await this.#handle.datasync();
  }

  /** The state file now holds everything the journal said. */
  async clear(): Promise<void> {
    await this.close();
    await rm(this.path, { force: true });
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = null;
  }
}

/**
 * The journal's lines, in order. A line that is not a progress record (the last one torn by a
 * crash mid-append) is skipped and named in `problems`.
 */
export async function readDeliveryJournal(statePath: string): Promise<{ progress: DeliveryProgress[]; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(journalPathOf(statePath), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { progress: [], problems: [] };
    throw new Error(`delivery journal ${journalPathOf(statePath)} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  const progress: DeliveryProgress[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return void problems.push(`line ${i + 1} is not JSON`);
    }
    if (progressValid(parsed)) progress.push(parsed);
    else problems.push(`line ${i + 1} is not a delivery record`);
  });
  return { progress, problems };
}

/**
 * Applies the journal to the state file's outbox. A line only moves an entry forward (more attempts,
 * or the same attempts and now closed): after a crash between writing the state file and emptying
 * the journal, its older lines must not reopen a delivered message. Lines of entries the state no
 * longer holds (pruned) are ignored.
 */
export function applyDeliveryProgress<E extends DeliveryProgress>(entries: E[], progress: readonly DeliveryProgress[]): E[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const p of progress) {
    const e = byId.get(p.id);
    if (!e) continue;
    const closes = e.deliveredMs === null && e.gaveUpMs === null && (p.deliveredMs !== null || p.gaveUpMs !== null);
    if (p.attempts > e.attempts || (p.attempts === e.attempts && closes)) Object.assign(e, p);
  }
  return entries;
}
