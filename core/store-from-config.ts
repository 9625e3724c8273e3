import type { Config } from './config.ts';
import { InfluxHttpStore, type InfluxHttpStoreOptions } from './impl/influx-http-store.ts';

/** How to reach the config's InfluxDB, as plain data (a worker thread builds its own store from it). */
export function storeOptions(config: Config, retentionPolicy?: string): InfluxHttpStoreOptions {
  return {
    url: config.influxUrl,
    database: config.influxDb,
    username: config.influxUsername,
    password: config.influxPassword,
    timeoutMs: config.influxTimeoutMs,
    batchPoints: config.writeBatchPoints,
    ...(retentionPolicy ? { retentionPolicy } : {}),
  };
}

/** The store of the config's InfluxDB; `retentionPolicy` sends writes to another than the default. */
export function storeFromConfig(config: Config, retentionPolicy?: string): InfluxHttpStore {
  return new InfluxHttpStore(storeOptions(config, retentionPolicy));
}
