import type { AlertNotification, Notifier } from '../notifier.ts';
import { checkTemplate, escapeFor, fillTemplate, smsValues } from './sms-gateway-notifier-template.ts';
import { DEFAULT_RETRY, retryAfterMs, withRetries, type AttemptOutcome, type RetryPolicy } from './retry.ts';

export interface SmsGatewayNotifierOptions {
  /** The gateway's endpoint; may hold placeholders, which are URL-encoded when filled in. */
  url: string;
  /**
   * The request body, with placeholders such as {{to}} and {{text}} (see SMS_PLACEHOLDERS).
   * In a JSON body each placeholder goes inside a JSON string: `{"to":"{{to}}","message":"{{text}}"}`.
   */
  bodyTemplate: string;
  /** Content-Type of the body; it decides the escaping: JSON, form-urlencoded, or none. Default application/json. */
  contentType?: string;
  /** Phone numbers (E.164) every firing alert is texted to. */
  recipients: string[];
  /** Extra request headers, e.g. the gateway's Authorization. */
  headers?: Record<string, string>;
  method?: 'POST' | 'PUT';
  /** Longest text in characters; 160 is one GSM-7 SMS. */
  maxLength?: number;
  /** Timeout of one request, in milliseconds. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/**
 * Texts every firing alert to every recipient through an HTTP SMS gateway, one request per SMS.
 * Resolved alerts are not texted: a phone buzzing at night for good news is noise (the e-mail
 * and the webhook carry them). Each request is retried on 5xx, 408, 429 and network errors,
 * bounded in count and time; the other messages still go out when one fails, and the failures are
 * reported together.
 */
export class SmsGatewayNotifier implements Notifier {
  readonly name = 'sms';
  readonly #opts: Required<Omit<SmsGatewayNotifierOptions, 'retry'>>;
  readonly #retry: RetryPolicy;

  constructor(opts: SmsGatewayNotifierOptions) {
    if (opts.recipients.length === 0) throw new Error('SmsGatewayNotifier needs at least one recipient');
    this.#opts = { contentType: 'application/json', headers: {}, method: 'POST', maxLength: 160, timeoutMs: 10_000, ...opts };
    checkTemplate(this.#opts.bodyTemplate, this.#opts.contentType, 'body');
    checkTemplate(this.#opts.url, '', 'url');
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry };
  }

  async send(alerts: readonly AlertNotification[]): Promise<void> {
    const failures: string[] = [];
    let total = 0;
    for (const alert of alerts) {
      if (alert.status !== 'firing') continue;
      for (const to of this.#opts.recipients) {
        total++;
        const result = await withRetries(() => this.#post(alert, to), this.#retry);
        if (!result.ok) failures.push(`${to} (${alert.labels.alertname ?? 'alert'} ${alert.labels.host ?? ''}): ${result.lastError} after ${result.attempts} attempt(s)`);
      }
    }
    if (failures.length > 0) throw new Error(`SMS gateway did not take ${failures.length} of ${total} message(s): ${failures.join('; ')}`);
  }

  async #post(alert: AlertNotification, to: string): Promise<AttemptOutcome> {
    const { url, bodyTemplate, contentType, headers, method, maxLength, timeoutMs } = this.#opts;
    const values = smsValues(alert, to, maxLength);
    const res = await fetch(fillTemplate(url, values, encodeURIComponent), {
      method,
      headers: { ...headers, 'content-type': contentType },
      body: fillTemplate(bodyTemplate, values, escapeFor(contentType)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the body so the connection can be reused; gateways answer with a small status document.
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return { ok: true };
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    const outcome: AttemptOutcome = { ok: false, error: `HTTP ${res.status}`, permanent: !retryable };
    const after = retryAfterMs(res.headers.get('retry-after'));
    if (after !== undefined) outcome.retryAfterMs = after;
    return outcome;
  }
}
