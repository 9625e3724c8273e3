import type { AlertNotification, Notifier } from '../notifier.ts';
import { DEFAULT_RETRY, retryAfterMs, withRetries, type AttemptOutcome, type RetryPolicy } from './retry.ts';

export interface WebhookNotifierOptions {
  url: string;
  /** Name reported as `receiver` in the payload. */
  receiver?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/**
 * Posts alerts in Alertmanager's webhook payload (version "4"), the shape SMS bridges and
 * chat relays already understand. Retries 5xx, 429 and network errors (bounded, honouring
 * Retry-After); any other 4xx means the receiver refuses this payload, so it is not retried.
 */
export class WebhookNotifier implements Notifier {
  readonly name = 'webhook';
  readonly #opts: Required<Omit<WebhookNotifierOptions, 'retry'>>;
  readonly #retry: RetryPolicy;

  constructor(opts: WebhookNotifierOptions) {
    const { retry, ...rest } = opts;
    this.#opts = { receiver: 'runway', timeoutMs: 10_000, ...rest };
    this.#retry = { ...DEFAULT_RETRY, ...retry };
  }

  async send(alerts: readonly AlertNotification[]): Promise<void> {
    if (alerts.length === 0) return;
    const body = JSON.stringify(webhookPayload(alerts, this.#opts.receiver));
    const result = await withRetries(async (): Promise<AttemptOutcome> => {
      const res = await fetch(this.#opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.#opts.timeoutMs),
      });
      if (res.ok) return { ok: true };
      const retryAfter = retryAfterMs(res.headers.get('retry-after'));
      return { ok: false, error: `HTTP ${res.status}`, permanent: res.status < 500 && res.status !== 429, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) };
    }, this.#retry);
    if (!result.ok) throw new Error(`webhook ${this.#opts.url} did not accept ${alerts.length} alert(s): ${result.lastError}`);
  }
}

export function webhookPayload(alerts: readonly AlertNotification[], receiver: string) {
  const status = alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved';
  const common = (key: 'labels') => {
    const first = alerts[0]?.[key] ?? {};
    return Object.fromEntries(Object.entries(first).filter(([k, v]) => alerts.every((a) => a[key][k] === v)));
  };
  return {
    version: '4',
    groupKey: `{}:{receiver="${receiver}"}`,
    truncatedAlerts: 0,
    status,
    receiver,
    groupLabels: {},
    commonLabels: common('labels'),
    commonAnnotations: {},
    externalURL: '',
    alerts: alerts.map((a) => ({ ...a, annotations: { ...a.annotations }, generatorURL: '' })),
  };
}

