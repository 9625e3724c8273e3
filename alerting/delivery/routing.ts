import type { TierSeverity } from '../lifecycle/tiers.ts';
import type { Transition } from '../lifecycle/alert-machine.ts';

/** Which channels hear about what. Channels without a configured notifier are skipped. */
export interface RoutingPolicy {
  firing: Record<TierSeverity, readonly string[]>;
  /** Channels told when an alert resolves or de-escalates (nobody wants a text at night that a disk is fine). */
  calmer: readonly string[];
  /** Channels that hear about every transition (webhooks). Alertmanager instead gets the whole state every run. */
  everything: readonly string[];
}

/** Critical → SMS (and e-mail, for the record); warning → e-mail; notices only in Grafana and the API. */
export const DEFAULT_ROUTING: RoutingPolicy = {
  firing: { critical: ['sms', 'email'], warning: ['email'], notice: [] },
  calmer: ['email'],
  everything: ['webhook', 'log'],
};

export function channelsFor(t: Transition, policy: RoutingPolicy): string[] {
  const direct = t.kind === 'firing' || t.kind === 'escalated' ? policy.firing[t.record.severity] : policy.calmer;
  return [...new Set([...direct, ...policy.everything])];
}
