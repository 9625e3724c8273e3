import { RunwayError } from '../../core/errors.ts';
import type { AlertNotification } from '../notifier.ts';

/** What a body or URL template may name, as {{name}}. */
export const SMS_PLACEHOLDERS = ['to', 'text', 'status', 'severity', 'alertname', 'customer', 'host', 'resource', 'summary', 'fingerprint'] as const;
export type SmsPlaceholder = (typeof SMS_PLACEHOLDERS)[number];
export type SmsValues = Record<SmsPlaceholder, string>;

type Escape = (value: string) => string;

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** JSON string content (the template supplies the quotes), form-urlencoded, or as is. */
export function escapeFor(contentType: string): Escape {
  const type = contentType.toLowerCase();
  if (type.includes('json')) return (v) => JSON.stringify(v).slice(1, -1);
  if (type.includes('x-www-form-urlencoded')) return (v) => encodeURIComponent(v);
  return (v) => v;
}

export function fillTemplate(template: string, values: SmsValues, escape: Escape): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => escape(values[name as SmsPlaceholder] ?? ''));
}

/**
 * Checked once, when the notifier is built, so that a bad template stops start-up instead of
 * failing on the first alert: only known placeholders, and a JSON template must still be JSON
 * once filled with awkward text (quotes, backslashes, new lines), i.e. placeholders sit inside strings.
 */
export function checkTemplate(template: string, contentType: string, what: string): void {
  const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((n) => !(SMS_PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new RunwayError('RUNWAY_ERR_SMS_TEMPLATE', { reason: `${what} names unknown placeholder(s) ${unknown.join(', ')}; known: ${SMS_PLACEHOLDERS.join(', ')}` });
  }
  if (what !== 'body' || !contentType.toLowerCase().includes('json')) return;
  const awkward = Object.fromEntries(SMS_PLACEHOLDERS.map((p) => [p, `"quoted" \\ back\nslash`])) as SmsValues;
  try {
    JSON.parse(fillTemplate(template, awkward, escapeFor(contentType)));
  } catch (e) {
    throw new RunwayError('RUNWAY_ERR_SMS_TEMPLATE', { reason: `the body is not JSON once filled in (put each placeholder inside a JSON string): ${(e as Error).message}` });
  }
}

/** The values one SMS to one recipient is made of. */
export function smsValues(alert: AlertNotification, to: string, maxLength: number): SmsValues {
  const l = alert.labels;
  return {
    to,
    text: smsText(alert, maxLength),
    status: alert.status,
    severity: l.severity ?? '',
    alertname: l.alertname ?? '',
    customer: l.customer ?? '',
    host: l.host ?? '',
    resource: l.resource ?? '',
    summary: alert.annotations.summary,
    fingerprint: alert.fingerprint,
  };
}

/**
 * One SMS worth of text: severity, customer, then the summary, whose first words say what fills
 * and when. Too long, it loses its parenthesised detail first (the earliest/latest dates), then
 * is cut at a word boundary with "..." (GSM-7 has no ellipsis character; one would force UCS-2 and 70-character messages).
 */
export function smsText(alert: AlertNotification, maxLength = 160): string {
  const severity = (alert.labels.severity ?? 'alert').toUpperCase();
  const customer = alert.labels.customer ? ` ${alert.labels.customer}` : '';
  const full = `${severity}${customer}: ${alert.annotations.summary}`.replace(/\s+/g, ' ').trim();
  if ([...full].length <= maxLength) return full;
  const shorter = full.replace(/\s*\([^)]*\)/g, '');
  if ([...shorter].length <= maxLength) return shorter;
  const chars = [...shorter].slice(0, maxLength - 3).join('');
  const cut = chars.lastIndexOf(' ');
  const head = cut > maxLength / 2 ? chars.slice(0, cut) : chars;
  return `${head.replace(/[\s,;:.]+$/, '')}...`;
}
