/** Time as the delivery loop sees it; tests substitute a clock they move by hand. */
export interface DeliveryClock {
  now(): number;
  /** Calls `fn` after `ms` milliseconds; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const SYSTEM_CLOCK: DeliveryClock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref(); // the service's listener keeps the process alive, not a pending retry
    return () => clearTimeout(timer);
  },
};

/** Work on the delivery clock: draining the outbox, re-sending the state to Alertmanager. */
export interface DeliveryTask {
  readonly name: string;
  /** When it next has work, in epoch ms; null when it has none. */
  nextDueMs(): number | null;
  run(nowMs: number): Promise<void>;
}

interface Logger {
  error(obj: object, msg: string): void;
}

export interface DeliveryLoopOptions {
  tasks: readonly DeliveryTask[];
  log: Logger;
  clock?: DeliveryClock;
  /** Longest sleep, in milliseconds: a safety net should the wall clock jump. */
  maxSleepMs?: number;
}

/**
 * The delivery clock (DESIGN.md convention 11, as Prometheus keeps rule evaluation and its
 * notifier's send loop apart): it sleeps until the earliest moment a task has work, so a retry
 * happens when its backoff says, whatever the forecast interval; a new alert wakes it at once;
 * a slow SMS gateway delays only other deliveries, never a forecast.
 */
export class DeliveryLoop {
  readonly #tasks: readonly DeliveryTask[];
  readonly #log: Logger;
  readonly #clock: DeliveryClock;
  readonly #maxSleepMs: number;
  #cancelTimer: (() => void) | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = true;

  constructor(opts: DeliveryLoopOptions) {
    this.#tasks = opts.tasks;
    this.#log = opts.log;
    this.#clock = opts.clock ?? SYSTEM_CLOCK;
    this.#maxSleepMs = opts.maxSleepMs ?? 60_000;
  }

  get running(): boolean {
    return !this.#stopped;
  }

  start(): void {
    this.#stopped = false;
    this.wake();
  }

  /** Something new to deliver: run now, or right after the pass in progress. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    this.#running = this.#passes().finally(() => {
      this.#running = null;
      this.#arm();
    });
  }

  /** Stops the clock; the delivery in flight finishes (and is persisted) first. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    await this.settled();
  }

  /** Resolves once no pass is running (a pass asked for meanwhile included). */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #passes(): Promise<void> {
    do {
      this.#again = false;
      for (const task of this.#tasks) {
        const due = task.nextDueMs();
        if (due === null || due > this.#clock.now()) continue;
        try {
          await task.run(this.#clock.now());
        } catch (e) {
          this.#log.error({ err: e, task: task.name }, 'delivery task failed; it will be tried again');
        }
      }
    } while (this.#again && !this.#stopped);
  }

  #arm(): void {
    if (this.#stopped) return;
    const now = this.#clock.now();
    const next = this.#tasks.map((t) => t.nextDueMs()).reduce<number | null>((a, b) => (b === null ? a : a === null ? b : Math.min(a, b)), null);
    // Overdue after a pass means a task could not make progress: wait a second instead of spinning.
    const delay = next === null ? this.#maxSleepMs : next > now ? Math.min(next - now, this.#maxSleepMs) : 1000;
    this.#cancelTimer = this.#clock.after(delay, () => this.wake());
  }
}
