import { DeliveryFailure, type AlertNotification } from '../notifier.ts';
import type { AlertmanagerNotifier } from '../impl/alertmanager-notifier.ts';
import type { DeliveryTask } from './delivery-loop.ts';

interface Logger {
  warn(obj: object, msg: string): void;
}

export interface AlertmanagerSyncOptions {
  notifier: AlertmanagerNotifier;
  /** The alerts Alertmanager should hold now (firing ones, and resolved ones not yet told). */
  snapshot: (nowMs: number) => AlertNotification[];
  /** Called after a push went through, so resolved alerts are not sent forever. */
  onPushed: () => void;
  log: Logger;
  /** How often the state is re-sent, in milliseconds (Prometheus' resend delay). */
  resendMs?: number;
}

/**
 * Keeps a standalone Alertmanager's view of Runway's alerts current, on the delivery clock: at
 * once when the state changes, then every `resendMs`, with firing alerts ending four re-sends
 * ahead (as Prometheus sets endsAt), so they resolve by themselves if Runway stops.
 */
export class AlertmanagerSync implements DeliveryTask {
  readonly name = 'alertmanager';
  readonly #opts: Required<AlertmanagerSyncOptions>;
  #nextMs = 0;

  constructor(opts: AlertmanagerSyncOptions) {
    this.#opts = { resendMs: 60_000, ...opts };
  }

  /** The state changed: push at the next pass. */
  changed(): void {
    this.#nextMs = 0;
  }

  nextDueMs(): number {
    return this.#nextMs;
  }

  async run(nowMs: number): Promise<void> {
    const { notifier, snapshot, onPushed, log, resendMs } = this.#opts;
    try {
      await notifier.push(snapshot(nowMs), nowMs + 4 * resendMs);
      onPushed();
      this.#nextMs = nowMs + resendMs;
    } catch (e) {
      const retryAfterMs = e instanceof DeliveryFailure ? e.retryAfterMs : undefined;
      this.#nextMs = nowMs + Math.max(resendMs, retryAfterMs ?? 0);
      log.warn({ err: e, url: notifier.url }, 'Alertmanager push failed; the whole state is re-sent at the next try');
    }
  }
}
