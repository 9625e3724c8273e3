import type { AlertNotification, Notifier } from '../notifier.ts';
import type { Outbox } from './outbox.ts';

export interface DispatchResult {
  delivered: { channel: string; notification: AlertNotification }[];
  failed: { channel: string; id: string; error: string }[];
}

/**
 * Sends what the outbox holds, one notification at a time, persisting after each delivery so a
 * crash re-sends at most the one notification in flight (at least once, never twice on purpose).
 */
export async function dispatch(outbox: Outbox, notifiers: ReadonlyMap<string, Notifier>, persist: () => Promise<void>, nowMs: () => number = Date.now): Promise<DispatchResult> {
  const result: DispatchResult = { delivered: [], failed: [] };
  for (const entry of outbox.due(nowMs())) {
    const notifier = notifiers.get(entry.channel);
    if (!notifier) continue;
    try {
      await notifier.send([entry.notification]);
      outbox.markDelivered(entry.id, nowMs());
      result.delivered.push({ channel: entry.channel, notification: entry.notification });
    } catch (e) {
      outbox.markFailed(entry.id, (e as Error).message, nowMs());
      result.failed.push({ channel: entry.channel, id: entry.id, error: (e as Error).message });
    }
    await persist();
  }
  return result;
}
