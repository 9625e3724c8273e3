import { loadConfig } from '../core/config.ts';
import { loadInventory } from '../core/inventory/load-inventory.ts';
import { storeFromConfig } from '../core/store-from-config.ts';
import { startForecastWorker } from '../service/queue/forecast-worker.ts';

/** `runway worker`: takes forecast jobs from the queue on REDIS_URL until SIGINT/SIGTERM. */
export async function workerCommand(): Promise<void> {
  const config = loadConfig();
  if (!config.redisUrl) throw new Error('runway worker takes its jobs from Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379) to the Redis runway serve uses.');
  const store = storeFromConfig(config);
  const health = await store.ping();
  if (!health.reachable) throw new Error(`InfluxDB at ${config.influxUrl} is unreachable (${health.error}); set INFLUX_URL to the InfluxDB runway serve uses.`);
  // The inventory names each customer's country, whose holidays shape its load.
  const inventory = config.inventoryFile ? loadInventory(config.inventoryFile) : undefined;
  const country = new Map(inventory?.customers.map((c) => [c.id, c.country]) ?? []);
  const worker = startForecastWorker({ config, countries: country });
  process.stderr.write(`runway: worker ${worker.name} taking forecast jobs from ${new URL(config.redisUrl).host} (InfluxDB ${config.influxUrl}, database ${config.influxDb})\n`);
  const stop = async (signal: string) => {
    process.stderr.write(`runway: ${signal}, finishing the jobs in hand\n`);
    await worker.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
