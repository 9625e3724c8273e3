import { RAW_RP, REWRITE_FROM_FIELD, REWRITE_MEASUREMENT } from '../../core/rollups.ts';
import type { SeriesReader } from '../../core/store.ts';

/**
 * How much earlier than a fit's start a rewrite mark may be dated and still be news to it: the
 * mark is written after its rollups, by the clock of whichever ingest process rolled them up.
 */
export const MARK_SLACK_MS = 10 * 60_000;

/**
 * Per host, the time of its last rewrite mark since `sinceMs` (the wall clock): the rollup
 * maintainer marks a host in InfluxDB (core/rollups.ts REWRITE_MEASUREMENT) once it has rolled up
 * days of it before yesterday again (a backfill, a late buffer).
 */
export async function lastRewriteMarks(reader: SeriesReader, sinceMs: number): Promise<Map<string, number>> {
  const series = await reader.query(`SELECT last("${REWRITE_FROM_FIELD}") FROM "${RAW_RP}"."${REWRITE_MEASUREMENT}" WHERE time >= ${Math.floor(sinceMs)}ms GROUP BY "host"`);
  const out = new Map<string, number>();
  for (const s of series) {
    const markedMs = Number(s.values[0]?.[0]);
    if (s.tags?.host !== undefined && Number.isFinite(markedMs)) out.set(s.tags.host, markedMs);
  }
  return out;
}

/**
 * Whether a host's last mark says its days changed after its fit read them: the mark is one the
 * fit had not seen, and not from before the fit began.
 */
export function rewrittenSince(markedMs: number | undefined, fit: { fittedAtMs: number; markSeenMs: number }): boolean {
  return markedMs !== undefined && markedMs > fit.markSeenMs && markedMs >= fit.fittedAtMs - MARK_SLACK_MS;
}
