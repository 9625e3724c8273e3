import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../core/config.ts';
import { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';

/** The throwaway InfluxDB that ./scripts/test starts; tests refuse to run against anything else. */
export function testInfluxUrl(): string {
  const url = process.env.INFLUX_URL;
  if (!url) throw new Error('INFLUX_URL is not set: run the tests with ./scripts/test, which starts a throwaway InfluxDB');
  return url;
}

/** A config pointing at a database of its own, and state files of its own, so test files can run in parallel. */
export function testConfig(overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  const database = `test_${randomBytes(5).toString('hex')}`;
  const state = join(tmpdir(), `runway-${database}`);
  return loadConfig({}, { influxUrl: testInfluxUrl(), influxDb: database, logLevel: 'silent', rollupStateFile: join(state, 'rollup-state.json'), fitMemoryFile: join(state, 'fit-memory.ndjson'), ...overrides });
}

export function storeFor(config: Config): InfluxHttpStore {
  return new InfluxHttpStore({ url: config.influxUrl, database: config.influxDb, timeoutMs: 5000, batchPoints: config.writeBatchPoints });
}

/** Reads back what InfluxDB holds, straight from InfluxDB (not through Runway). */
export async function countPoints(store: InfluxHttpStore, measurement: string, field: string, where = ''): Promise<number> {
  const series = await store.query(`SELECT count("${field}") FROM "${measurement}"${where ? ` WHERE ${where}` : ''}`);
  return Number(series[0]?.values[0]?.[1] ?? 0);
}
