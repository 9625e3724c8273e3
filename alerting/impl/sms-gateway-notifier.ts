import type { AlertNotification, Notifier } from '../notifier.ts';
import { deliverOverHttp } from './http-delivery.ts';
import { checkTemplate, escapeFor, fillTemplate, smsValues } from './sms-gateway-notifier-template.ts';

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
}

/**
 * Texts firing alerts to one recipient through an HTTP SMS gateway, one request per SMS.
 * Resolved alerts are not texted: a phone buzzing at night for good news is noise (the e-mail
 * and the webhook carry them). Each recipient is its own outbox entry, so when the gateway
 * refuses one number the others are not texted again on the retry.
 */
export class SmsGatewayNotifier implements Notifier {
  readonly name = 'sms';
  readonly recipients: readonly string[];
  readonly #opts: Required<Omit<SmsGatewayNotifierOptions, 'recipients'>>;

  constructor(opts: SmsGatewayNotifierOptions) {
    if (opts.recipients.length === 0) throw new Error('SmsGatewayNotifier needs at least one recipient');
    const { recipients, ...rest } = opts;
    this.recipients = [...recipients];
    this.#opts = { contentType: 'application/json', headers: {}, method: 'POST', maxLength: 160, timeoutMs: 10_000, ...rest };
    checkTemplate(this.#opts.bodyTemplate, this.#opts.contentType, 'body');
    checkTemplate(this.#opts.url, '', 'url');
  }

  async send(alerts: readonly AlertNotification[], to: string): Promise<void> {
    for (const alert of alerts) if (alert.status === 'firing') await this.#post(alert, to);
  }

  #post(alert: AlertNotification, to: string): Promise<void> {
    const { url, bodyTemplate, contentType, headers, method, maxLength, timeoutMs } = this.#opts;
    const values = smsValues(alert, to, maxLength);
    return deliverOverHttp(`SMS gateway (to ${to})`, fillTemplate(url, values, encodeURIComponent), {
      method,
      headers: { ...headers, 'content-type': contentType },
      body: fillTemplate(bodyTemplate, values, escapeFor(contentType)),
      timeoutMs,
    });
  }
}
