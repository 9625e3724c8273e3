import { describe, expect, it } from 'vitest';
import { type CaseResult, crossingStats } from './score.ts';

const fleetCase = (trueCrossing: number | null, likely: number | null, earliest: number | null, latest: number | null): CaseResult => ({
  key: `disk@${trueCrossing}-${likely}`, series: 'disk', origin: 0, trainDays: 1095, mae: 1, scale: 1, inside: 0, outcomes: 1, ms: 1,
  kind: 'disk', trueCrossing, forecastCrossing: likely, forecastEarliest: earliest, forecastLatest: latest,
});

describe('crossingStats', () => {
  const s = crossingStats([
    fleetCase(30, 32, 25, 40), // near, 2 d off, band holds
    fleetCase(60, 64, 64, 64), // near, 4 d off, one-day band misses
    fleetCase(150, 165, 120, null), // far, 10 % of lead off, band open beyond the horizon holds
    { ...fleetCase(200, null, null, null), changedAfterOrigin: true }, // missed, after a change no history showed
    fleetCase(null, 100, 90, 110), // invented
  ], () => true, 240);

  it('splits date errors into days within 90 d and % of the lead beyond', () => {
    expect(s.medianErrorNearDays).toBe(3);
    expect(s.medianErrorFarPercent).toBeCloseTo(10, 12);
  });
  it('counts the band holding the true day over the true crossings', () => {
    expect({ truths: s.truths, bandHolds: s.bandHolds }).toEqual({ truths: 4, bandHolds: 2 });
    expect({ truths: s.steadyTruths, bandHolds: s.steadyBandHolds }).toEqual({ truths: 3, bandHolds: 2 });
  });
  it('counts missed and invented crossings', () => expect({ missed: s.missed, invented: s.invented }).toEqual({ missed: 1, invented: 1 }));
});
