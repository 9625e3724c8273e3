/** A date as people read it in alerts and tables: YYYY-MM-DD (UTC). */
export const isoDay = (ms: number | null): string => (ms === null ? 'not within the horizon' : new Date(ms).toISOString().slice(0, 10));
