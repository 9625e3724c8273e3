import { pino, destination } from 'pino';
import { loadConfig } from '../core/config.ts';
import { storeFromConfig } from '../core/store-from-config.ts';
import { buildServer } from '../ingest/server.ts';
import { alertingFromConfig } from '../alerting/alerting-from-config.ts';
import { CapacityCycle } from '../service/capacity-cycle.ts';
import { runwayApi } from '../service/runway-api.ts';
import { loadDemoFleet, printCycle } from './demo.ts';

/** `runway serve [--demo]`: listens until SIGINT/SIGTERM. */
export async function serveCommand(args: string[]): Promise<void> {
  const demo = args.includes('--demo');
  const config = loadConfig();
  const store = storeFromConfig(config);
  const health = await store.ping();
  if (!health.reachable) {
    throw new Error(`InfluxDB at ${config.influxUrl} is unreachable (${health.error}). Start everything with ./scripts/start, or set INFLUX_URL to a running InfluxDB.`);
  }
  await store.ensureDatabase();

  // Logs go to stderr so that stdout carries only what people read (the runway table).
  const log = pino({ level: config.logLevel }, destination(2));
  const alerting = await alertingFromConfig(config, log);
  const cycle = new CapacityCycle({ config, store, alerting, log });
  const app = await buildServer({ config, store, logger: log, plugins: [{ plugin: runwayApi, options: { cycle, authenticate: () => ({ role: 'open' as const }) } }] });

  const address = await app.listen({ host: config.host, port: config.port });
  process.stderr.write(`runway: listening on ${address} (InfluxDB ${config.influxUrl}, database ${config.influxDb})\n`);

  const runCycle = async () => {
    try {
      return await cycle.run();
    } catch (e) {
      log.error({ err: e }, 'capacity cycle failed; the next run will try again');
      return null;
    }
  };
  if (demo) {
    await loadDemoFleet(address);
    const result = await runCycle();
    if (result) printCycle(result);
  } else {
    void runCycle();
  }
  const timer = config.forecastIntervalMs > 0 ? setInterval(() => void runCycle(), config.forecastIntervalMs) : undefined;

  const stop = async (signal: string) => {
    process.stderr.write(`runway: ${signal}, shutting down\n`);
    if (timer) clearInterval(timer);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
