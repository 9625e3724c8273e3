/**
 * How often a new day would refit its host (forecast/job/day-check.ts) on the real series: at each
 * origin, `runway forecast` is fitted on the days before it and the next day is checked against the
 * range the job would keep, with and without the floor of typical day-to-day changes. Printed per
 * half of the corpus (the floor was chosen on dev; test is reported only) with the worst series.
 *
 *   node bench/forecast/next-day-check.ts [--origins N]   (default 16)
 */
import { parseArgs } from 'node:util';
import { dayBands } from '../../forecast/job/day-check.ts';
import { halfOf } from './corpus-split.ts';
import { originsOf, realCorpus } from './corpus.ts';
import { trainingBefore } from './real-run.ts';
import { runwayCommand } from './runway-command.ts';

const { values } = parseArgs({ options: { origins: { type: 'string', default: '16' } } });
const ORIGINS = Number(values.origins);
const LEVEL = 80;

type Tally = { days: number; outside: number; outsideIntervalOnly: number };
const halves = new Map<string, Tally>();
const perSeries: { name: string; half: string; tally: Tally }[] = [];
for (const c of realCorpus()) {
  const tally: Tally = { days: 0, outside: 0, outsideIntervalOnly: 0 };
  for (const origin of originsOf(c.series.values, 30, ORIGINS)) {
    const actual = c.series.values[origin];
    if (actual === undefined || !Number.isFinite(actual)) continue;
    const train = trainingBefore(c.series, origin);
    const answer = await runwayCommand({ series: train, horizonDays: 90, level: LEVEL, ...(c.country ? { country: c.country } : {}) });
    const dayMs = c.series.startMs + origin * c.series.stepMs;
    const samples = train.values.filter((v) => Number.isFinite(v)).map((value) => ({ value }));
    const outside = (band: [number, number, number] | undefined) => !band || band[0] !== dayMs || actual < band[1] || actual > band[2];
    tally.days++;
    if (outside(dayBands(answer.points, LEVEL, dayMs, samples)[0])) tally.outside++;
    if (outside(dayBands(answer.points, LEVEL, dayMs, [])[0])) tally.outsideIntervalOnly++;
  }
  const half = halfOf(c.name);
  perSeries.push({ name: c.name, half, tally });
  const sum = halves.get(half) ?? { days: 0, outside: 0, outsideIntervalOnly: 0 };
  halves.set(half, { days: sum.days + tally.days, outside: sum.outside + tally.outside, outsideIntervalOnly: sum.outsideIntervalOnly + tally.outsideIntervalOnly });
}

const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`;
console.log(`next days that would refit their host, ${ORIGINS} origins per series:`);
for (const [half, t] of [...halves].sort()) {
  console.log(`  ${half.padEnd(5)} ${t.outside}/${t.days} (${pct(t.outside, t.days)}); the interval alone, without the floor: ${t.outsideIntervalOnly}/${t.days} (${pct(t.outsideIntervalOnly, t.days)})`);
}
const worst = perSeries.filter((s) => s.tally.outside > 0).sort((a, b) => b.tally.outside / b.tally.days - a.tally.outside / a.tally.days);
console.log(`  worst: ${worst.slice(0, 5).map((s) => `${s.name} (${s.half}) ${s.tally.outside}/${s.tally.days}`).join(', ') || 'none'}`);
