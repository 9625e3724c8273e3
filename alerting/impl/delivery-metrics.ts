import { Counter, Gauge, type Registry } from 'prom-client';
import type { DropReason, OutboxObserver } from '../delivery/outbox.ts';

/**
 * The delivery loop as Prometheus sees it, in the service's registry (served on /metrics): how
 * many messages wait, and how many went out, were retried or were dropped, by channel.
 */
export class DeliveryMetrics implements OutboxObserver {
  readonly #delivered: Counter<'channel'>;
  readonly #retried: Counter<'channel'>;
  readonly #dropped: Counter<'channel' | 'reason'>;

  /** `depth`: entries waiting per channel, read at every scrape. */
  constructor(registry: Registry, depth: () => ReadonlyMap<string, number>) {
    this.#delivered = new Counter({ name: 'runway_alert_deliveries_total', help: 'Alert messages delivered, one per recipient.', labelNames: ['channel'], registers: [registry] });
    this.#retried = new Counter({ name: 'runway_alert_delivery_retries_total', help: 'Failed delivery attempts that will be tried again after their backoff.', labelNames: ['channel'], registers: [registry] });
    this.#dropped = new Counter({
      name: 'runway_alert_delivery_drops_total',
      help: 'Alert messages given up: attempts ran out (gave_up), refused for good (refused), outbox full (overflow), recipient no longer configured (unconfigured).',
      labelNames: ['channel', 'reason'],
      registers: [registry],
    });
    new Gauge({
      name: 'runway_alert_outbox_depth',
      help: 'Alert messages waiting in the outbox for delivery or a retry.',
      labelNames: ['channel'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [channel, n] of depth()) this.set({ channel }, n);
      },
    });
  }

  delivered(channel: string): void {
    this.#delivered.inc({ channel });
  }

  retried(channel: string): void {
    this.#retried.inc({ channel });
  }

  dropped(channel: string, reason: DropReason): void {
    this.#dropped.inc({ channel, reason });
  }
}
