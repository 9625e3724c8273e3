/**
 * Forecast benchmark (not a test). Sections:
 *   real   every multi-year real series of ../shared/data (corpus.ts), split by name into a dev
 *          and a test half (corpus-split.ts); rolling origins over each series' last two years,
 *          90 and 180 days ahead; Runway through `runway forecast` against augurs Prophet, MSTL,
 *          ETS, seasonal naive and a 90-day linear trend;
 *   new-hosts  the same series and methods with only 60, 120 or 240 days of history (reported);
 *   growth the growing stores (repositories' trees, bitcoin's running sum): crossing dates of
 *          thresholds set to the true level 60, 120 and 200 days ahead, and of one never reached;
 *   fleet  the simulated demo fleet with known truth: MASE, crossings, warning lead times.
 *
 *   node bench/forecast/main.ts [--quick] [--only real|new-hosts|growth|fleet]
 *
 * --quick: 3 origins per real and growth series, 10 fleet hosts with origins every 120 days (full:
 * 8 origins; 24 hosts, origins every 60 days).
 * A case a method throws on is counted under "failed"; every method is scored on the cases all of
 * them forecast.
 */
import { cpus } from 'node:os';
import { HORIZONS, originsOf, realCorpus, TRAIN_DAYS } from './corpus.ts';
import { runFleetSection } from './fleet-section.ts';
import { printGrowth, runGrowth } from './growth-section.ts';
import { median } from './metrics.ts';
import { type MustShowInputs, mustShow, printMustShow } from './must-show.ts';
import { REAL_METHODS } from './real-methods.ts';
import { printCorpus, printReal, printShortHistories } from './real-report.ts';
import { runReal } from './real-run.ts';

const SECTIONS = ['real', 'new-hosts', 'growth', 'fleet'] as const;
type Section = (typeof SECTIONS)[number];

function parseArgs(argv: readonly string[]): { quick: boolean; only: Section | null } {
  const at = argv.indexOf('--only');
  const only = at >= 0 ? argv[at + 1] : undefined;
  if (only !== undefined && !(SECTIONS as readonly string[]).includes(only)) throw new Error(`--only takes one of ${SECTIONS.join(', ')}`);
  return { quick: argv.includes('--quick'), only: (only as Section | undefined) ?? null };
}

const { quick, only } = parseArgs(process.argv.slice(2));
const wants = (s: Section): boolean => only === null || only === s;
const log = (s: string): void => void process.stderr.write(s);
const started = Date.now();
console.log(`Forecast benchmark${quick ? ' (quick)' : ''}${only ? `, ${only} only` : ''}`);

const originCount = quick ? 3 : 8;
/** History lengths of the new-host section, and its origins per series (Prophet's fits bound it). */
const NEW_HOST_DAYS = [60, 120, 240];
const NEW_HOST_ORIGINS = 4;
const judged: MustShowInputs = {};
const corpus = wants('real') || wants('new-hosts') || wants('growth') ? realCorpus() : [];

if (wants('real')) {
  const origins = (c: (typeof corpus)[number]): number => originsOf(c.series.values, Math.max(...HORIZONS), originCount).length;
  console.log(`\nReal corpus: ${corpus.length} series, ${corpus.reduce((s, c) => s + origins(c), 0)} origins, horizons ${HORIZONS.join(' and ')} days, 80 % and 95 % intervals; up to 3 years of training before each origin`);
  printCorpus(corpus, origins);
  log('real corpus…\n');
  const run = await runReal(corpus, REAL_METHODS, originCount, log);
  const parts = printReal(run);
  judged.test = parts.get('test')!;
  judged.whole = parts.get('whole')!;
  const threeYears = (name: string) => (run.byMethod.get(name) ?? []).filter((r) => r.trainDays === TRAIN_DAYS);
  judged.speed = {
    runwayMs: median(threeYears('Runway').map((r) => r.ms)),
    runwayCpuMs: median(threeYears('Runway').map((r) => r.cpuMs)),
    prophetMs: median(threeYears('augurs Prophet').map((r) => r.ms)),
  };
}

if (wants('new-hosts')) {
  // Reported, not judged: how the methods do with weeks or months of history instead of years.
  const runs = new Map<number, Awaited<ReturnType<typeof runReal>>>();
  for (const days of NEW_HOST_DAYS) {
    log(`new hosts, ${days} days…\n`);
    runs.set(days, await runReal(corpus, REAL_METHODS, Math.min(originCount, NEW_HOST_ORIGINS), log, days));
  }
  console.log(`\nNew hosts: the same series with only the last ${NEW_HOST_DAYS.join(', ')} days before each origin (${NEW_HOST_ORIGINS} origins each)`);
  printShortHistories(runs);
}

if (wants('growth')) {
  log('growth crossings…\n');
  judged.growth = printGrowth(await runGrowth(corpus, REAL_METHODS, originCount, log));
}

if (wants('fleet')) judged.fleetDisks = runFleetSection(quick);

printMustShow(mustShow(judged));

console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s; node ${process.version}, ${cpus().length} CPUs)`);
