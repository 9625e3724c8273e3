import nodemailer, { type SendMailOptions, type SMTPTransportOptions } from 'nodemailer';
import type { AlertNotification, Notifier } from '../notifier.ts';
import { alertEmail } from './smtp-notifier-message.ts';
import { DEFAULT_RETRY, withRetries, type AttemptOutcome, type RetryPolicy } from './retry.ts';

/** Where and how to reach an SMTP server; shared by alert e-mails and customer notices. */
export interface SmtpServerOptions {
  host: string;
  port: number;
  /** true: TLS from the first byte (usually port 465); false: plain, upgraded by STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** Refuse to go on without STARTTLS, so neither credentials nor alerts cross the network in clear. */
  requireTLS?: boolean;
  /** Timeout of connecting, of the greeting and of socket inactivity, in milliseconds. */
  timeoutMs?: number;
}

export interface SmtpNotifierOptions extends SmtpServerOptions {
  from: string;
  to: string[];
  subjectPrefix?: string;
  retry?: Partial<RetryPolicy>;
}

/**
 * Sends each delivery batch as one e-mail (text and HTML) to a fixed list of recipients.
 * Connection failures and 4xx replies are retried with jittered backoff, bounded in count and
 * time; a 5xx reply or refused credentials end the delivery at once, as a retry would fail the same way.
 */
export class SmtpNotifier implements Notifier {
  readonly name = 'smtp';
  readonly #opts: SmtpNotifierOptions;
  readonly #retry: RetryPolicy;

  constructor(opts: SmtpNotifierOptions) {
    if (opts.to.length === 0) throw new Error('SmtpNotifier needs at least one recipient');
    this.#opts = opts;
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry };
  }

  async send(alerts: readonly AlertNotification[]): Promise<void> {
    if (alerts.length === 0) return;
    const mail = alertEmail(alerts, this.#opts.subjectPrefix);
    const message: SendMailOptions = { from: this.#opts.from, to: this.#opts.to, ...mail };
    const result = await sendMailWithRetries(this.#opts, message, this.#retry);
    if (!result.ok) {
      throw new Error(`SMTP ${this.#opts.host}:${this.#opts.port} did not take ${alerts.length} alert(s) after ${result.attempts} attempt(s): ${result.lastError}`);
    }
  }
}

/** A nodemailer SMTP transport for one delivery; not pooled, as alerts and notices are rare. */
export function createSmtpTransport(opts: SmtpServerOptions) {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const transport: SMTPTransportOptions = {
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
  if (opts.auth) transport.auth = { user: opts.auth.user, pass: opts.auth.pass };
  if (opts.requireTLS) transport.requireTLS = true;
  return nodemailer.createTransport(transport);
}

/** Sends one message with bounded retries; the transport is closed whatever happens. */
export async function sendMailWithRetries(server: SmtpServerOptions, message: SendMailOptions, policy: RetryPolicy = DEFAULT_RETRY) {
  const transport = createSmtpTransport(server);
  try {
    let info: { messageId: string; accepted: unknown[]; rejected: unknown[] } | undefined;
    const result = await withRetries(async () => {
      try {
        info = await transport.sendMail(message);
        return { ok: true };
      } catch (e) {
        return smtpFailure(e);
      }
    }, policy);
    return { ...result, info };
  } finally {
    transport.close();
  }
}

/** SMTP reply codes: 5yz is a permanent refusal except 503 (bad sequence), 4yz is transient. */
function smtpFailure(e: unknown): AttemptOutcome {
  const err = e as { message?: string; code?: string; responseCode?: number };
  const error = err.message ?? String(e);
  const refusedByCode = ['EAUTH', 'ENOAUTH', 'EENVELOPE', 'ECONFIG', 'EREQUIRETLS'].includes(err.code ?? '');
  const code = err.responseCode ?? 0;
  const transientReply = code >= 400 && code < 500;
  const refusedByReply = code >= 500 && code !== 503;
  return { ok: false, error, permanent: refusedByReply || (refusedByCode && !transientReply) };
}
