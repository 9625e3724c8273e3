import { DeliveryFailure, type AlertNotification, type Notifier } from '../notifier.ts';
import type { FailureInfo, Outbox, OutboxEntry } from './outbox.ts';

export interface DispatchResult {
  delivered: { channel: string; recipient: string; notification: AlertNotification }[];
  failed: { channel: string; recipient: string; id: string; error: string }[];
}

/**
 * Sends what the outbox holds and is due, one entry (one recipient) at a time per channel and the
 * channels side by side, so a slow SMS gateway holds up no e-mail. Each attempt is recorded
 * (`recordAttempt`, durably) before the channel's next one, so a crash re-sends at most the messages
 * in flight (at least once, never twice on purpose). An entry whose channel or recipient is no
 * longer configured is dropped, counted.
 */
export async function dispatch(outbox: Outbox, notifiers: ReadonlyMap<string, Notifier>, recordAttempt: (id: string) => Promise<void>, now: () => number): Promise<DispatchResult> {
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
      for (const entry of entries) {
        await attempt(entry, notifier, outbox, now, result);
        await recordAttempt(entry.id);
      }
    }),
  );
  return result;
}

async function attempt(entry: OutboxEntry, notifier: Notifier | undefined, outbox: Outbox, now: () => number, result: DispatchResult): Promise<void> {
  if (!notifier || !notifier.recipients.includes(entry.recipient)) return outbox.markUnconfigured(entry.id, now());
  try {
    await notifier.send([entry.notification], entry.recipient);
    outbox.markDelivered(entry.id, now());
    result.delivered.push({ channel: entry.channel, recipient: entry.recipient, notification: entry.notification });
  } catch (e) {
    const failure = failureOf(e);
    outbox.markFailed(entry.id, failure, now());
    result.failed.push({ channel: entry.channel, recipient: entry.recipient, id: entry.id, error: failure.error });
  }
}

/** A notifier's error as the outbox weighs it; anything but a DeliveryFailure is worth another try. */
function failureOf(e: unknown): FailureInfo {
  const error = e instanceof Error ? e.message : String(e);
  return e instanceof DeliveryFailure ? { error, permanent: e.permanent, retryAfterMs: e.retryAfterMs } : { error, permanent: false };
}
