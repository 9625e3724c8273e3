import { describe, expect, it } from 'vitest';
import { diskEvidence } from './disk-evidence.ts';

const DAY_MS = 86_400_000;
const END = Date.UTC(2026, 10, 21);
const series = (days: number, f: (i: number) => number) => Array.from({ length: days }, (_, i) => ({ timeMs: END - (days - i) * DAY_MS, value: f(i) }));

describe('diskEvidence', () => {
  it('measures a rotation swing that grew', () => {
    // Swing 1.5 points four months ago, widening to 4.5 points now.
    const swing = (i: number) => 1.5 + (3 * i) / 150;
    const max = series(150, (i) => 60 + 0.05 * i);
    const min = series(150, (i) => 60 + 0.05 * i - swing(i));
    const e = diskEvidence(max, min, undefined, END);
    expect(e.swingBefore).toBeGreaterThan(1.9);
    expect(e.swingBefore).toBeLessThan(2.8);
    expect(e.swingNow).toBeGreaterThan(4);
    expect(e.trafficCorrelation).toBeNull();
  });

  it('finds growth that follows traffic, and none where it does not', () => {
    const load = series(150, (i) => 2 + ((i * 7919) % 13) / 4); // busy and quiet days in no simple pattern
    let used = 50;
    const following = series(150, (i) => (used += 0.02 * load[i]!.value));
    expect(diskEvidence(following, following, load, END).trafficCorrelation).toBeGreaterThan(0.95);
    const steady = series(150, (i) => 50 + 0.05 * i + ((i * 104729) % 7) / 100);
    expect(Math.abs(diskEvidence(steady, steady, load, END).trafficCorrelation!)).toBeLessThan(0.3);
  });
});
