import type { Config } from './config.ts';
import { InfluxHttpStore } from './impl/influx-http-store.ts';

export function storeFromConfig(config: Config): InfluxHttpStore {
  return new InfluxHttpStore({
    url: config.influxUrl,
    database: config.influxDb,
    username: config.influxUsername,
    password: config.influxPassword,
    timeoutMs: config.influxTimeoutMs,
    batchPoints: config.writeBatchPoints,
  });
}
