import { Ajv, type ValidateFunction } from 'ajv';
import { copyFile, readFile, rename } from 'node:fs/promises';
import { writeFileAtomically } from '../../core/impl/atomic-file.ts';
import { jsonInParts } from '../../core/impl/json-parts.ts';
import type { OutboxEntry } from '../delivery/outbox.ts';
import type { AlertRecord } from './alert-machine.ts';
import { ALERT_RECORD_SCHEMA, OUTBOX_ENTRY_SCHEMA, SILENCE_SCHEMA, STATE_FRAME_SCHEMA } from './alert-state-schema.ts';
import { applyDeliveryProgress, journalPathOf, readDeliveryJournal } from './delivery-journal.ts';
import type { Silence } from './silences.ts';

/** An outbox entry as stored; files of version 1 name no recipient. */
export type StoredOutboxEntry = Omit<OutboxEntry, 'recipient'> & { recipient?: string };

/** Everything the alerting stage must remember across restarts, in one file. */
export interface AlertingState {
  /** 2: one outbox entry per recipient. 1 is still read. */
  version: 1 | 2;
  records: AlertRecord[];
  silences: Silence[];
  outbox: StoredOutboxEntry[];
}

export const EMPTY_STATE: AlertingState = { version: 2, records: [], silences: [], outbox: [] };

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const ajv = new Ajv({ allErrors: false });
const frameValid = ajv.compile(STATE_FRAME_SCHEMA);
const recordValid = ajv.compile<AlertRecord>(ALERT_RECORD_SCHEMA);
const silenceValid = ajv.compile<Silence>(SILENCE_SCHEMA);
const entryValid = ajv.compile<StoredOutboxEntry>(OUTBOX_ENTRY_SCHEMA);

export interface LoadOptions {
  nowMs?: number;
  /** Report damage but touch nothing: for commands that read the file while `runway serve` owns it. */
  readOnly?: boolean;
}

/**
 * Reads the state file, checked against its schema. A file that is not JSON or not a state at all
 * (truncated, overwritten) is moved aside as `<file>.damaged-<time>`, and Runway starts empty. A
 * file with some bad records keeps its good ones; a copy of the original is kept aside the same
 * way. Either way the log names the file, the damage and what Runway starts with. The delivery
 * journal beside it (`<file>.deliveries`) is applied on top: the attempts made since the file was
 * written.
 */
export async function loadAlertingState(path: string, log: Logger, opts: LoadOptions = {}): Promise<AlertingState> {
  const nowMs = opts.nowMs ?? Date.now();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY_STATE);
    throw new Error(`alert state file ${path} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  const aside = `${path}.damaged-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    if (opts.readOnly) throw new Error(`alert state file ${path} is not valid JSON (truncated?): ${(e as Error).message}`, { cause: e });
    await rename(path, aside);
    log.error({ file: path, movedTo: aside, reason: (e as Error).message }, `alert state file ${path} is not valid JSON (truncated?); moved to ${aside}. Starting with no alerts, silences or pending deliveries`);
    return structuredClone(EMPTY_STATE);
  }
  if (!frameValid(parsed)) {
    if (opts.readOnly) throw new Error(`alert state file ${path} is not an alert state: ${ajv.errorsText(frameValid.errors)}`);
    await rename(path, aside);
    log.error({ file: path, movedTo: aside, reason: ajv.errorsText(frameValid.errors) }, `alert state file ${path} is not an alert state (${ajv.errorsText(frameValid.errors)}); moved to ${aside}. Starting with no alerts, silences or pending deliveries`);
    return structuredClone(EMPTY_STATE);
  }
  const frame = parsed as { version: 1 | 2; records: unknown[]; silences: unknown[]; outbox: unknown[] };
  const problems: string[] = [];
  const state: AlertingState = {
    version: frame.version,
    records: keepValid(frame.records, recordValid, 'records', problems),
    silences: keepValid(frame.silences, silenceValid, 'silences', problems),
    outbox: keepValid(frame.outbox, entryValid, 'outbox', problems).map(withoutInternalAnnotations),
  };
  const journal = await readDeliveryJournal(path);
  applyDeliveryProgress(state.outbox, journal.progress);
  if (journal.problems.length > 0) {
    // A crash mid-append tears the last line; that attempt is then made again, which is at-least-once.
    log.warn({ file: journalPathOf(path), skipped: journal.problems }, `delivery journal ${journalPathOf(path)}: ${journal.problems.length} line(s) skipped (${journal.problems.slice(0, 3).join('; ')})`);
  }
  const startsWith = `${state.records.length} alert(s), ${state.silences.length} silence(s), ${state.outbox.filter((e) => e.deliveredMs === null && e.gaveUpMs === null).length} pending deliver(ies)`;
  if (problems.length > 0 && opts.readOnly) {
    log.warn({ file: path, dropped: problems }, `alert state file ${path} has ${problems.length} damaged record(s), left out: ${problems.slice(0, 3).join('; ')}`);
  } else if (problems.length > 0) {
    await copyFile(path, aside);
    log.error({ file: path, copiedTo: aside, dropped: problems }, `alert state file ${path} has ${problems.length} damaged record(s), left out (the original is kept as ${aside}): ${problems.slice(0, 3).join('; ')}. Starting with ${startsWith}`);
  } else {
    log.info({ file: path }, `alert state read from ${path}: ${startsWith}`);
  }
  return state;
}

function keepValid<T>(items: unknown[], valid: ValidateFunction<T>, list: string, problems: string[]): T[] {
  const out: T[] = [];
  items.forEach((item, i) => {
    if (valid(item)) out.push(item);
    else problems.push((valid.errors ?? []).map((e) => `${list}[${i}]${e.instancePath.replace(/\//g, '.')} ${e.message ?? 'is invalid'}`).join(', '));
  });
  return out;
}

/** Files of version 1 carried a `transition` annotation; Alertmanager receivers must not see it. */
function withoutInternalAnnotations(e: StoredOutboxEntry): StoredOutboxEntry {
  const { summary, remediation } = e.notification.annotations;
  return { ...e, notification: { ...e.notification, annotations: { summary, remediation } } };
}

/**
 * Written to a temporary file, fsync'd and renamed over the old one: a crash leaves the old or the
 * new state, never half. Written record by record, so a fleet's alerts do not hold the event loop.
 */
export function writeAlertingState(path: string, state: AlertingState): Promise<void> {
  return writeFileAtomically(path, jsonInParts({ ...state }));
}
