import { describe, expect, it } from 'vitest';
import { storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { RAW_RP, ROLLUP_RP, type RollupGrain } from '../rollups.ts';
import { float, int, msToNs, type MetricPoint } from '../schema.ts';
import { InfluxHttpStore } from './influx-http-store.ts';
import { rollUp } from './rollup-queries.ts';
import { prepareRollups } from './rollup-schema.ts';
import { StreamingRollups } from './streaming-rollups.ts';

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2026, 9, 1);
const quiet = { info() {}, warn() {} };

/** Two hosts, 20 minutes apart for four days: floats with a wobble, integers (cores, bytes), a string, CPU use. */
function points(): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (let t = START_MS, i = 0; t < START_MS + 4 * DAY_MS; t += 1_200_000, i++) {
    for (const host of ['web1', 'db1']) {
      const tags = { customer: 'acme', host };
      out.push({ measurement: 'system', tags, fields: { load1: float(1 + Math.abs(Math.sin(i / 7)) * 3), n_cpus: int(host === 'db1' ? 8 : 4) }, timeNs: msToNs(t) });
      // CPU use, whose daily 95th percentile the daily rollup keeps too.
      out.push({ measurement: 'cpu', tags, fields: { usage_percent: float(20 + 70 * Math.abs(Math.sin(i / 3)) + (i % 11)) }, timeNs: msToNs(t) });
      out.push({
        measurement: 'disk',
        tags: { ...tags, mount: '/' },
        fields: { used_percent: float(40 + i / 97 + 2 * Math.sin(i / 5)), used_bytes: int(1_000_000_000 + i * 12_345), fstype: { type: 'string', value: 'ext4' } },
        timeNs: msToNs(t),
      });
    }
  }
  return out;
}

async function rollupRows(store: InfluxHttpStore, grain: RollupGrain): Promise<Map<string, unknown[][]>> {
  const out = new Map<string, unknown[][]>();
  for (const m of ['system', 'disk', 'cpu']) {
    for (const s of await store.query(`SELECT * FROM "${ROLLUP_RP[grain]}"."${m}" GROUP BY *`)) out.set(`${m} ${JSON.stringify(s.tags)}`, s.values);
  }
  return out;
}

describe('StreamingRollups (real InfluxDB 1.x)', () => {
  it("computes InfluxDB's own rollups: the same points, values and field types as SELECT … INTO", async () => {
    const config = testConfig();
    const store = storeFor(config);
    await store.ensureDatabase();
    await prepareRollups(store, { rawRetentionDays: 0, rollupRetentionDays: 0, log: quiet });
    const all = points();
    await store.write(all);
    // The last day is rolled up daily only, as imported history is.
    const stream = new StreamingRollups(START_MS + DAY_MS);
    for (let i = 0; i < all.length; i += 500) stream.add(all.slice(i, i + 500));
    const done = stream.finish();
    expect(stream.valid).toBe(true);
    const writer = (rp: string) => new InfluxHttpStore({ url: config.influxUrl, database: config.influxDb, timeoutMs: 5000, batchPoints: 5000, retentionPolicy: rp });
    await writer(ROLLUP_RP.hour).write(done.hour);
    await writer(ROLLUP_RP.day).write(done.day);
    const streamed = { hour: await rollupRows(store, 'hour'), day: await rollupRows(store, 'day') };
    expect(streamed.hour.get('system {"customer":"acme","host":"db1"}')).toHaveLength(3 * 24);
    expect(streamed.day.get('system {"customer":"acme","host":"db1"}')).toHaveLength(4);

    // INTO overwrites the same points; a field of another type would be refused as a type conflict.
    await rollUp(store, { fromMs: START_MS, toMs: START_MS + DAY_MS, source: RAW_RP, grains: ['day'] });
    await rollUp(store, { fromMs: START_MS + DAY_MS, toMs: START_MS + 4 * DAY_MS, source: RAW_RP });
    for (const grain of ['hour', 'day'] as const) {
      const into = await rollupRows(store, grain);
      expect([...into.keys()].sort()).toEqual([...streamed[grain].keys()].sort());
      for (const [key, rows] of into) {
        const mine = streamed[grain].get(key)!;
        expect(mine.map((r) => r[0])).toEqual(rows.map((r) => r[0]));
        rows.forEach((row, r) => row.forEach((v, c) => expect(mine[r]![c], `${grain} ${key} row ${r} column ${c}`).toBeCloseTo(v as number, 9)));
      }
    }
  });

  it('gives up on a load whose points come out of order', () => {
    const stream = new StreamingRollups(0);
    // The first point and the same series one step later (six points per step).
    const [a, b] = [points()[0]!, points()[6]!];
    stream.add([b]);
    stream.add([{ ...a, timeNs: b.timeNs - msToNs(2 * 3_600_000) }]);
    expect(stream.valid).toBe(false);
    expect(stream.finish()).toEqual({ hour: [], day: [] });
  });
});
