import type { CrossingJudgement } from './growth.ts';
import type { RealSummary } from './metrics.ts';
import type { CrossingStats } from './score.ts';

/** One condition of issue 10's "Must show", judged on this run; pass null when its section did not run. */
export interface Verdict {
  what: string;
  pass: boolean | null;
  detail: string;
}

/** What the conditions are judged on: each part may be missing when its section was not run. */
export interface MustShowInputs {
  /** Per method, the summary on the test half and on the whole corpus. */
  test?: ReadonlyMap<string, RealSummary>;
  whole?: ReadonlyMap<string, RealSummary>;
  /** Per method, the repo-growth crossing judgement. */
  growth?: ReadonlyMap<string, CrossingJudgement>;
  /** Runway's disk crossings in the fleet. */
  fleetDisks?: CrossingStats | null;
  /** Median ms per forecast on 3-year daily training series, Runway's and Prophet's, in this run. */
  speed?: { runwayMs: number; runwayCpuMs: number; prophetMs: number };
}

const RUNWAY = 'Runway';
const PROPHET = 'augurs Prophet';
const LINEAR = 'linear trend 90d';
const f = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

function realVerdicts(part: string, sums: ReadonlyMap<string, RealSummary> | undefined): Verdict[] {
  const r = sums?.get(RUNWAY);
  const p = sums?.get(PROPHET);
  if (!r || !p) return ['geo-mean', 'blow-ups', 'coverage'].map((w) => ({ what: `${part}: ${w}`, pass: null, detail: 'not run' }));
  const cov = r.coverage[0]!;
  return [
    { what: `${part}: Runway geo-mean MASE ratio ≤ 0.85 × Prophet's`, pass: r.geoRatio <= 0.85 * p.geoRatio, detail: `${f(r.geoRatio)} vs 0.85 × ${f(p.geoRatio)} = ${f(0.85 * p.geoRatio)}` },
    { what: `${part}: Runway blow-ups ≤ Prophet's`, pass: r.blowUps <= p.blowUps, detail: `${r.blowUps} vs ${p.blowUps}` },
    { what: `${part}: Runway 80 % coverage within 0.77–0.83`, pass: cov >= 0.77 && cov <= 0.83, detail: f(cov) },
  ];
}

function growthVerdicts(growth: ReadonlyMap<string, CrossingJudgement> | undefined): Verdict[] {
  const r = growth?.get(RUNWAY);
  const l = growth?.get(LINEAR);
  if (!r || !l) return ['misses', 'band'].map((w) => ({ what: `repo-growth: ${w}`, pass: null, detail: 'not run' }));
  const share = r.truths === 0 ? NaN : r.bandHolds / r.truths;
  return [
    { what: 'repo-growth: Runway misses fewer crossings than the 90-day linear trend', pass: r.misses < l.misses, detail: `${r.misses} vs ${l.misses} of ${r.truths}` },
    { what: 'repo-growth: Runway\'s 80 % band holds ≥ 75 % of the true dates', pass: share >= 0.75, detail: `${r.bandHolds}/${r.truths} = ${f(100 * share, 0)} %` },
  ];
}

function fleetVerdicts(d: CrossingStats | null | undefined): Verdict[] {
  if (!d) return ['band', 'date error within 90 d', 'date error beyond', 'invented'].map((w) => ({ what: `fleet disks: ${w}`, pass: null, detail: 'not run' }));
  const share = d.truths === 0 ? NaN : d.bandHolds / d.truths;
  return [
    { what: 'fleet disks: 80 % band holds ≥ 75 % of true crossings', pass: share >= 0.75, detail: `${d.bandHolds}/${d.truths} = ${f(100 * share, 0)} % (${d.steadyBandHolds}/${d.steadyTruths} where the simulated growth did not change after the origin)` },
    { what: 'fleet disks: median date error ≤ 3 d within 90 d', pass: d.medianErrorNearDays <= 3, detail: `${f(d.medianErrorNearDays, 1)} d` },
    { what: 'fleet disks: median date error ≤ 10 % of lead beyond 90 d', pass: d.medianErrorFarPercent <= 10, detail: `${f(d.medianErrorFarPercent, 1)} %` },
    { what: 'fleet disks: nothing invented', pass: d.invented === 0, detail: `${d.invented} invented` },
  ];
}

/** Every condition of issue 10's "Must show" that a bench run can judge, in its order. */
export function mustShow(x: MustShowInputs): Verdict[] {
  const speed: Verdict = x.speed
    ? { what: 'speed: Runway median ≤ 5 ms per 3-year daily series', pass: x.speed.runwayMs <= 5, detail: `${f(x.speed.runwayMs, 1)} ms wall, ${f(x.speed.runwayCpuMs, 1)} ms CPU (Prophet ${f(x.speed.prophetMs, 1)} ms, same run)` }
    : { what: 'speed', pass: null, detail: 'not run' };
  return [
    ...realVerdicts('test half', x.test),
    ...realVerdicts('whole corpus', x.whole),
    ...growthVerdicts(x.growth),
    ...fleetVerdicts(x.fleetDisks),
    speed,
  ];
}

export function printMustShow(verdicts: readonly Verdict[]): void {
  console.log('\nMust show (issue 10), judged on this run:');
  for (const v of verdicts) console.log(`  ${v.pass === null ? 'n/a ' : v.pass ? 'PASS' : 'FAIL'}  ${v.what}: ${v.detail}`);
}
