import type { Bounds } from './backtest/calibrate.ts';
import { zForLevel } from './normal-quantile.ts';
import { selectedQuantile, selectQuantiles } from './order-statistics.ts';
import { DAY_MS, type ForecastPoint } from './series.ts';

/**
 * Spread of a growing series' own history over windows as long as each lead: for lead L, the
 * changes y[t + L] − y[t] over every window of the history, and how far their level-% quantiles
 * lie from their median. A disk that filled fast one year and slowly the next, with steps and
 * clean-ups, has as wide a spread of plausible futures; a smooth backtest of its last months does
 * not show it. Offsets (lower ≤ 0 ≤ upper) for leads 1..steps, never narrowing with the lead.
 * Leads longer than half the history have too few windows of their own: the spread at half the
 * history grows in proportion to the lead beyond it, as a growth-rate error does. Null with too
 * little history.
 */
export function growthRateSpread(values: readonly number[], steps: number, levelPercent: number): { lower: Float64Array; upper: Float64Array } | null {
  const n = values.length;
  const longest = Math.min(steps, Math.floor(n / 2));
  if (longest < MIN_LEAD) return null;
  const lower = new Float64Array(steps);
  const upper = new Float64Array(steps);
  const changes = new Float64Array(n);
  let lo = 0;
  let hi = 0;
  for (let lead = 1; lead <= steps; lead++) {
    if (lead > longest) return extend(lower, upper, longest);
    const spread = changeSpread(values, lead, levelPercent, changes);
    if (spread === null) return lead > MIN_LEAD ? extend(lower, upper, lead - 1) : null;
    lo = Math.min(lo, spread[0]);
    hi = Math.max(hi, spread[1]);
    lower[lead - 1] = lo;
    upper[lead - 1] = hi;
  }
  return { lower, upper };
}

/**
 * How far the level-% quantiles of the history's changes over windows `lead` steps long lie from
 * their median ([lower ≤ 0, upper ≥ 0]), `changes` holding them as they are gathered; null with
 * fewer than MIN_WINDOWS windows.
 */
function changeSpread(values: readonly number[], lead: number, levelPercent: number, changes: Float64Array): [number, number] | null {
  const q = levelPercent / 100;
  // Overlapping windows of a long lead are nearly the same window: about WINDOWS_PER_LEAD per lead's length suffice.
  const stride = Math.max(1, Math.floor(lead / WINDOWS_PER_LEAD));
  let m = 0;
  for (let t = values.length - 1 - lead; t >= 0; t -= stride) {
    const d = values[t + lead]! - values[t]!;
    if (Number.isFinite(d)) changes[m++] = d;
  }
  if (m < MIN_WINDOWS) return null;
  // The three quantiles' order statistics selected in place, not the whole pool sorted.
  const pool = changes.subarray(0, m);
  selectQuantiles(pool, [(1 - q) / 2, 0.5, (1 + q) / 2]);
  const mid = selectedQuantile(pool, 0.5);
  return [Math.min(0, selectedQuantile(pool, (1 - q) / 2) - mid), Math.max(0, selectedQuantile(pool, (1 + q) / 2) - mid)];
}

/** Below this lead or window count a spread says nothing. */
const MIN_LEAD = 7;
const MIN_WINDOWS = 20;
const WINDOWS_PER_LEAD = 16;

/** Leads beyond `reached` (1-based) grow in proportion to the lead from the spread at `reached`. */
function extend(lower: Float64Array, upper: Float64Array, reached: number): { lower: Float64Array; upper: Float64Array } {
  for (let lead = reached + 1; lead <= lower.length; lead++) {
    lower[lead - 1] = (lower[reached - 1]! * lead) / reached;
    upper[lead - 1] = (upper[reached - 1]! * lead) / reached;
  }
  return { lower, upper };
}

