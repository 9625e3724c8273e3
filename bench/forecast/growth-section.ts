import { findCrossing } from '../../forecast/crossing.ts';
import { DAY_MS } from '../../forecast/series.ts';
import type { CorpusSeries } from './corpus.ts';
import { originsOf } from './corpus.ts';
import { type CrossingDays, type CrossingJudgement, crossingFigures, GROWTH_HORIZON_DAYS, type GrowthCase, growthCases, judgeCrossings } from './growth.ts';
import type { RealMethod } from './real-methods.ts';
import { fmt } from './real-report.ts';
import { caseKey, errorLine, trainingBefore } from './real-run.ts';
import { dayOffset } from './runway-command.ts';

/** The growing stores of the corpus: the repositories' trees (bytes, files) and bitcoin's running sum. */
export const GROWTH_SERIES = ['tldr-bytes', 'tldr-files', 'nginx-bytes', 'bitcoin-cumulative'] as const;
/** The issue's growth condition is on ../shared/data/repo-growth alone. */
export const isRepoGrowth = (series: string): boolean => series !== 'bitcoin-cumulative';

interface Judged {
  key: string;
  series: string;
  truth: GrowthCase;
  forecast: CrossingDays;
}

/** Per method, every case's crossing; the cases a method threw on are dropped for all (as for MASE). */
export async function runGrowth(corpus: readonly CorpusSeries[], methods: readonly RealMethod[], originCount: number, log: (s: string) => void): Promise<Map<string, Judged[]>> {
  const out = new Map<string, Judged[]>();
  for (const m of methods) {
    const rows: Judged[] = [];
    for (const c of corpus.filter((x) => (GROWTH_SERIES as readonly string[]).includes(x.name))) {
      for (const origin of originsOf(c.series.values, GROWTH_HORIZON_DAYS + 1, originCount)) {
        const train = trainingBefore(c.series, origin);
        const originMs = c.series.startMs + origin * DAY_MS;
        const cases = growthCases(c.series.values, origin);
        try {
          const crossings = m.crossings
            ? await m.crossings(c, train, GROWTH_HORIZON_DAYS, cases.map((x) => x.threshold))
            : await viaPoints(m, c, train, cases);
          const day = (t: number | null): number | null => (t === null ? null : dayOffset(t, originMs));
          cases.forEach((truth, i) => {
            const x = crossings[i]!;
            rows.push({ key: `${caseKey(c, origin, GROWTH_HORIZON_DAYS)}:${truth.lead}`, series: c.name, truth, forecast: { earliest: day(x.earliest), likely: day(x.likely), latest: day(x.latest) } });
          });
        } catch (e) {
          log(`  ${m.name} failed on ${caseKey(c, origin, GROWTH_HORIZON_DAYS)}: ${errorLine(e)}\n`);
        }
      }
    }
    out.set(m.name, rows);
    log(`  ${m.name}: ${rows.length} growth cases\n`);
  }
  const counts = new Map<string, number>();
  for (const rows of out.values()) for (const r of rows) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
  return new Map([...out].map(([name, rows]) => [name, rows.filter((r) => counts.get(r.key) === out.size)]));
}

/** Methods that only forecast: the crossing of their 80 % forecast by the product's rule (crossing.ts). */
async function viaPoints(m: RealMethod, c: CorpusSeries, train: ReturnType<typeof trainingBefore>, cases: readonly GrowthCase[]) {
  const f = await m.forecast(c, train, GROWTH_HORIZON_DAYS, [80]);
  return cases.map((x) => findCrossing(f.byLevel[0]!, x.threshold));
}

const HEADER = 'method              cases  truths  hit  miss  invented  median / p90 err d  median err d (miss = day 241)  80% band holds  band one day';

function row(name: string, j: CrossingJudgement, cases: number): string {
  const f = crossingFigures(j);
  return `${name.padEnd(18)}  ${String(cases).padStart(5)}  ${String(j.truths).padStart(6)}  ${String(j.hits).padStart(3)}  ${String(j.misses).padStart(4)}  ${String(j.invented).padStart(8)}  ${`${fmt(f.medianError, 0)} / ${fmt(f.p90Error, 0)}`.padStart(18)}  ${fmt(f.medianMissAsEnd, 0).padStart(29)}  ${`${j.bandHolds} (${fmt(100 * f.bandShare, 0)} %)`.padStart(14)}  ${String(j.bandCollapsed).padStart(12)}`;
}

/** Prints the repo-growth table and the one with bitcoin's running sum too; returns the repo-growth judgements. */
export function printGrowth(results: Map<string, Judged[]>): Map<string, CrossingJudgement> {
  const repo = new Map<string, CrossingJudgement>();
  for (const [title, keep] of [
    ['repo-growth (tldr bytes and files, nginx bytes)', (r: Judged) => isRepoGrowth(r.series)],
    ['all growth series (with bitcoin\'s running sum)', () => true],
  ] as const) {
    console.log(`\nGrowth crossings, ${title}: thresholds at the true level ${'60, 120, 200'} days after each origin, and one never crossed within ${GROWTH_HORIZON_DAYS} days`);
    console.log(HEADER);
    for (const [name, rows] of results) {
      const kept = rows.filter(keep);
      const j = judgeCrossings(kept.map((r) => ({ trueDay: r.truth.trueDay, forecast: r.forecast })), GROWTH_HORIZON_DAYS);
      if (title.startsWith('repo')) repo.set(name, j);
      console.log(row(name, j, kept.length));
    }
  }
  return repo;
}
