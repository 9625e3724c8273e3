import { describe, expect, it } from 'vitest';
import type { CrossingJudgement } from './growth.ts';
import type { RealSummary } from './metrics.ts';
import { mustShow } from './must-show.ts';
import type { CrossingStats } from './score.ts';

const summary = (geoRatio: number, blowUps: number, coverage80: number): RealSummary => ({
  cases: 10, geoRatio, meanMase: 1, worst: null, blowUps, coverage: [coverage80, 0.95], medianMs: 1, medianCpuMs: 1,
});
const judgement = (misses: number, bandHolds: number, truths = 20): CrossingJudgement => ({
  truths, hits: truths - misses, misses, invented: 0, errors: [], bandHolds, bandCollapsed: 0, errorsMissAsEnd: [],
});
const disks = (over: Partial<CrossingStats>): CrossingStats => ({
  pairs: 10, medianErrorDays: 3, p90ErrorDays: 5, medianErrorNearDays: 3, medianErrorFarPercent: 10, missed: 0, missedAfterChange: 0, invented: 0, truths: 4, bandHolds: 3, steadyTruths: 4, steadyBandHolds: 3, ...over,
});
const pass = (verdicts: ReturnType<typeof mustShow>) => verdicts.map((v) => v.pass);

describe('mustShow', () => {
  it('judges the real corpus against Prophet in the same run, at the boundaries', () => {
    const ok = new Map([['Runway', summary(0.85 * 0.6, 3, 0.77)], ['augurs Prophet', summary(0.6, 3, 0.8)]]);
    const bad = new Map([['Runway', summary(0.52, 4, 0.831)], ['augurs Prophet', summary(0.6, 3, 0.8)]]);
    expect(pass(mustShow({ test: ok, whole: bad })).slice(0, 6)).toEqual([true, true, true, false, false, false]);
  });

  it('judges growth misses against the linear trend and the band against 75 %', () => {
    const growth = new Map([['Runway', judgement(5, 15)], ['linear trend 90d', judgement(6, 10)]]);
    expect(pass(mustShow({ growth })).slice(6, 8)).toEqual([true, true]);
    const worse = new Map([['Runway', judgement(6, 14)], ['linear trend 90d', judgement(6, 10)]]);
    expect(pass(mustShow({ growth: worse })).slice(6, 8)).toEqual([false, false]);
  });

  it('judges fleet disks: band, date errors near and far, nothing invented', () => {
    expect(pass(mustShow({ fleetDisks: disks({}) })).slice(8, 12)).toEqual([true, true, true, true]);
    expect(pass(mustShow({ fleetDisks: disks({ bandHolds: 2, medianErrorNearDays: 3.5, medianErrorFarPercent: 11, invented: 1 }) })).slice(8, 12)).toEqual([false, false, false, false]);
  });

  it('says n/a for a section that did not run', () => {
    expect(mustShow({}).every((v) => v.pass === null)).toBe(true);
    expect(pass(mustShow({ speed: { runwayMs: 5, runwayCpuMs: 4, prophetMs: 300 } })).at(-1)).toBe(true);
  });
});
