import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REWRITE_MEASUREMENT } from '../../core/rollups.ts';
import { ALERT_MEASUREMENT, FORECAST_MEASUREMENT, HOLIDAY_MEASUREMENT, RUNWAY_MEASUREMENT } from '../../core/schema.ts';
import { countPoints } from '../../scripts/test-support/influx.ts';
import { startRunway, SUITE_TOKEN, type RunwayInProcess } from './runway-in-process.ts';

// What InfluxDB would refuse is refused up front, line by line, as InfluxDB refuses it; what
// Runway writes itself is refused to collectors altogether.
const T = 1_700_000_000_000_000_000n;
const AUTH = { authorization: `Token ${SUITE_TOKEN}` };

describe('refusing what InfluxDB would refuse, and what only Runway writes', () => {
  let runway: RunwayInProcess;
  beforeAll(async () => {
    // A type InfluxDB holds before Runway starts: Runway learns it from SHOW FIELD KEYS.
    const { storeFor, testConfig } = await import('../../scripts/test-support/influx.ts');
    const config = testConfig();
    await storeFor(config).writeLines(Buffer.from(`app,customer=tc,host=a latency=1.5 ${T}`));
    runway = await startRunway({ influxDb: config.influxDb });
  });
  afterAll(() => runway.close());

  const write = (body: string, url = '/write?db=telegraf') => runway.app.inject({ method: 'POST', url, headers: AUTH, payload: body });

  it('answers 400 naming a line whose field conflicts with the type InfluxDB holds, and stores the other lines', async () => {
    const res = await write([`app,customer=tc,host=a latency=2.5 ${T + 1n}`, `app,customer=tc,host=a latency=3i ${T + 2n}`, `app,customer=tc,host=a latency=4.5 ${T + 3n}`].join('\n'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('partial write: 1 of 3 lines rejected, 2 points stored: line 2: field type conflict: input field "latency" on measurement "app" is type integer, already exists as type float');
    await runway.spool.drained();
    expect(await countPoints(runway.store, 'app', 'latency', `"customer" = 'tc'`)).toBe(3);
  });

  it('refuses a type conflict between lines of one batch, and with an earlier accepted write, on every endpoint', async () => {
    const v2 = await write([`app,customer=tc,host=b queue="deep" ${T}`, `app,customer=tc,host=b queue=7i ${T + 1n}`].join('\n'), '/api/v2/write?org=o&bucket=b');
    expect(v2.statusCode).toBe(400);
    expect(v2.json()).toMatchObject({ code: 'invalid', lines: [{ line: 2, reason: expect.stringMatching(/"queue" on measurement "app" is type integer, already exists as type string/) }] });
    const later = await write(`app,customer=tc,host=c queue=true ${T + 5n}`, '/api/v1/import');
    expect(later.statusCode).toBe(400);
    expect(later.json().lines).toEqual([expect.objectContaining({ line: 1, reason: expect.stringMatching(/is type boolean, already exists as type string/) })]);
  });

  it('refuses a series key over InfluxDB\'s 65535 bytes by line, and stores the rest', async () => {
    // (The parser refuses one this long in characters already; the pipeline counts the bytes of the key as stored.)
    const res = await write([`app,customer=tc,host=d latency=1.5 ${T}`, `app,customer=tc,host=d,label=${'x'.repeat(70_000)} latency=1.5 ${T}`].join('\n'));
    expect(res.statusCode).toBe(400);
    expect(res.json().lines).toEqual([expect.objectContaining({ line: 2, reason: expect.stringMatching(/65535/) })]);
    await runway.spool.drained();
    expect(await countPoints(runway.store, 'app', 'latency', `"host" = 'd'`)).toBe(1);
  });

  it('counts dead letters per point when InfluxDB still refuses some points of a batch', async () => {
    // A type InfluxDB got behind Runway's back, after Runway read the types: only InfluxDB can tell.
    await runway.store.writeLines(Buffer.from(`app,customer=tc,host=e depth=1.5 ${T}`));
    const lines = Array.from({ length: 5 }, (_, k) => `app,customer=tc,host=e ${k === 2 ? 'depth=2i' : `width=${k}i`} ${T + BigInt(k + 1)}`);
    expect((await write(lines.join('\n'))).statusCode).toBe(204);
    await runway.spool.drained();
    expect(runway.spool.stats()).toMatchObject({ deadLetteredPoints: 1 });
    expect(await countPoints(runway.store, 'app', 'width', `"host" = 'e'`)).toBe(4);
    expect(await countPoints(runway.store, 'app', 'depth', `"host" = 'e'`)).toBe(1); // the one written directly
    const deadLetters = readFileSync(join(runway.spool.dir, 'dead-letters.lp'), 'utf8');
    expect(deadLetters).toMatch(/InfluxDB refused 1 of the 5 points of this batch \(it stored the others\): .*field type conflict/);
  });

  it('answers 403 to a collector writing Runway\'s own measurements, and stores nothing of the request', async () => {
    for (const measurement of [FORECAST_MEASUREMENT, RUNWAY_MEASUREMENT, ALERT_MEASUREMENT, HOLIDAY_MEASUREMENT, REWRITE_MEASUREMENT]) {
      const res = await write([`system,customer=rm,host=h load1=1 ${T}`, `${measurement},customer=other,host=h v=1 ${T}`].join('\n'));
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe(`forbidden: measurement "${measurement}" is written by Runway only (its own output); nothing of this request was stored`);
    }
    const v2 = await write(`${HOLIDAY_MEASUREMENT},customer=other name="Fake day" ${T}`, '/api/v2/write?org=o&bucket=b');
    expect(v2.json()).toMatchObject({ code: 'forbidden' });
    expect((await write(`${FORECAST_MEASUREMENT},customer=x v=1 ${T}`, '/api/v1/import')).statusCode).toBe(403);
    await runway.spool.drained();
    expect(await countPoints(runway.store, 'system', 'load1', `"customer" = 'rm'`)).toBe(0);
    expect(await countPoints(runway.store, HOLIDAY_MEASUREMENT, 'name')).toBe(0);
  });
});
