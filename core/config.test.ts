import { describe, expect, it } from 'vitest';
import { loadConfig, settingsReference } from './config.ts';
import { isRunwayError } from './errors.ts';

describe('loadConfig', () => {
  it('uses defaults, and env vars override them', () => {
    expect(loadConfig({}).port).toBe(9086);
    const c = loadConfig({ RUNWAY_PORT: '1234', INFLUX_URL: 'http://db:8086/', INFLUX_DB: 'x' });
    expect([c.port, c.influxUrl, c.influxDb]).toEqual([1234, 'http://db:8086', 'x']);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names the setting and its source when a value is invalid', () => {
    try {
      loadConfig({ RUNWAY_PORT: 'eighty' });
      expect.unreachable();
    } catch (e) {
      expect(isRunwayError(e, 'RUNWAY_ERR_CONFIG_INVALID')).toBe(true);
      expect((e as Error).message).toContain('port (env RUNWAY_PORT)');
    }
    expect(() => loadConfig({ INFLUX_URL: 'ftp://x' })).toThrow(/influxUrl/);
    expect(() => loadConfig({ RUNWAY_DISK_THRESHOLD_PERCENT: '100' })).toThrow(/must be from 1 to 99/);
  });

  it('refuses 0 where 0 breaks, and says the range', () => {
    expect(() => loadConfig({ RUNWAY_WRITE_BATCH_POINTS: '0' })).toThrow('writeBatchPoints (env RUNWAY_WRITE_BATCH_POINTS): must be from 1 to 1000000 (got "0")');
    expect(() => loadConfig({ INFLUX_TIMEOUT_MS: '0' })).toThrow('influxTimeoutMs (env INFLUX_TIMEOUT_MS): must be from 100 to 600000 (got "0")');
    expect(() => loadConfig({ RUNWAY_SPOOL_MAX_BYTES: '-1' })).toThrow(/spoolMaxBytes .*must be from/);
    // 0 where it means something: the forecast only on demand.
    expect(loadConfig({ RUNWAY_FORECAST_INTERVAL_MS: '0' }).forecastIntervalMs).toBe(0);
    expect(() => loadConfig({ RUNWAY_FORECAST_INTERVAL_MS: '10' })).toThrow(/from 60000 to 604800000 \(or 0, which runs it only on demand\)/);
  });

  it('states a range for every numeric setting', () => {
    for (const s of settingsReference().filter((x) => typeof x.default === 'number')) expect(s.range, s.key).toMatch(/^(0, or )?\d+–\d+$/);
  });

  it('refuses lead-time tiers that do not nest', () => {
    expect(() => loadConfig({ RUNWAY_CRITICAL_DAYS: '40' })).toThrow(/critical ≤ warning ≤ notice \(got 40, 30, 90\)/);
  });
});
