import { median, percentile } from './metrics.ts';

/** Days ahead the growth cases forecast: a crossing set 200 days out plus room to be late. */
export const GROWTH_HORIZON_DAYS = 240;
/** Thresholds are the true level this many days after the origin. */
export const GROWTH_LEADS = [60, 120, 200] as const;

/** One threshold from one origin of a growing series. */
export interface GrowthCase {
  /** Thresholds set from the level `lead` days ahead, or 'never': above anything the next 240 days reach. */
  lead: (typeof GROWTH_LEADS)[number] | 'never';
  threshold: number;
  /** Day offset (0 = origin day) of the first true value at or over the threshold; null: not within the horizon. */
  trueDay: number | null;
}

/**
 * The crossing cases from one origin (day index; training ends the day before). A threshold at or
 * below the last training value is dropped (nothing left to cross), and so is one equal to an
 * earlier lead's (a flat stretch). The 'never' threshold lies above the highest value of the next
 * 240 days by half the growth over them (at least 1 % of the level): a forecast at the pace of
 * those days would reach it around day 360.
 */
export function growthCases(values: readonly number[], origin: number): GrowthCase[] {
  const last = values[origin - 1]!;
  const ahead = values.slice(origin, origin + GROWTH_HORIZON_DAYS);
  const firstAt = (threshold: number): number | null => {
    const i = ahead.findIndex((v) => v >= threshold);
    return i < 0 ? null : i;
  };
  const out: GrowthCase[] = [];
  for (const lead of GROWTH_LEADS) {
    const threshold = values[origin + lead]!;
    if (!(threshold > last) || out.some((c) => c.threshold === threshold)) continue;
    out.push({ lead, threshold, trueDay: firstAt(threshold) });
  }
  const top = Math.max(...ahead.filter(Number.isFinite));
  const never = top + Math.max(0.5 * (top - last), 0.01 * Math.abs(last));
  out.push({ lead: 'never', threshold: never, trueDay: firstAt(never) });
  return out;
}

/** A method's crossing of one case, as day offsets from the origin; null: not within the horizon. */
export interface CrossingDays {
  earliest: number | null;
  likely: number | null;
  latest: number | null;
}

export interface CrossingJudgement {
  /** Cases whose truth crosses within the horizon. */
  truths: number;
  hits: number;
  misses: number;
  /** A likely crossing where the truth does not cross within the horizon. */
  invented: number;
  /** |likely − true| days over the hits. */
  errors: number[];
  /** Of the truths, those whose band [earliest, latest] holds the true day (latest beyond the horizon counts as beyond it). */
  bandHolds: number;
  /** Of the truths, those whose band is a single day although a crossing was forecast (earliest = latest). */
  bandCollapsed: number;
  /** Date errors with a miss counted as the day after the horizon. */
  errorsMissAsEnd: number[];
}

/** Hits, misses, inventions, date errors and band coverage over (truth, forecast) pairs. */
export function judgeCrossings(pairs: readonly { trueDay: number | null; forecast: CrossingDays }[], horizonDays: number): CrossingJudgement {
  const j: CrossingJudgement = { truths: 0, hits: 0, misses: 0, invented: 0, errors: [], bandHolds: 0, bandCollapsed: 0, errorsMissAsEnd: [] };
  for (const { trueDay, forecast: f } of pairs) {
    if (trueDay === null) {
      if (f.likely !== null) j.invented++;
      continue;
    }
    j.truths++;
    if (f.likely === null) {
      j.misses++;
      j.errorsMissAsEnd.push(horizonDays + 1 - trueDay);
    } else {
      j.hits++;
      j.errors.push(Math.abs(f.likely - trueDay));
      j.errorsMissAsEnd.push(Math.abs(f.likely - trueDay));
    }
    if (f.earliest !== null && f.earliest <= trueDay && (f.latest === null || f.latest >= trueDay)) j.bandHolds++;
    if (f.earliest !== null && f.earliest === f.latest) j.bandCollapsed++;
  }
  return j;
}

/** The printed figures of a judgement. */
export const crossingFigures = (j: CrossingJudgement) => ({
  medianError: median(j.errors),
  p90Error: percentile(j.errors, 0.9),
  medianMissAsEnd: median(j.errorsMissAsEnd),
  bandShare: j.truths === 0 ? NaN : j.bandHolds / j.truths,
});
