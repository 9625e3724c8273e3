import type { EarlyWarning } from './early-warning.ts';
import { fingerprintOf, ZERO_TIME, type AlertNotification } from './notifier.ts';

interface ActiveAlert {
  notification: AlertNotification;
}

/**
 * Remembers which alerts are firing so that an unchanged alert is not re-sent on every job run:
 * a new alert fires once; a change of severity resolves the old one and fires the new one;
 * an alert whose condition is gone is sent once more as resolved.
 */
export class AlertTracker {
  readonly #active = new Map<string, ActiveAlert>();

  /** Returns only what has to be delivered now. */
  update(warnings: readonly EarlyWarning[], nowMs: number): AlertNotification[] {
    const now = new Date(nowMs).toISOString();
    const out: AlertNotification[] = [];
    const seen = new Set<string>();
    for (const w of warnings) {
      const key = identity(w.labels);
      seen.add(key);
      const fingerprint = fingerprintOf(w.labels);
      const previous = this.#active.get(key);
      if (previous?.notification.fingerprint === fingerprint) continue;
      if (previous) out.push(resolved(previous.notification, now));
      const notification: AlertNotification = {
        status: 'firing',
        labels: { ...w.labels },
        annotations: { summary: w.summary, remediation: w.remediation },
        startsAt: now,
        endsAt: ZERO_TIME,
        fingerprint,
      };
      this.#active.set(key, { notification });
      out.push(notification);
    }
    for (const [key, active] of this.#active) {
      if (seen.has(key)) continue;
      this.#active.delete(key);
      out.push(resolved(active.notification, now));
    }
    return out;
  }

  get firing(): AlertNotification[] {
    return [...this.#active.values()].map((a) => a.notification);
  }
}

/** The alert's identity apart from its severity, so an escalation replaces rather than duplicates. */
function identity(labels: EarlyWarning['labels']): string {
  return [labels.alertname, labels.customer, labels.host, labels.resource].join('\u0000');
}

function resolved(n: AlertNotification, now: string): AlertNotification {
  return { ...n, status: 'resolved', endsAt: now };
}
