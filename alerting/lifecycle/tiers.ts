/** Lead-time tiers, most urgent first: a likely crossing within `withinDays` has that severity. */
export type TierSeverity = 'critical' | 'warning' | 'notice';

export interface Tier {
  severity: TierSeverity;
  withinDays: number;
}

export const DEFAULT_TIERS: readonly Tier[] = [
  { severity: 'critical', withinDays: 7 },
  { severity: 'warning', withinDays: 30 },
  { severity: 'notice', withinDays: 90 },
];

const RANK: Record<TierSeverity, number> = { critical: 3, warning: 2, notice: 1 };
export const moreUrgent = (a: TierSeverity, b: TierSeverity): boolean => RANK[a] > RANK[b];

/**
 * The tier a crossing `daysLeft` away belongs to, with hysteresis: an alert already at a tier stays
 * there until the crossing moves beyond the tier's bound plus a margin (a tenth of the bound, at
 * least a day), so a forecast wobbling around "30 days" does not flap between warning and nothing.
 * Escalation to a more urgent tier is immediate.
 */
export function tierOf(daysLeft: number | null, current: TierSeverity | null, tiers: readonly Tier[] = DEFAULT_TIERS): TierSeverity | null {
  if (daysLeft === null) return null;
  const plain = tiers.find((t) => daysLeft <= t.withinDays)?.severity ?? null;
  if (current === null) return plain;
  if (plain !== null && (plain === current || moreUrgent(plain, current))) return plain;
  // Less urgent or cleared: only once beyond the current tier's bound plus its margin.
  const bound = tiers.find((t) => t.severity === current)?.withinDays ?? 0;
  return daysLeft <= bound + Math.max(1, bound / 10) ? current : plain;
}
