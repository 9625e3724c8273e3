import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../scripts/test-support/influx.ts';
import { tempDir } from '../scripts/test-support/temp-dir.ts';
import { SERVER_V8_FLAGS } from './server-heap.ts';

const RUNWAY = fileURLToPath(new URL('../bin/runway.js', import.meta.url));

describe('runway serve', () => {
  it('runs with its V8 flags, in the process that was started', async () => {
    const config = testConfig();
    const dir = tempDir('serve-flags');
    const env = {
      ...process.env, INFLUX_URL: config.influxUrl, INFLUX_DB: config.influxDb, RUNWAY_PORT: '0', LOG_LEVEL: 'silent', RUNWAY_FORECAST_INTERVAL_MS: '0',
      RUNWAY_SPOOL_DIR: join(dir.path, 'spool'), RUNWAY_ALERT_STATE_FILE: join(dir.path, 'alerts.json'), RUNWAY_ROLLUP_STATE_FILE: join(dir.path, 'rollups.json'), RUNWAY_FIT_MEMORY_FILE: join(dir.path, 'fits.ndjson'),
    };
    const child = spawn(process.execPath, [RUNWAY, 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('runway: listening on')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`runway serve exited (${code}): ${stderr}`)));
      });
      const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      for (const flag of SERVER_V8_FLAGS) expect(argv).toContain(flag);
      expect(argv.slice(argv.indexOf(RUNWAY))).toEqual([RUNWAY, 'serve', '']);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
      dir.remove();
    }
  });
});
