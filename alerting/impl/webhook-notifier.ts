import type { AlertNotification, Notifier } from '../notifier.ts';

export interface WebhookNotifierOptions {
  url: string;
  /** Name reported as `receiver` in the payload. */
  receiver?: string;
  timeoutMs?: number;
  /** Attempts per delivery, and the deadline for all of them together. */
  maxAttempts?: number;
  deadlineMs?: number;
}

/**
 * Posts alerts in Alertmanager's webhook payload (version "4"), the shape SMS bridges and
 * chat relays already understand. Retries 5xx and network errors with jittered backoff,
 * bounded in count and time, honouring Retry-After.
 */
export class WebhookNotifier implements Notifier {
  readonly name = 'webhook';
  readonly #opts: Required<WebhookNotifierOptions>;

  constructor(opts: WebhookNotifierOptions) {
    this.#opts = { receiver: 'runway', timeoutMs: 10_000, maxAttempts: 5, deadlineMs: 60_000, ...opts };
  }

  async send(alerts: readonly AlertNotification[]): Promise<void> {
    if (alerts.length === 0) return;
    const body = JSON.stringify(webhookPayload(alerts, this.#opts.receiver));
    const deadline = Date.now() + this.#opts.deadlineMs;
    let lastError = '';
    for (let attempt = 1; attempt <= this.#opts.maxAttempts && Date.now() < deadline; attempt++) {
      let waitMs = Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      try {
        const res = await fetch(this.#opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.#opts.timeoutMs),
        });
        if (res.ok) return;
        lastError = `HTTP ${res.status}`;
        if (res.status < 500 && res.status !== 429) break; // the receiver refuses this payload: retrying will not help
        const retryAfter = Number(res.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) waitMs = retryAfter * 1000;
      } catch (e) {
        lastError = (e as Error).message;
      }
      if (attempt < this.#opts.maxAttempts) await sleep(Math.max(0, Math.min(waitMs, deadline - Date.now())));
    }
    throw new Error(`webhook ${this.#opts.url} did not accept ${alerts.length} alert(s): ${lastError}`);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
