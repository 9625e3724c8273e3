import type { AlertNotification } from '../notifier.ts';

export interface OutboxEntry {
  /** Stable across restarts: the same transition, channel and recipient always get the same id. */
  id: string;
  channel: string;
  /** One phone number, address or URL of the channel: each recipient is delivered (and retried) on its own. */
  recipient: string;
  notification: AlertNotification;
  createdMs: number;
  attempts: number;
  nextAttemptMs: number;
  deliveredMs: number | null;
  /** Set when the entry was dropped (attempts ran out, refused for good, recipient gone): kept for the record, not retried. */
  gaveUpMs: number | null;
  lastError: string | null;
}

/** What one delivery attempt changes in an entry: all the delivery loop has to remember. */
export type DeliveryProgress = Pick<OutboxEntry, 'id' | 'attempts' | 'nextAttemptMs' | 'deliveredMs' | 'gaveUpMs' | 'lastError'>;

export interface OutboxLimits {
  maxEntries: number;
  maxAttempts: number;
  /** Delivered or abandoned entries are kept this long, so a replayed transition is recognised. */
  retainMs: number;
  /** Backoff after the first failure, in milliseconds; doubles per failure, with jitter. */
  baseDelayMs: number;
  /** Longest backoff, in milliseconds. */
  maxDelayMs: number;
}

/** Twelve attempts over about four hours: 15 s, 30 s, 1 min, … up to an hour apart. */
export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = { maxEntries: 10_000, maxAttempts: 12, retainMs: 7 * 86_400_000, baseDelayMs: 15_000, maxDelayMs: 3_600_000 };

export type DropReason = 'gave_up' | 'refused' | 'overflow' | 'unconfigured';

/** What the delivery metrics count as it happens. */
export interface OutboxObserver {
  delivered(channel: string): void;
  /** A failed attempt that will be tried again. */
  retried(channel: string): void;
  dropped(channel: string, reason: DropReason): void;
}

/** Why an attempt failed, and what the receiver said about trying again. */
export interface FailureInfo {
  error: string;
  permanent: boolean;
  retryAfterMs?: number | undefined;
}

/**
 * Notifications waiting for delivery, persisted with the alert state: enqueueing is idempotent by
 * id, so a restart never sends the same SMS twice, and a failed delivery is retried (at least once
 * delivery) after a growing, jittered delay, or the receiver's Retry-After when longer, until its
 * attempts run out.
 */
export class Outbox {
  readonly #entries: Map<string, OutboxEntry>;
  readonly #limits: OutboxLimits;
  readonly #observer: OutboxObserver | undefined;

  constructor(entries: readonly OutboxEntry[] = [], limits: Partial<OutboxLimits> = {}, observer?: OutboxObserver) {
    this.#entries = new Map(entries.map((e) => [e.id, { ...e }]));
    this.#limits = { ...DEFAULT_OUTBOX_LIMITS, ...limits };
    this.#observer = observer;
  }

