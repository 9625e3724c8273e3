import type { AlertNotification, Notifier } from '../notifier.ts';
import { deliverOverHttp } from './http-delivery.ts';

export interface WebhookNotifierOptions {
  url: string;
  /** Name reported as `receiver` in the payload. */
  receiver?: string;
  /** Timeout of one request, in milliseconds. */
  timeoutMs?: number;
  /** Runway's own address, reported as `externalURL` (Alertmanager reports its own). */
  externalUrl?: string;
}

/**
 * The labels an alert is grouped by: its identity without the severity, so an escalation stays in
 * the group (and the chat thread or incident) that its firing opened, as with an Alertmanager
 * route of `group_by: [alertname, customer, host, resource]`.
 */
export const GROUP_BY = ['alertname', 'customer', 'host', 'resource'] as const;

/**
 * Posts alerts in Alertmanager's webhook payload (version "4"), the shape SMS bridges and chat
 * relays already understand. One attempt per call; the outbox retries 5xx, 408, 429 and network
 * errors (honouring Retry-After); any other 4xx means the receiver refuses this payload for good.
 */
export class WebhookNotifier implements Notifier {
  readonly name = 'webhook';
  readonly recipients: readonly string[];
  readonly #opts: Required<WebhookNotifierOptions>;

  constructor(opts: WebhookNotifierOptions) {
    this.#opts = { receiver: 'runway', timeoutMs: 10_000, externalUrl: '', ...opts };
    this.recipients = [opts.url];
  }

  async send(alerts: readonly AlertNotification[]): Promise<void> {
    if (alerts.length === 0) return;
    const body = JSON.stringify(webhookPayload(alerts, this.#opts.receiver, this.#opts.externalUrl));
    await deliverOverHttp(`webhook ${this.#opts.url}`, this.#opts.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, timeoutMs: this.#opts.timeoutMs });
  }
}

/**
 * The payload as Alertmanager's webhook notifier builds it (notify/webhook, template.Data): the
 * group's labels, the labels and annotations every alert shares, and the group key of the root
 * route (`{}`) with the group labels in Prometheus' label-set notation.
 */
export function webhookPayload(alerts: readonly AlertNotification[], receiver: string, externalUrl = '') {
  const groupLabels = common(alerts.map((a) => pick(a.labels, GROUP_BY)));
  return {
    version: '4',
    groupKey: `{}:${labelSetString(groupLabels)}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: externalUrl,
    alerts: alerts.map((a) => ({ ...a, labels: { ...a.labels }, annotations: { ...a.annotations }, generatorURL: '' })),
  };
}

/** Entries with the same value in every map (Alertmanager's commonLabels and commonAnnotations). */
export function common(maps: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

/** prometheus/common model.LabelSet.String(): sorted names, quoted values, joined by ", " (JSON quoting equals Go's for printable text). */
export function labelSetString(labels: Readonly<Record<string, string>>): string {
  return `{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}

function pick(labels: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => labels[n] !== undefined).map((n) => [n, labels[n] as string]));
}
