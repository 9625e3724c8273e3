import type { Config } from './config.ts';
import { InfluxHttpStore } from './impl/influx-http-store.ts';

/** The store of the config's InfluxDB; `retentionPolicy` sends writes to another than the default. */
export function storeFromConfig(config: Config, retentionPolicy?: string): InfluxHttpStore {
  return new InfluxHttpStore({
    url: config.influxUrl,
    database: config.influxDb,
    username: config.influxUsername,
    password: config.influxPassword,
    timeoutMs: config.influxTimeoutMs,
    batchPoints: config.writeBatchPoints,
    ...(retentionPolicy ? { retentionPolicy } : {}),
  });
}