/**
 * The factor by which a store's average fill rate over `leadDays` may differ from the rate its
 * forecast carries, at the 80 % level: ×2 or ×½ over a quarter, spreading as the square root of the
 * lead (a log-rate that wanders like a random walk). A history that grew at one steady pace has no
 * spread of its own, yet its pace still changes: a new customer, a retention change, logging turned
 * up. This is the floor under the history's own spread, well inside what real stores do (a public
 * repository's 60-day rate ranged from a seventh to five times its last quarter's, 10th to 90th
 * percentile; bench/forecast's growth series), so a steady history keeps a narrow band.
 */
export function rateChangeFactor(leadDays: number, levelPercent: number): number {
  // The 80 % factor is 2 at a quarter; other levels scale its log by their normal quantile.
  const z = zForLevel(levelPercent) / zForLevel(80);
  return 2 ** (z * Math.sqrt(leadDays / RATE_CHANGE_QUARTER_DAYS));
}

const RATE_CHANGE_QUARTER_DAYS = 91;

/**
 * Widens a forecast's interval to at least its point ± the history's growth-rate spread at each
 * lead (in bounds), so the crossing band read from it spans the futures the series' own history
 * makes plausible, and at least the fill rate changing by rateChangeFactor: the forecast's growth
 * from its first step, at a faster and a slower pace. An interval already wider stays.
 */
export function withGrowthSpread(points: readonly ForecastPoint[], values: readonly number[], levelPercent: number, bounds: Bounds): ForecastPoint[] {
  const spread = growthRateSpread(values, points.length, levelPercent);
  const clamp = (v: number): number => Math.min(bounds.max, Math.max(bounds.min, v));
  const start = points[0]?.value ?? NaN;
  // Leads in days, whatever the step: the pace of a store changes over weeks, not over a count of steps.
  const stepDays = points.length > 1 ? (points[1]!.timeMs - points[0]!.timeMs) / DAY_MS : 1;
  return points.map((p, h) => {
    const growth = Math.max(0, p.value - start);
    const f = rateChangeFactor((h + 1) * stepDays, levelPercent);
    const lower = Math.min(spread ? spread.lower[h]! : 0, -growth * (1 - 1 / f));
    const upper = Math.max(spread ? spread.upper[h]! : 0, growth * (f - 1));
    return { timeMs: p.timeMs, value: p.value, lower: Math.min(p.lower, clamp(p.value + lower)), upper: Math.max(p.upper, clamp(p.value + upper)) };
  });
}

/**
 * Widens the interval of a daily series seen for less than a year to at least the changes its own
 * history shows over windows as long as each lead, in whole weeks (weekday to same weekday, so the
 * weekly pattern its model forecasts is not counted again). Such a history has not shown its
 * yearly season: an electricity load seen from February to September has never met its winter,
 * and its backtest windows, all in one season, gave intervals that held 68 % of outcomes 90 days
 * ahead of 240-day histories (bench/forecast's corpus cut short, dev half). The level's own swings
 * so far are the honest floor. Leads under half a week keep the model's interval; leads beyond
 * half the history keep the spread at half of it. An interval already wider stays.
 */
export function withHistorySwings(points: readonly ForecastPoint[], values: readonly number[], levelPercent: number, bounds: Bounds): ForecastPoint[] {
  const stepMs = points.length > 1 ? points[1]!.timeMs - points[0]!.timeMs : DAY_MS;
  const week = Math.max(1, Math.round((7 * DAY_MS) / stepMs));
  const changes = new Float64Array(values.length);
  const byLead = new Map<number, [number, number] | null>();
  const clamp = (v: number): number => Math.min(bounds.max, Math.max(bounds.min, v));
  let lo = 0;
  let hi = 0;
  return points.map((p, h) => {
    const lead = Math.round((h + 1) / week) * week;
    if (lead > 0 && lead <= values.length / 2) {
      if (!byLead.has(lead)) byLead.set(lead, changeSpread(values, lead, levelPercent, changes));
      const spread = byLead.get(lead);
      if (spread) {
        lo = Math.min(lo, spread[0]);
        hi = Math.max(hi, spread[1]);
      }
    }
    return { timeMs: p.timeMs, value: p.value, lower: Math.min(p.lower, clamp(p.value + lo)), upper: Math.max(p.upper, clamp(p.value + hi)) };
  });
}
