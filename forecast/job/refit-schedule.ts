const DAY_MS = 86_400_000;

/**
 * A host's fit from an earlier day is refitted in the host's own hour (of 24, by its name), so a
 * day's refits spread over its hourly cycles; one two days old is refitted whatever the hour.
 */
export function refitDue(host: string, fitToMs: number, toMs: number, nowMs: number): boolean {
  if (fitToMs >= toMs) return false;
  return toMs - fitToMs >= 2 * DAY_MS || nowMs >= toMs + refitHourOf(host) * 3_600_000;
}

/** The hour of the day (UTC, 0–23) a host's daily refit is due from: spread by a hash of its name. */
export function refitHourOf(host: string): number {
  let h = 2166136261;
  for (let i = 0; i < host.length; i++) h = Math.imul(h ^ host.charCodeAt(i), 16777619) >>> 0;
  return h % 24;
}
