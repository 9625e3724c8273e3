import type { AlertNotification, Notifier } from '../notifier.ts';

export interface AlertmanagerOptions {
  /** Base URL of a standalone Prometheus Alertmanager, e.g. http://alertmanager:9093 */
  url: string;
  timeoutMs?: number;
  /** How long a firing alert stays firing in Alertmanager without being re-sent. */
  resendWindowMs?: number;
}

/**
 * Pushes alerts to Alertmanager's API v2 (`POST /api/v2/alerts`, an array of postable alerts).
 * Alertmanager resolves an alert that is not re-sent before its endsAt, so firing alerts carry an
 * endsAt some cycles ahead and the caller re-sends them every cycle (see syncAlertmanager).
 * Grafana's built-in Alertmanager refuses pushes (501): this needs a standalone one.
 */
export class AlertmanagerNotifier implements Notifier {
  readonly name = 'alertmanager';
  readonly #opts: Required<AlertmanagerOptions>;

  constructor(opts: AlertmanagerOptions) {
    this.#opts = { timeoutMs: 10_000, resendWindowMs: 3 * 3_600_000, ...opts, url: opts.url.replace(/\/+$/, '') };
  }

  async send(alerts: readonly AlertNotification[], nowMs: number = Date.now()): Promise<void> {
    if (alerts.length === 0) return;
    const body = alerts.map((a) => ({
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      endsAt: a.status === 'resolved' ? a.endsAt : new Date(nowMs + this.#opts.resendWindowMs).toISOString(),
      generatorURL: '',
    }));
    const res = await fetch(`${this.#opts.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.#opts.timeoutMs),
    });
    if (!res.ok) throw new Error(`Alertmanager ${this.#opts.url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
}
