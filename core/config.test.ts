import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
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
    expect(() => loadConfig({ RUNWAY_DISK_THRESHOLD_PERCENT: '100' })).toThrow(/strictly between 0 and 100/);
  });
});
