import { describe, expect, it } from 'vitest';
import { zForLevel } from '../normal-quantile.ts';
import { bandKey, CHECKED_DAYS, dayBands, surprisedHosts, typicalDailyChange } from './day-check.ts';
import type { ChunkDailySeries } from './fleet-queries.ts';

const DAY = 86_400_000;
const T = 20_000 * DAY;
const empty = (): ChunkDailySeries => ({ disks: [], minima: [], loads: [], mems: [], cpus: [], inodes: [] });

describe('dayBands', () => {
  const points = Array.from({ length: 10 }, (_, i) => ({ timeMs: T + i * DAY, value: 50, lower: 40, upper: 55 }));

  it('widens each side of the interval to 99 %, for the days just after the fit', () => {
    const steady = Array.from({ length: 200 }, () => ({ value: 50 }));
    const bands = dayBands(points, 80, T, steady);
    expect(bands.map(([day]) => day)).toEqual(Array.from({ length: CHECKED_DAYS }, (_, i) => T + i * DAY));
    const widen = zForLevel(99) / zForLevel(80);
    expect(bands[0]![1]).toBeCloseTo(50 - 10 * widen, 9);
    expect(bands[0]![2]).toBeCloseTo(50 + 5 * widen, 9);
  });

  it('is never narrower than five typical day-to-day changes of the last 90 days', () => {
    // Old days moved by 10 a day, the last 91 by 4: the typical change is 4.
    const samples = Array.from({ length: 200 }, (_, i) => ({ value: i < 109 ? (i % 2) * 10 : 50 + ((i % 2) * 4) }));
    expect(typicalDailyChange(samples)).toBe(4);
    const [band] = dayBands(points, 80, T, samples);
    const widen = zForLevel(99) / zForLevel(80);
    expect(band![1]).toBeCloseTo(50 - Math.max(10 * widen, 20), 9);
    expect(band![2]).toBe(50 + 20);
  });
});

describe('surprisedHosts', () => {
  const tags = (host: string) => ({ customer: 'acme', host, mount: '/' });
  const bands = new Map([
    [bandKey('disk_used_percent', tags('a')), [[T, 40, 60]] as [number, number, number][]],
    [bandKey('disk_used_percent', tags('b')), [[T, 40, 60]] as [number, number, number][]],
    [bandKey('load_daily_max', { customer: 'acme', host: 'a' }), [[T, 1, 3]] as [number, number, number][]],
  ]);

  it('names hosts with a day outside its band, on either side, or a series without a band', () => {
    const days = empty();
    days.disks = [
      { tags: tags('a'), samples: [{ timeMs: T, value: 59 }] },
      { tags: tags('b'), samples: [{ timeMs: T, value: 39 }] },
    ];
    days.loads = [{ tags: { customer: 'acme', host: 'a' }, samples: [{ timeMs: T, value: 2 }] }];
    days.mems = [{ tags: { customer: 'acme', host: 'c' }, samples: [{ timeMs: T, value: 20 }] }];
    expect(surprisedHosts(days, bands)).toEqual(new Set(['b', 'c']));
  });

  it('names a host whose band does not reach the day (a host not checked for days)', () => {
    const days = empty();
    days.disks = [{ tags: tags('a'), samples: [{ timeMs: T + DAY, value: 50 }] }];
    expect(surprisedHosts(days, bands)).toEqual(new Set(['a']));
    days.disks = [{ tags: tags('a'), samples: [{ timeMs: T, value: 50 }] }];
    expect(surprisedHosts(days, bands)).toEqual(new Set());
  });
});
