import { median } from 'simple-statistics';
import { robustSd } from './models/spikes.ts';
import { fillsLikeStore } from './series-shape.ts';

/** Days at the end of a series whose scatter is measured: a season's worth, so it is today's. */
const NOISE_DAYS = 90;
/** The lag between the days compared: a week, so the weekly pattern cancels out. */
const WEEK = 7;

/** How single days scatter around a forecast's path: by how much, and over how many days at a time. */
export interface DayNoise {
  /** One day's scatter: in the series' unit, or a share of the value when `relative`. */
  sd: number;
  relative: boolean;
  /**
   * Days that scatter as one: a warm spell or a busy week lifts several days together, so a month
   * holds fewer independent chances to reach a level than it has days. 1 for independent days.
   */
  spellDays: number;
}

/** The highest day-to-day correlation trusted from 90 days: spells of at most (1 + 0.9)/(1 − 0.9) = 19 days. */
const MAX_CORRELATION = 0.9;

/**
 * How far one day's value strays from what the days around it make typical: the scatter a forecast's
 * point path does not show and the daily peaks do. A crossing is the first day that reaches the
 * threshold, so a peak two of these above the path can cross days before the path does.
 *
 * Measured on the differences between each day and the same weekday a week before, over the last 90
 * days: the weekly pattern cancels, a steady trend only shifts the differences (the MAD is taken about
 * their median), and a holiday or an outage is one of many. A difference of two independent days has
 * √2 times one day's scatter. On the log scale for a multiplicative series, whose scatter grows with
 * its level: then the result is relative (0.04 = 4 % of the value).
 *
 * Consecutive differences correlate as the days themselves do (ρ); a spell then lasts (1 + ρ)/(1 − ρ)
 * days, the factor by which correlation thins out independent observations.
 */
export function dayNoise(values: readonly number[], scale: 'absolute' | 'relative'): DayNoise {
  const relative = scale === 'relative';
  const recent = values.filter((v) => Number.isFinite(v) && (!relative || v > 0)).slice(-(NOISE_DAYS + WEEK));
  const days = relative ? recent.map(Math.log) : recent;
  const differences: number[] = [];
  for (let i = WEEK; i < days.length; i++) differences.push(days[i]! - days[i - WEEK]!);
  // Under two weeks of differences say nothing reliable about the scatter: none is assumed.
  if (differences.length < 2 * WEEK) return { sd: 0, relative, spellDays: 1 };
  const sd = robustSd(differences);
  return { sd: sd / Math.SQRT2, relative, spellDays: spellOf(differences, sd) };
}

/** The spell length from the lag-one correlation of the differences, each clipped at three scatters. */
function spellOf(differences: readonly number[], sd: number): number {
  if (!(sd > 0)) return 1;
  const centre = median(differences);
  const clipped = differences.map((d) => Math.max(-3 * sd, Math.min(3 * sd, d - centre)));
  let lag = 0;
  let sum = 0;
  for (let i = 0; i < clipped.length; i++) {
    sum += clipped[i]! ** 2;
    if (i > 0) lag += clipped[i]! * clipped[i - 1]!;
  }
  const rho = Math.min(MAX_CORRELATION, Math.max(0, lag / sum));
  return (1 + rho) / (1 - rho);
}

/**
 * A series' own day noise. None for a store that fills (a disk, a repository): what it gains in a
 * day it keeps, so its weekly changes are the path's own wander, which the forecast's band already
 * holds, not a day's scatter around it. Telling the two apart from the data alone takes far more
 * than a season of history.
 */
export function ownNoise(values: readonly number[], seasonality: 'additive' | 'multiplicative'): DayNoise {
  if (fillsLikeStore(values)) return { sd: 0, relative: false, spellDays: 1 };
  return dayNoise(values, seasonality === 'multiplicative' ? 'relative' : 'absolute');
}

/** The scatter of a day whose forecast is `value`, in the series' unit. */
export const scatterAt = (noise: DayNoise, value: number): number => (noise.relative ? noise.sd * value : noise.sd);
