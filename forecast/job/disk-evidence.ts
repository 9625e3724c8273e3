import { aggregate } from '../aggregate.ts';
import type { DiskEvidence } from '../../core/runway-row.ts';
import { DAY_MS } from '../series.ts';

export type { DiskEvidence };

type Samples = { timeMs: number; value: number }[];

/** Daily max and min of used %, and the host's daily peak load, give the disk's evidence. */
export function diskEvidence(dailyMax: Samples, dailyMin: Samples, load: Samples | undefined, endMs: number): DiskEvidence {
  const max = byDay(dailyMax);
  const min = byDay(dailyMin);
  const swing = (fromDays: number, toDays: number) =>
    median(days(endMs, fromDays, toDays).flatMap((d) => (max.has(d) && min.has(d) ? [max.get(d)! - min.get(d)!] : [])));
  return { swingNow: swing(30, 0), swingBefore: swing(120, 60), trafficCorrelation: load ? growthVsLoad(max, byDay(load), endMs) : null };
}

/** Pearson correlation of day-on-day growth of the daily maximum with that day's peak load. */
function growthVsLoad(max: Map<number, number>, load: Map<number, number>, endMs: number): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const d of days(endMs, 90, 0)) {
    const today = max.get(d);
    const yesterday = max.get(d - DAY_MS);
    const l = load.get(d);
    if (today === undefined || yesterday === undefined || l === undefined) continue;
    xs.push(today - yesterday);
    ys.push(l);
  }
  return xs.length >= 30 ? pearson(xs, ys) : null;
}

export function byDay(samples: Samples): Map<number, number> {
  const s = aggregate(samples, DAY_MS, 'last');
  const out = new Map<number, number>();
  s.values.forEach((v, i) => Number.isFinite(v) && out.set(s.startMs + i * DAY_MS, v));
  return out;
}

/** Day starts from `fromDays` before endMs up to `toDays` before it. */
export function days(endMs: number, fromDays: number, toDays: number): number[] {
  const last = Math.floor(endMs / DAY_MS) * DAY_MS - DAY_MS;
  return Array.from({ length: fromDays - toDays }, (_, i) => last - (fromDays - 1 - i) * DAY_MS);
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}
