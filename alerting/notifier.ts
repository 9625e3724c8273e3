/** One alert as it is delivered: Alertmanager's alert shape, which every receiver here understands. */
export interface AlertNotification {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  /** transition: what happened this run (firing, escalated, deescalated, resolved). */
  annotations: { summary: string; remediation: string; transition?: string };
  /** RFC 3339 */
  startsAt: string;
  /** RFC 3339; the zero time while firing, as Alertmanager sends it. */
  endsAt: string;
  fingerprint: string;
}

/** A channel alerts are sent through; implementations live in impl/. */
export interface Notifier {
  readonly name: string;
  send(alerts: readonly AlertNotification[]): Promise<void>;
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
