/**
 * Crossings on fleets the forecast was not tuned on. The fleet section scores Runway on one simulated
 * fleet (seed 42), the one every choice so far was looked at on. Another seed keeps the scenarios (a
 * leak, a Christmas that saturates the cores, a mail host out of inodes) and draws new noise and new
 * unremarkable hosts, so each seed is a fleet of the same kind that nobody has seen. The unseen seeds
 * are split in two: choices may be tuned on the first half, and are judged on the second.
 *
 * Runway only (the forecast job's own fit and crossing), per resource: crossings within 90 days in
 * days, later ones as a share of their lead, missed and invented, per seed and per half, with the
 * worst cases beside.
 *
 *   node bench/forecast/fleet-seeds-check.ts [--tune 1,2,3,4] [--report 5,6,7,8] [--hosts 24]
 */
import { parseArgs } from 'node:util';
import { fleetSeries } from './cases.ts';
import { runwayJob } from './fleet-section.ts';
import { median, percentile } from './metrics.ts';
import { type CaseResult, crossingStats, NEAR_DAYS, runCase } from './score.ts';

const { values } = parseArgs({ options: { tune: { type: 'string', default: '1,2,3,4' }, report: { type: 'string', default: '5,6,7,8' }, hosts: { type: 'string', default: '24' } } });
const seedsOf = (s: string): number[] => s.split(',').filter(Boolean).map(Number);
/** The fleet the bench's fleet section runs, and every choice so far was made on. */
const SEEN = 42;
const HALVES: [string, number[]][] = [['seen', [SEEN]], ['tune', seedsOf(values.tune)], ['report', seedsOf(values.report)]];
const RUNWAY = { name: 'Runway', forecast: runwayJob('backtest') };
const KINDS = ['disk', 'load', 'memory', 'cpu', 'inodes'] as const;

const bySeed = new Map<number, CaseResult[]>();
for (const seed of HALVES.flatMap(([, s]) => s)) {
  process.stderr.write(`fleet seed ${seed}…\n`);
  const results: CaseResult[] = [];
  for (const c of fleetSeries(60, Number(values.hosts), seed)) for (const o of c.origins) results.push({ ...runCase(RUNWAY, c, o), series: `${c.name} #${seed}` });
  bySeed.set(seed, results);
}

const fmt = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '–');
const nearErrors = (rs: CaseResult[]): CaseResult[] => rs.filter((r) => r.trueCrossing != null && r.trueCrossing < NEAR_DAYS && r.forecastCrossing != null);
const err = (r: CaseResult): number => Math.abs(r.forecastCrossing! - r.trueCrossing!);

console.log(`Runway's crossings on simulated fleets: ${values.hosts} hosts, origins every 60 days; seed ${SEEN} is the fleet choices were made on`);
console.log(`what     half    seeds        within ${NEAR_DAYS} d: pairs  median  p90  worst   beyond: median % of lead  missed  invented  per seed (median within ${NEAR_DAYS} d)`);
const worst: string[] = [];
for (const kind of KINDS) {
  for (const [half, seeds] of HALVES) {
    const rs = seeds.flatMap((s) => bySeed.get(s)!).filter((r) => r.kind === kind);
    const s = crossingStats(rs, () => true);
    const near = nearErrors(rs).map(err);
    const perSeed = seeds.map((seed) => fmt(median(nearErrors(bySeed.get(seed)!.filter((r) => r.kind === kind)).map(err)))).join(' ');
    console.log(`${kind.padEnd(7)}  ${half.padEnd(6)}  ${seeds.join(',').padEnd(11)}  ${String(near.length).padStart(17)}  ${fmt(median(near)).padStart(6)}  ${fmt(percentile(near, 0.9), 0).padStart(3)}  ${fmt(Math.max(...near), 0).padStart(5)}  ${fmt(s.medianErrorFarPercent).padStart(24)}  ${String(s.missed).padStart(6)}  ${String(s.invented).padStart(8)}  ${perSeed}`);
    if (half === 'report') {
      const top = nearErrors(rs).sort((a, b) => err(b) - err(a)).slice(0, 3);
      if (top.length) worst.push(`${kind}: ${top.map((r) => `${r.series} from day ${r.origin}: ${r.forecastCrossing} d for ${r.trueCrossing}${r.changedAfterOrigin ? ' (growth changed after the origin)' : ''}`).join('; ')}`);
    }
  }
}
console.log('\nWorst crossings within 90 days on the report fleets:');
for (const line of worst) console.log(`  ${line}`);
