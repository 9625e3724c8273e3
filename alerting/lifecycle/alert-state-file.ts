import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OutboxEntry } from '../delivery/outbox.ts';
import type { AlertRecord } from './alert-machine.ts';
import type { Silence } from './silences.ts';

/** Everything the alerting stage must remember across restarts, in one file. */
export interface AlertingState {
  version: 1;
  records: AlertRecord[];
  silences: Silence[];
  outbox: OutboxEntry[];
}

export const EMPTY_STATE: AlertingState = { version: 1, records: [], silences: [], outbox: [] };

export async function readAlertingState(path: string): Promise<AlertingState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY_STATE);
    throw e;
  }
  const state = JSON.parse(text) as AlertingState;
  if (state.version !== 1) throw new Error(`${path}: unknown alert state version ${String(state.version)}`);
  return state;
}

/** Written to a temporary file, fsync'd and renamed over the old one: a crash leaves the old or the new state, never half. */
export async function writeAlertingState(path: string, state: AlertingState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(JSON.stringify(state));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}
