import type { CorpusSeries } from './corpus.ts';
import { type Half, halfOf } from './corpus-split.ts';
import { type RealSummary, type ScoredCase, sameCases, summarise } from './metrics.ts';
import { NAIVE } from './real-methods.ts';
import type { RealRun } from './real-run.ts';

export const fmt = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

export type Part = Half | 'whole';
export const PARTS: readonly Part[] = ['dev', 'test', 'whole'];

/** The cases of one half (or all), on the cases every method scored. */
export function partOf(run: RealRun, part: Part): Map<string, ScoredCase[]> {
  const keep = (r: ScoredCase): boolean => part === 'whole' || halfOf(r.series) === part;
  return sameCases(new Map([...run.byMethod].map(([name, rs]) => [name, rs.filter(keep)])));
}

/** Per method, its summary on a part of the corpus (all of them scored against seasonal naive). */
export function summaries(cases: Map<string, ScoredCase[]>): Map<string, RealSummary> {
  const naive = cases.get(NAIVE) ?? [];
  return new Map([...cases].map(([name, rs]) => [name, summarise(rs, naive)]));
}

export function printCorpus(corpus: readonly CorpusSeries[], originsOfSeries: (c: CorpusSeries) => number): void {
  for (const half of ['dev', 'test'] as const) {
    const names = corpus.filter((c) => halfOf(c.name) === half).map((c) => `${c.name} ×${originsOfSeries(c)}`);
    console.log(`${half} half (${names.length}): ${names.join(', ')}`);
  }
}

const HEADER = 'method              cases  geo-mean MASE/naive  mean MASE  blow-ups  80% cov  95% cov  median ms  (CPU ms)  failed  worst case (MASE/naive)';

function row(name: string, s: RealSummary, failed: number): string {
  const worst = s.worst ? `${fmt(s.worst.ratio)} ${s.worst.key}` : '–';
  return `${name.padEnd(18)}  ${String(s.cases).padStart(5)}  ${fmt(s.geoRatio, 3).padStart(19)}  ${fmt(s.meanMase).padStart(9)}  ${String(s.blowUps).padStart(8)}  ${fmt(s.coverage[0]!, 3).padStart(7)}  ${fmt(s.coverage[1]!, 3).padStart(7)}  ${fmt(s.medianMs, 1).padStart(9)}  ${fmt(s.medianCpuMs, 1).padStart(8)}  ${String(failed).padStart(6)}  ${worst}`;
}

/**
 * New hosts: per training length, each half's table as the corpus's, on the same series and origins
 * with only the last days of history (a host that arrived weeks or months ago).
 */
export function printShortHistories(runs: ReadonlyMap<number, RealRun>): void {
  for (const [days, run] of runs) {
    for (const half of ['dev', 'test'] as const) {
      console.log(`\nNew hosts, ${days} days of history, ${half} half (horizons 90 and 180 days pooled)`);
      console.log(HEADER);
      const failedIn = (name: string): number => (run.failures.get(name) ?? []).filter((f) => halfOf(f.split('@')[0]!) === half).length;
      for (const [name, s] of summaries(partOf(run, half))) console.log(row(name, s, failedIn(name)));
    }
  }
}

/** The three tables (dev, test, whole corpus), each also split by horizon for the whole corpus. */
export function printReal(run: RealRun): Map<Part, Map<string, RealSummary>> {
  const out = new Map<Part, Map<string, RealSummary>>();
  for (const part of PARTS) {
    const cases = partOf(run, part);
    const sums = summaries(cases);
    out.set(part, sums);
    const failedIn = (name: string): number => (run.failures.get(name) ?? []).filter((f) => part === 'whole' || halfOf(f.split('@')[0]!) === part).length;
    console.log(`\nReal corpus, ${part === 'whole' ? 'whole corpus' : `${part} half`} (horizons 90 and 180 days pooled; blow-up: MASE > 2× seasonal naive's)`);
    console.log(HEADER);
    for (const [name, s] of sums) console.log(row(name, s, failedIn(name)));
    if (part !== 'whole') continue;
    for (const h of [90, 180]) {
      console.log(`  whole corpus, ${h} days ahead only:`);
      const byH = summaries(new Map([...cases].map(([name, rs]) => [name, rs.filter((r) => r.horizon === h)])));
      for (const [name, s] of byH) console.log(`  ${row(name, s, 0)}`);
    }
  }
  const failures = [...run.failures].flatMap(([name, fs]) => fs.map((f) => `  ${name}: ${f}`));
  if (failures.length > 0) console.log(`Failed cases (not scored for any method):\n${failures.slice(0, 20).join('\n')}${failures.length > 20 ? `\n  … and ${failures.length - 20} more` : ''}`);
  return out;
}
