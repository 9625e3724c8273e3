import type { AlertNotification } from '../notifier.ts';

export interface OutboxEntry {
  /** Stable across restarts: the same transition on the same channel always gets the same id. */
  id: string;
  channel: string;
  notification: AlertNotification;
  createdMs: number;
  attempts: number;
  nextAttemptMs: number;
  deliveredMs: number | null;
  /** Set when attempts ran out: kept for the record, not retried. */
  gaveUpMs: number | null;
  lastError: string | null;
}

export interface OutboxLimits {
  maxEntries: number;
  maxAttempts: number;
  /** Delivered or abandoned entries are kept this long, so a replayed transition is recognised. */
  retainMs: number;
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = { maxEntries: 10_000, maxAttempts: 12, retainMs: 7 * 86_400_000 };

/**
 * Notifications waiting for delivery, persisted with the alert state: enqueueing is idempotent by
 * id, so a restart never sends the same SMS twice, and a failed delivery is retried (at least once
 * delivery) with a growing, jittered delay until its attempts run out.
 */
export class Outbox {
  readonly #entries: Map<string, OutboxEntry>;
  #dropped = 0;

  private readonly limits: OutboxLimits;
  constructor(entries: readonly OutboxEntry[] = [], limits: OutboxLimits = DEFAULT_OUTBOX_LIMITS) {
    this.limits = limits;
    this.#entries = new Map(entries.map((e) => [e.id, { ...e }]));
  }

  /** False when this id was enqueued before (delivered or not). */
  enqueue(id: string, channel: string, notification: AlertNotification, nowMs: number): boolean {
    if (this.#entries.has(id)) return false;
    if (this.#entries.size >= this.limits.maxEntries) this.#dropOldest();
    this.#entries.set(id, { id, channel, notification, createdMs: nowMs, attempts: 0, nextAttemptMs: nowMs, deliveredMs: null, gaveUpMs: null, lastError: null });
    return true;
  }

  due(nowMs: number): OutboxEntry[] {
    return [...this.#entries.values()].filter((e) => e.deliveredMs === null && e.gaveUpMs === null && e.nextAttemptMs <= nowMs).sort((a, b) => a.createdMs - b.createdMs);
  }

  markDelivered(id: string, nowMs: number): void {
    const e = this.#entries.get(id);
    if (e) Object.assign(e, { deliveredMs: nowMs, attempts: e.attempts + 1, lastError: null });
  }

  markFailed(id: string, error: string, nowMs: number): void {
    const e = this.#entries.get(id);
    if (!e) return;
    e.attempts += 1;
    e.lastError = error;
    if (e.attempts >= this.limits.maxAttempts) e.gaveUpMs = nowMs;
    else e.nextAttemptMs = nowMs + Math.min(3_600_000, 15_000 * 2 ** (e.attempts - 1)) * (0.5 + Math.random() / 2);
  }

  prune(nowMs: number): void {
    for (const [id, e] of this.#entries) {
      const closed = e.deliveredMs ?? e.gaveUpMs;
      if (closed !== null && nowMs - closed > this.limits.retainMs) this.#entries.delete(id);
    }
  }

  entries(): OutboxEntry[] {
    return [...this.#entries.values()].map((e) => ({ ...e }));
  }

  stats(): { pending: number; delivered: number; gaveUp: number; dropped: number } {
    const all = [...this.#entries.values()];
    const pending = all.filter((e) => e.deliveredMs === null && e.gaveUpMs === null).length;
    return { pending, delivered: all.filter((e) => e.deliveredMs !== null).length, gaveUp: all.filter((e) => e.gaveUpMs !== null).length, dropped: this.#dropped };
  }

  /** The bound is reached: forget the oldest closed entry, or else the oldest pending one (counted). */
  #dropOldest(): void {
    const byAge = [...this.#entries.values()].sort((a, b) => a.createdMs - b.createdMs);
    const victim = byAge.find((e) => e.deliveredMs !== null || e.gaveUpMs !== null) ?? byAge[0];
    if (!victim) return;
    if (victim.deliveredMs === null && victim.gaveUpMs === null) this.#dropped++;
    this.#entries.delete(victim.id);
  }
}
