/**
 * When does a real series first reach a level it has not reached for a year? On each real series
 * that is not a store that fills, at each origin the forecast job's own fit (forecastOne, seasons
 * multiplying as for a host's load) is asked when the daily value first reaches last year's highest
 * day, and that plus 5 % and 10 %: the question capacity planning asks of a peak. The crossing is
 * dated two ways from the same forecast: the bands' crossings (the point path, the upper and the
 * lower bound reaching the level) and the first day that reaches it (forecast/crossing.ts, with the
 * scatter of single days from forecast/day-noise.ts). Printed per half of the corpus (corpus-split.ts),
 * with the worst series beside (bench/README.md says which choices this check has already seen).
 *
 *   node bench/forecast/peak-crossing-check.ts [--origins N]   (default 12)
 */
import { parseArgs } from 'node:util';
import { type Crossing, findCrossing } from '../../forecast/crossing.ts';
import { ownNoise, scatterAt } from '../../forecast/day-noise.ts';
import { forecastOne } from '../../forecast/job/forecast-one.ts';
import { DAY_MS } from '../../forecast/series.ts';
import { fillsLikeStore } from '../../forecast/series-shape.ts';
import { halfOf } from './corpus-split.ts';
import { originsOf, realCorpus } from './corpus.ts';
import { type CrossingDays, crossingFigures, judgeCrossings } from './growth.ts';
import { median } from './metrics.ts';
import { holidaysFor } from './real-methods.ts';
import { trainingBefore } from './real-run.ts';

const { values } = parseArgs({ options: { origins: { type: 'string', default: '12' } } });
const ORIGINS = Number(values.origins);
const HORIZON_DAYS = 240;
const LEVEL = 80;
/** Thresholds: last year's highest day times these. */
const ABOVE_LAST_YEAR = [1, 1.05, 1.1];

type Rule = 'bands' | 'first day';
interface Pair { series: string; half: string; trueDay: number | null; forecast: Record<Rule, CrossingDays> }

const pairs: Pair[] = [];
for (const c of realCorpus()) {
  if (fillsLikeStore(c.series.values)) continue;
  for (const origin of originsOf(c.series.values, HORIZON_DAYS, ORIGINS)) {
    const train = trainingBefore(c.series, origin);
    const lastYear = train.values.slice(-365).filter(Number.isFinite);
    const samples = train.values.map((value, i) => ({ timeMs: train.startMs + i * DAY_MS, value })).filter((s) => Number.isFinite(s.value));
    const top = Math.max(...lastYear);
    if (lastYear.length < 300 || !(top > 0)) continue;
    const f = forecastOne(samples, { horizonDays: HORIZON_DAYS, levelPercent: LEVEL, threshold: Infinity, holidays: holidaysFor(c.country, train, HORIZON_DAYS), seasonality: 'multiplicative', bounds: { min: 0 } });
    if (!f) continue;
    const originMs = c.series.startMs + origin * DAY_MS;
    const day = (x: Crossing): CrossingDays => {
      const d = (t: number | null) => (t === null ? null : Math.round((t - originMs) / DAY_MS));
      return { earliest: d(x.earliest), likely: d(x.likely), latest: d(x.latest) };
    };
    const ahead = c.series.values.slice(origin, origin + HORIZON_DAYS);
    // The scatter forecastOne dates its crossing with, for any threshold.
    const own = ownNoise(train.values, 'multiplicative');
    const noise = { levelPercent: LEVEL, dayScatter: (_: number, value: number) => scatterAt(own, value), spellDays: own.spellDays };
    for (const factor of ABOVE_LAST_YEAR) {
      const threshold = top * factor;
      const first = ahead.findIndex((v) => v >= threshold);
      pairs.push({ series: c.name, half: halfOf(c.name), trueDay: first < 0 ? null : first, forecast: { bands: day(findCrossing(f.points, threshold)), 'first day': day(findCrossing(f.points, threshold, noise)) } });
    }
  }
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
console.log(`Peaks above last year's highest day (×${ABOVE_LAST_YEAR.join(', ×')}), ${ORIGINS} origins per series, ${HORIZON_DAYS} days ahead, the forecast job's fit`);
console.log('half  rule        cases  truths  hit  miss  invented  median / p90 err d  band holds  said likely (true)');
for (const half of ['dev', 'test']) {
  for (const rule of ['bands', 'first day'] as Rule[]) {
    const mine = pairs.filter((p) => p.half === half);
    const j = judgeCrossings(mine.map((p) => ({ trueDay: p.trueDay, forecast: p.forecast[rule] })), HORIZON_DAYS);
    const f = crossingFigures(j);
    // How often the rule calls a crossing within the horizon likely, beside how often one happens: a likely date
    // is a median, so the two shares should be near each other.
    const said = (j.hits + j.invented) / Math.max(1, mine.length);
    const share = `${fmt(100 * said, 0)} % (${fmt((100 * j.truths) / Math.max(1, mine.length), 0)} %)`;
    console.log(`${half.padEnd(4)}  ${rule.padEnd(10)}  ${String(mine.length).padStart(5)}  ${String(j.truths).padStart(6)}  ${String(j.hits).padStart(3)}  ${String(j.misses).padStart(4)}  ${String(j.invented).padStart(8)}  ${`${fmt(f.medianError)} / ${fmt(f.p90Error)}`.padStart(18)}  ${`${j.bandHolds}/${j.truths} (${fmt(100 * f.bandShare, 0)} %)`.padStart(10)}  ${share.padStart(18)}`);
  }
}
// Worst series for the first-day rule: the largest median error over its hits.
const bySeries = new Map<string, number[]>();
for (const p of pairs) {
  const likely = p.forecast['first day'].likely;
  if (p.trueDay !== null && likely !== null) bySeries.set(p.series, [...(bySeries.get(p.series) ?? []), Math.abs(likely - p.trueDay)]);
}
const worst = [...bySeries].map(([s, e]) => [s, median(e)] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
console.log(`worst (first day, median err over hits): ${worst.map(([s, m]) => `${s} (${halfOf(s)}) ${fmt(m, 0)} d`).join(', ')}`);
