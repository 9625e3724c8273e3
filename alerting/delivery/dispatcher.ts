import { DeliveryFailure, type AlertNotification, type Notifier } from '../notifier.ts';
import type { FailureInfo, Outbox, OutboxEntry } from './outbox.ts';

export interface DispatchResult {
  delivered: { channel: string; recipient: string; notification: AlertNotification }[];
  failed: { channel: string; recipient: string; id: string; error: string }[];
}

/**
 * Sends what the outbox holds and is due, one message at a time per channel and the channels side
 * by side, so a slow SMS gateway holds up no e-mail. A message goes to one recipient and carries up
 * to the channel's batch size of its entries (a digest e-mail), oldest first. Each attempt is
 * recorded (`recordAttempts`, durably) before the channel's next one, so a crash re-sends at most
 * the messages in flight (at least once, never twice on purpose). An entry whose channel or
 * recipient is no longer configured is dropped, counted.
 */
export async function dispatch(outbox: Outbox, notifiers: ReadonlyMap<string, Notifier>, recordAttempts: (ids: string[]) => Promise<void>, now: () => number): Promise<DispatchResult> {
  const result: DispatchResult = { delivered: [], failed: [] };
  const byChannel = new Map<string, OutboxEntry[]>();
  for (const entry of outbox.due(now())) {
    const entries = byChannel.get(entry.channel);
    if (entries) entries.push(entry);
    else byChannel.set(entry.channel, [entry]);
  }
  await Promise.all(
    [...byChannel].map(async ([channel, entries]) => {
      const notifier = notifiers.get(channel);
      for (const batch of messages(entries, notifier?.batchSize ?? 1)) {
        await attempt(batch, notifier, outbox, now, result);
        await recordAttempts(batch.map((e) => e.id));
      }
    }),
  );
  return result;
}

/** A channel's due entries as messages: per recipient, in order, at most `size` entries each. */
function messages(entries: readonly OutboxEntry[], size: number): OutboxEntry[][] {
  const byRecipient = new Map<string, OutboxEntry[][]>();
  const out: OutboxEntry[][] = [];
  for (const entry of entries) {
    const batches = byRecipient.get(entry.recipient) ?? [];
    byRecipient.set(entry.recipient, batches);
    const last = batches.at(-1);
    if (last && last.length < Math.max(1, size)) last.push(entry);
    else {
      const batch = [entry];
      batches.push(batch);
      out.push(batch);
    }
  }
  return out;
}

async function attempt(batch: readonly OutboxEntry[], notifier: Notifier | undefined, outbox: Outbox, now: () => number, result: DispatchResult): Promise<void> {
  const { channel, recipient } = batch[0]!;
  if (!notifier || !notifier.recipients.includes(recipient)) {
    for (const entry of batch) outbox.markUnconfigured(entry.id, now());
    return;
  }
  try {
    await notifier.send(batch.map((e) => e.notification), recipient);
    for (const entry of batch) {
      outbox.markDelivered(entry.id, now());
      result.delivered.push({ channel, recipient, notification: entry.notification });
    }
  } catch (e) {
    const failure = failureOf(e);
    const jitter = Math.random();
    for (const entry of batch) {
      outbox.markFailed(entry.id, failure, now(), jitter);
      result.failed.push({ channel, recipient, id: entry.id, error: failure.error });
    }
  }
}

/** A notifier's error as the outbox weighs it; anything but a DeliveryFailure is worth another try. */
function failureOf(e: unknown): FailureInfo {
  const error = e instanceof Error ? e.message : String(e);
  return e instanceof DeliveryFailure ? { error, permanent: e.permanent, retryAfterMs: e.retryAfterMs } : { error, permanent: false };
}
