import { sendMailWithRetries, type SmtpServerOptions } from '../impl/smtp-notifier.ts';
import { DEFAULT_RETRY, type RetryPolicy } from '../impl/retry.ts';
import type { Notice } from './notice-types.ts';

export interface NoticeTransportOptions extends SmtpServerOptions {
  from: string;
  /** Where the customer's answers go, usually the account manager. */
  replyTo?: string;
  retry?: Partial<RetryPolicy>;
}

export interface NoticeDelivery {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/**
 * E-mails a rendered notice: the HTML document as the HTML body and the plain text as its
 * alternative, so every mail client shows one of them. Bounded retries as for alert e-mails.
 */
export async function sendNotice(transport: NoticeTransportOptions, notice: Notice, to: readonly string[]): Promise<NoticeDelivery> {
  if (to.length === 0) throw new Error('sendNotice: no recipients');
  const message = { from: transport.from, to: [...to], subject: notice.subject, text: notice.text, html: notice.html, ...(transport.replyTo ? { replyTo: transport.replyTo } : {}) };
  const result = await sendMailWithRetries(transport, message, { ...DEFAULT_RETRY, ...transport.retry });
  if (!result.ok || !result.info) {
    throw new Error(`notice "${notice.subject}" not delivered through ${transport.host}:${transport.port} after ${result.attempts} attempt(s): ${result.lastError}`);
  }
  const addresses = (list: unknown[]) => list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? a)));
  return { messageId: result.info.messageId, accepted: addresses(result.info.accepted), rejected: addresses(result.info.rejected) };
}
