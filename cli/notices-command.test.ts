import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoInventory, inventoryYaml } from '../scripts/demo-fleet/demo-inventory.ts';
import { DEMO_NOW_MS, DEMO_TEST_HOSTS } from '../scripts/test-support/global-setup.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { poolHeadroom } from '../forecast/job/pool-headroom.ts';
import { testPoolOf } from '../scripts/test-support/demo-test-pools.ts';
import { poolPoint } from '../service/stored-pools.ts';
import { readLatestRunwayRows } from '../service/stored-runway.ts';

const run = promisify(execFile);
const BIN = new URL('../bin/runway.js', import.meta.url).pathname;

describe('runway notices, against the forecasts runway serve stored', () => {
  // A database of its own, holding what the demo fleet's forecast run stored, so nothing else writes to it meanwhile.
  const config = testConfig();
  const store = storeFor(config);
  const dir = mkdtempSync(join(tmpdir(), 'runway-notices-'));
  const inventoryPath = join(dir, 'inventory.yaml');
  const snapshot = async () => JSON.stringify(await store.query('SELECT * FROM "forecast" GROUP BY *'));

  beforeAll(async () => {
    await store.ensureDatabase();
    for (const m of ['runway', 'forecast']) {
      await store.query(`SELECT * INTO "${config.influxDb}"."autogen".:MEASUREMENT FROM "${inject('demoDatabase')}"."autogen"."${m}" GROUP BY *`);
    }
    const inventory = demoInventory({ endMs: DEMO_NOW_MS, hosts: DEMO_TEST_HOSTS });
    writeFileSync(inventoryPath, inventoryYaml(inventory));
    // The pools' headroom, stored with the rows as runway serve's capacity cycle stores it.
    const rows = await readLatestRunwayRows(store);
    await store.write((await poolHeadroom(store, rows, testPoolOf(), rows[0]!.computedAtMs)).map(poolPoint));
  });

  it('writes each customer\'s notice from the stored rows and leaves the stored forecasts byte for byte as they were', async () => {
    const before = await snapshot();
    const runwayRowsBefore = JSON.stringify(await store.query('SELECT * FROM "runway" GROUP BY *'));
    expect(before.length).toBeGreaterThan(10_000);
    const out = join(dir, 'out');
    const env = { ...process.env, INFLUX_URL: config.influxUrl, INFLUX_DB: config.influxDb, RUNWAY_INVENTORY: inventoryPath, LOG_LEVEL: 'silent' };
    const { stdout } = await run(process.execPath, [BIN, 'notices', '--days', '90', '--out', out], { env });
    expect(stdout).toMatch(/shortage\(s\) →/);
    const files = readdirSync(out);
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);
    // The notice speaks as of the stored run: its dates are the stored crossings.
    const anyNotice = readFileSync(join(out, files.find((f) => f.endsWith('.txt'))!), 'utf8');
    expect(anyNotice.length).toBeGreaterThan(200);
    // Hyggehjem's Danish notice names its memory, CPU or inode shortages, and what its server pools can absorb.
    const hygge = readFileSync(join(out, 'hyggehjem.txt'), 'utf8').replace(/\n/g, ' ');
    expect(hygge).toMatch(/Hukommelse \(RAM\) på hyggehjem-|CPU-forbrug på hyggehjem-|Inodes på disken/);
    expect(hygge).toMatch(/serverpuljen hyggehjem(,| har selv brug)/);
    expect(await snapshot()).toBe(before);
    expect(JSON.stringify(await store.query('SELECT * FROM "runway" GROUP BY *'))).toBe(runwayRowsBefore);
  });

  it('says what to do when no forecast run is stored yet', async () => {
    const empty = testConfig();
    await storeFor(empty).ensureDatabase();
    const env = { ...process.env, INFLUX_URL: empty.influxUrl, INFLUX_DB: empty.influxDb, RUNWAY_INVENTORY: inventoryPath };
    const failure = await run(process.execPath, [BIN, 'notices', '--out', join(dir, 'none')], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringMatching(/no runway rows in InfluxDB database "test_\w+".*start it and let one run finish/) });
  });
});
