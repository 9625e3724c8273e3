/** One alert as it is delivered: Alertmanager's alert shape, which every receiver here understands. */
export interface AlertNotification {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  /** What a person reads; nothing internal (Alertmanager passes annotations on to every receiver as they are). */
  annotations: { summary: string; remediation: string };
  /** RFC 3339 */
  startsAt: string;
  /** RFC 3339; the zero time while firing, as Alertmanager sends it. */
  endsAt: string;
  fingerprint: string;
}

/**
 * A channel alerts are sent through; implementations live in impl/. A channel names its recipients
 * and delivers to one at a time, so the outbox keeps one entry per recipient and a retry never
 * repeats a message that already went out. One attempt per call: the outbox owns retries and backoff.
 */
export interface Notifier {
  readonly name: string;
  /** Who this channel reaches (phone numbers, addresses, or the one URL of a webhook). */
  readonly recipients: readonly string[];
  /**
   * How many alerts one message to a recipient may carry (a digest e-mail); one message per alert
   * when absent. A batch is one attempt: delivered, retried or dropped as a whole.
   */
  readonly batchSize?: number;
  /** Delivers to one of `recipients`; throws (ideally a DeliveryFailure) when it did not go through. */
  send(alerts: readonly AlertNotification[], recipient: string): Promise<void>;
}

/** A failed delivery attempt, with what the receiver said about trying again. */
export class DeliveryFailure extends Error {
  /** True when a retry cannot change the answer (a 4xx refusal, a 5xx SMTP reply, bad credentials). */
  readonly permanent: boolean;
  /** The receiver's own Retry-After, in milliseconds, when it gave one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, opts: { permanent: boolean; retryAfterMs?: number | undefined; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DeliveryFailure';
    this.permanent = opts.permanent;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Alertmanager's fingerprint: FNV-1a 64 over the sorted label names and values, each followed by 0xFF. */
export function fingerprintOf(labels: Record<string, string>): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const feed = (bytes: Uint8Array) => {
    for (const b of bytes) hash = ((hash ^ BigInt(b)) * prime) & 0xffffffffffffffffn;
  };
  const sep = new Uint8Array([0xff]);
  for (const name of Object.keys(labels).sort()) {
    feed(Buffer.from(name));
    feed(sep);
    feed(Buffer.from(labels[name] ?? ''));
    feed(sep);
  }
  return hash.toString(16).padStart(16, '0');
}
