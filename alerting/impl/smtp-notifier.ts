import nodemailer, { type SendMailOptions, type SMTPTransportOptions } from 'nodemailer';
import { DeliveryFailure, type AlertNotification, type Notifier } from '../notifier.ts';
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
}

/**
 * Sends alerts as an e-mail (text and HTML) to one recipient per call: each address is its own
 * outbox entry, so a server refusing one address does not make the others get the mail twice.
 * One attempt per call; the outbox retries connection failures and 4xx replies, while a 5xx reply
 * or refused credentials end the delivery at once, as a retry would fail the same way.
 */
/** Enough for a cycle's changes on a large fleet in a few mails; few enough that one mail stays readable. */
export const ALERTS_PER_EMAIL = 50;

export class SmtpNotifier implements Notifier {
  readonly name = 'smtp';
  readonly recipients: readonly string[];
  /** Alerts queued together go out as one e-mail, as Alertmanager groups them: a fleet's first cycle is not a thousand mails. */
  readonly batchSize = ALERTS_PER_EMAIL;
  readonly #opts: SmtpNotifierOptions;

  constructor(opts: SmtpNotifierOptions) {
    if (opts.to.length === 0) throw new Error('SmtpNotifier needs at least one recipient');
    this.#opts = opts;
    this.recipients = [...opts.to];
  }

  async send(alerts: readonly AlertNotification[], to: string): Promise<void> {
    if (alerts.length === 0) return;
    const message: SendMailOptions = { from: this.#opts.from, to, ...alertEmail(alerts, this.#opts.subjectPrefix) };
    const outcome = await sendMailOnce(this.#opts, message);
    if (!outcome.ok) {
      throw new DeliveryFailure(`SMTP ${this.#opts.host}:${this.#opts.port} did not take ${alerts.length} alert(s) for ${to}: ${outcome.error}`, { permanent: outcome.permanent });
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

type SentInfo = { messageId: string; accepted: unknown[]; rejected: unknown[] };

/** One attempt at one message; the transport is closed whatever happens. */
async function sendMailOnce(server: SmtpServerOptions, message: SendMailOptions): Promise<AttemptOutcome & { info?: SentInfo }> {
  const transport = createSmtpTransport(server);
  try {
    const info = (await transport.sendMail(message)) as SentInfo;
    return { ok: true, info };
  } catch (e) {
    return smtpFailure(e);
  } finally {
    transport.close();
  }
}

/** Sends one message with bounded retries (customer notices, sent from the command line). */
export async function sendMailWithRetries(server: SmtpServerOptions, message: SendMailOptions, policy: RetryPolicy = DEFAULT_RETRY) {
  let info: SentInfo | undefined;
  const result = await withRetries(async () => {
    const outcome = await sendMailOnce(server, message);
    if (outcome.ok) info = outcome.info;
    return outcome;
  }, policy);
  return { ...result, info };
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
