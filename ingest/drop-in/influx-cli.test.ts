import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPoints } from '../../scripts/test-support/influx.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';
import { startRunway, SUITE_TOKEN, type RunwayInProcess } from './runway-in-process.ts';

// The influx 1.x CLI (Debian's influxdb-client, installed by ./scripts/test) as operators use it
// against InfluxDB: it sends an empty `Content-Type:` header, which InfluxDB takes as none.
const run = promisify(execFile);
const LINES = 12_001;

describe('the influx 1.x CLI', () => {
  let runway: RunwayInProcess;
  const dir = tempDir('test-influx-cli');
  beforeAll(async () => {
    runway = await startRunway();
  });
  afterAll(async () => {
    await runway.close();
    dir.remove();
  });

  const cli = (...args: string[]) => {
    const { hostname, port } = new URL(runway.url);
    return run('influx', ['-host', hostname, '-port', port, '-username', 'ops', '-password', SUITE_TOKEN, ...args], { timeout: 60_000 });
  };

  it(`imports a file of ${LINES.toLocaleString('en')} lines, every one of them`, async () => {
    const path = join(dir.path, 'export.txt');
    const lines = Array.from({ length: LINES }, (_, k) => `diskio,customer=cli,host=db-${k % 7},name=sda reads=${k}i ${1_700_000_000_000_000_000n + BigInt(k) * 1_000_000_000n}`);
    writeFileSync(path, ['# DDL', 'CREATE DATABASE telegraf', '', '# DML', '# CONTEXT-DATABASE: telegraf', ...lines, ''].join('\n'));
    const { stdout, stderr } = await cli('-import', '-path', path, '-precision', 'ns');
    expect(stdout + stderr).toMatch(new RegExp(`Processed ${LINES} inserts`));
    expect(stdout + stderr).toMatch(/Failed 0 inserts/);
    await runway.spool.drained();
    expect(await countPoints(runway.store, 'diskio', 'reads', `"customer" = 'cli'`)).toBe(LINES);
  });

  it('writes with INSERT', async () => {
    await cli('-database', 'telegraf', '-execute', 'INSERT diskio,customer=cli-insert,host=db-1 reads=42i 1700000000000000000');
    await runway.spool.drained();
    expect(await countPoints(runway.store, 'diskio', 'reads', `"customer" = 'cli-insert'`)).toBe(1);
  });
});
