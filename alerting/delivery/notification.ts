import type { AlertRecord, Transition } from '../lifecycle/alert-machine.ts';
import { fingerprintOf, ZERO_TIME, type AlertNotification } from '../notifier.ts';

export const labelsOf = (r: AlertRecord): Record<string, string> => ({ ...r.labels, severity: r.severity });

/** Same transition, channel and recipient, same id: what makes re-delivery after a restart impossible. */
export function notificationId(t: Transition, channel: string, recipient: string): string {
  return [t.record.key, t.record.episode, t.kind, t.record.severity, channel, recipient].join('|');
}

/** A transition as channels receive it: Alertmanager's alert shape. */
export function toNotification(t: Transition): AlertNotification {
  const labels = labelsOf(t.record);
  const resolved = t.kind === 'resolved';
  return {
    status: resolved ? 'resolved' : 'firing',
    labels,
    annotations: { summary: t.record.summary, remediation: t.record.remediation },
    startsAt: new Date(t.record.firingSinceMs ?? t.record.activeSinceMs).toISOString(),
    endsAt: resolved && t.record.resolvedAtMs !== null ? new Date(t.record.resolvedAtMs).toISOString() : ZERO_TIME,
    fingerprint: fingerprintOf(labels),
  };
}
