import type { AlertNotification } from '../notifier.ts';
import { deliverOverHttp } from './http-delivery.ts';

export interface AlertmanagerOptions {
  /** Base URL of a standalone Prometheus Alertmanager, e.g. http://alertmanager:9093 */
  url: string;
  /** Timeout of one request, in milliseconds. */
  timeoutMs?: number;
}

/**
 * Pushes alerts to Alertmanager's API v2 (`POST /api/v2/alerts`, an array of postable alerts).
 * Alertmanager resolves an alert that is not re-sent before its endsAt, so firing alerts carry an
 * endsAt a few re-sends ahead and the delivery loop re-sends them (see AlertmanagerSync), as
 * Prometheus does. Grafana's built-in Alertmanager refuses pushes (501): this needs a standalone one.
 */
export class AlertmanagerNotifier {
  readonly name = 'alertmanager';
  readonly url: string;
  readonly #timeoutMs: number;

  constructor(opts: AlertmanagerOptions) {
    this.url = opts.url.replace(/\/+$/, '');
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** `firingEndsAtMs`: the endsAt of firing alerts, after which Alertmanager resolves them unless re-sent. */
  async push(alerts: readonly AlertNotification[], firingEndsAtMs: number): Promise<void> {
    if (alerts.length === 0) return;
    const body = alerts.map((a) => ({
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      endsAt: a.status === 'resolved' ? a.endsAt : new Date(firingEndsAtMs).toISOString(),
      generatorURL: '',
    }));
    await deliverOverHttp(`Alertmanager ${this.url}`, `${this.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: this.#timeoutMs });
  }
}
