/** A date as people read it in alerts and tables: YYYY-MM-DD (UTC). */
export const isoDay = (ms: number | null): string => (ms === null ? 'not within the horizon' : new Date(ms).toISOString().slice(0, 10));

/** A daily amount of data as proposals say it: GB from a tenth of one, MB below (never "0.0 GB"). */
export function bytesText(bytes: number): string {
  return bytes >= 0.1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}
