import type { DeliveryClock } from './delivery-loop.ts';

/**
 * A delivery clock for tests, moved by hand: it records the wake-ups the loop asks for, so a test
 * can read when a retry is due and then jump there, without waiting and without timing anything.
 */
export class ManualClock implements DeliveryClock {
  nowMs: number;
  readonly #timers = new Set<{ atMs: number; fn: () => void }>();

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { atMs: this.nowMs + ms, fn };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  /** The earliest wake-up asked for, in epoch ms; undefined when none is pending. */
  nextWakeMs(): number | undefined {
    const times = [...this.#timers].map((t) => t.atMs);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** Moves time to the earliest wake-up and fires it; returns the new time. */
  advanceToNextWake(): number {
    const next = [...this.#timers].sort((a, b) => a.atMs - b.atMs)[0];
    if (!next) throw new Error('no wake-up is pending');
    this.#timers.delete(next);
    this.nowMs = next.atMs;
    next.fn();
    return this.nowMs;
  }
}
