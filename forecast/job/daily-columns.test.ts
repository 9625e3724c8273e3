import { describe, expect, it } from 'vitest';
import { dailyColumnsQuery, foldDays, latestOf, samplesOf, type DailyStat } from './daily-columns.ts';

const DAY = 86_400_000;
const columns: DailyStat[] = [
  { stat: 'max', field: 'used_percent' },
  { stat: 'min', field: 'used_percent' },
  { stat: 'capacity', field: 'total_bytes' },
  { stat: 'percentile', field: 'usage_percent', percentile: 95 },
];

describe('daily columns', () => {
  it('are read as stored from the daily rollup, and aggregated by day from raw points', () => {
    const range = { fromMs: 0, toMs: 10 * DAY };
    expect(dailyColumnsQuery('rollup', 'disk', columns, range, ['host', 'mount'], `"host" = 'a'`)).toBe(
      'SELECT "max_used_percent" AS "c0", "min_used_percent" AS "c1", "max_total_bytes" AS "c2", "p95_usage_percent" AS "c3" FROM "rollup_1d"."disk" ' +
        `WHERE time >= 0ms AND time < ${10 * DAY}ms AND ("host" = 'a') GROUP BY "host", "mount"`,
    );
    expect(dailyColumnsQuery('raw', 'disk', columns, range, ['host'], '')).toBe(
      'SELECT max("used_percent") AS "c0", min("used_percent") AS "c1", last("total_bytes") AS "c2", percentile("usage_percent", 95) AS "c3" FROM "disk" ' +
        `WHERE time >= 0ms AND time < ${10 * DAY}ms GROUP BY time(1d), "host" fill(none)`,
    );
  });

  it('fold the rows of one day (two devices under one mount) as the day\'s own max and min, and keep the gaps', () => {
    const rows = foldDays({ name: 'disk', tags: { host: 'a' }, columns: ['time', 'c0', 'c1', 'c2', 'c3'], values: [
      [0, 50, 40, 100, 7],
      [0, 60, 45, null, 9],
      [DAY, null, 30, 200, null],
      [2 * DAY, 70, null, null, 8],
    ] }, columns);
    expect(rows.times).toEqual([0, DAY, 2 * DAY]);
    expect(rows.columns).toEqual([[60, null, 70], [40, 30, null], [100, 200, null], [9, null, 8]]);
    expect(samplesOf(rows, 0)).toEqual([{ timeMs: 0, value: 60 }, { timeMs: 2 * DAY, value: 70 }]);
    expect(latestOf(rows, 2, 0)).toBe(200);
    expect(latestOf(rows, 2, 2 * DAY)).toBeUndefined();
  });
});