  /** False when this id was enqueued before (delivered or not). */
  enqueue(entry: Pick<OutboxEntry, 'id' | 'channel' | 'recipient' | 'notification'>, nowMs: number): boolean {
    if (this.#entries.has(entry.id)) return false;
    if (this.#entries.size >= this.#limits.maxEntries) this.#dropOldest(nowMs);
    this.#entries.set(entry.id, { ...entry, createdMs: nowMs, attempts: 0, nextAttemptMs: nowMs, deliveredMs: null, gaveUpMs: null, lastError: null });
    return true;
  }

  due(nowMs: number): OutboxEntry[] {
    return this.#pending().filter((e) => e.nextAttemptMs <= nowMs).sort((a, b) => a.createdMs - b.createdMs || a.id.localeCompare(b.id));
  }

  /** When the earliest pending entry is due, in epoch ms; null when nothing waits. */
  nextDueMs(): number | null {
    let next: number | null = null;
    for (const e of this.#pending()) if (next === null || e.nextAttemptMs < next) next = e.nextAttemptMs;
    return next;
  }

  get(id: string): OutboxEntry | undefined {
    const e = this.#entries.get(id);
    return e && { ...e };
  }

  progress(id: string): DeliveryProgress | undefined {
    const e = this.#entries.get(id);
    return e && { id, attempts: e.attempts, nextAttemptMs: e.nextAttemptMs, deliveredMs: e.deliveredMs, gaveUpMs: e.gaveUpMs, lastError: e.lastError };
  }

  markDelivered(id: string, nowMs: number): void {
    const e = this.#entries.get(id);
    if (!e) return;
    Object.assign(e, { deliveredMs: nowMs, attempts: e.attempts + 1, lastError: null });
    this.#observer?.delivered(e.channel);
  }

  /** `jitter` in [0, 1): the entries of one failed message share it, so they are retried together. */
  markFailed(id: string, failure: FailureInfo, nowMs: number, jitter = Math.random()): void {
    const e = this.#entries.get(id);
    if (!e) return;
    e.attempts += 1;
    e.lastError = failure.error;
    if (failure.permanent) return this.#giveUp(e, 'refused', nowMs);
    if (e.attempts >= this.#limits.maxAttempts) return this.#giveUp(e, 'gave_up', nowMs);
    const { baseDelayMs, maxDelayMs } = this.#limits;
    const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (e.attempts - 1)) * (0.5 + jitter / 2);
    e.nextAttemptMs = nowMs + Math.round(Math.max(backoff, failure.retryAfterMs ?? 0));
    this.#observer?.retried(e.channel);
  }

  /** The channel or recipient is no longer configured: nobody left to deliver this to. */
  markUnconfigured(id: string, nowMs: number): void {
    const e = this.#entries.get(id);
    if (e) this.#giveUp(Object.assign(e, { lastError: `${e.channel} recipient ${e.recipient} is no longer configured` }), 'unconfigured', nowMs);
  }

  prune(nowMs: number): void {
    for (const [id, e] of this.#entries) {
      const closed = e.deliveredMs ?? e.gaveUpMs;
      if (closed !== null && nowMs - closed > this.#limits.retainMs) this.#entries.delete(id);
    }
  }

  entries(): OutboxEntry[] {
    return [...this.#entries.values()].map((e) => ({ ...e }));
  }

  /** Entries waiting for delivery, by channel (the outbox depth). */
  depth(): Map<string, number> {
    const out = new Map<string, number>();
    for (const e of this.#pending()) out.set(e.channel, (out.get(e.channel) ?? 0) + 1);
    return out;
  }

  stats(): { pending: number; delivered: number; gaveUp: number } {
    const all = [...this.#entries.values()];
    return { pending: this.#pending().length, delivered: all.filter((e) => e.deliveredMs !== null).length, gaveUp: all.filter((e) => e.gaveUpMs !== null).length };
  }

  #pending(): OutboxEntry[] {
    return [...this.#entries.values()].filter((e) => e.deliveredMs === null && e.gaveUpMs === null);
  }

  #giveUp(e: OutboxEntry, reason: DropReason, nowMs: number): void {
    e.gaveUpMs = nowMs;
    this.#observer?.dropped(e.channel, reason);
  }

  /** The bound is reached: forget the oldest closed entry, or else the oldest pending one (counted as dropped). */
  #dropOldest(nowMs: number): void {
    let oldest: OutboxEntry | undefined;
    let oldestClosed: OutboxEntry | undefined;
    for (const e of this.#entries.values()) {
      if (!oldest || e.createdMs < oldest.createdMs) oldest = e;
      if ((e.deliveredMs !== null || e.gaveUpMs !== null) && (!oldestClosed || e.createdMs < oldestClosed.createdMs)) oldestClosed = e;
    }
    const victim = oldestClosed ?? oldest;
    if (!victim) return;
    if (victim.deliveredMs === null && victim.gaveUpMs === null) this.#giveUp(victim, 'overflow', nowMs);
    this.#entries.delete(victim.id);
  }
}
