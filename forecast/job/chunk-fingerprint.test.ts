import { describe, expect, it } from 'vitest';
import { chunkFingerprint } from './chunk-fingerprint.ts';
import type { ChunkInput } from './forecast-chunk.ts';

const DAY_MS = 86_400_000;

function input(): ChunkInput {
  const samples = Array.from({ length: 30 }, (_, i) => ({ timeMs: i * DAY_MS, value: 40 + i / 10 }));
  return {
    run: '2026-12-07T07:00:00.000Z', nowMs: Date.UTC(2026, 11, 7, 7), fromMs: 0, toMs: 30 * DAY_MS, horizonDays: 90, levelPercent: 80,
    diskThresholdPercent: 90, memoryThresholdPercent: 90, cpuThresholdPercent: 85,
    disks: [{ tags: { customer: 'c', host: 'h', mount: '/' }, samples }], minima: [], loads: [], mems: [], cpus: [], inodes: [],
    cores: [['c\u0000h', 4]], diskBytes: [], memBytes: [], inodesTotal: [], countryOf: [], country: 'DK', events: [],
  };
}

describe('chunkFingerprint', () => {
  it('is the same for the same days read at another hour of another run', () => {
    expect(chunkFingerprint({ ...input(), run: 'later', nowMs: input().nowMs + 3_600_000 })).toBe(chunkFingerprint(input()));
  });

  it('changes with any day, capacity or setting the forecasts depend on', () => {
    const base = chunkFingerprint(input());
    const backfilled = input();
    backfilled.disks[0]!.samples[3]!.value += 0.001;
    const variants: ChunkInput[] = [backfilled, { ...input(), toMs: 31 * DAY_MS }, { ...input(), cores: [['c\u0000h', 8]] }, { ...input(), diskThresholdPercent: 85 }, { ...input(), countryOf: [['c', 'SE']] }];
    for (const v of variants) expect(chunkFingerprint(v)).not.toBe(base);
  });
});
