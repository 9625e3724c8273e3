import { pino, destination } from 'pino';
import { loadConfig } from '../core/config.ts';
import { storeFromConfig } from '../core/store-from-config.ts';
import { buildServer } from '../ingest/server.ts';
import { IngestMetrics } from '../ingest/metrics.ts';
import { DurableSpool } from '../ingest/spool/durable-spool.ts';
import { alertingFromConfig } from '../alerting/alerting-from-config.ts';
import { CapacityCycle } from '../service/capacity-cycle.ts';
import { runwayApi } from '../service/runway-api.ts';
import { loadDemoFleet, printCycle } from './demo.ts';

/** How long `--demo` waits for the spool to reach InfluxDB before forecasting anyway. */
const DEMO_DRAIN_TIMEOUT_MS = 300_000;

async function caughtUp(spool: DurableSpool, log: { warn(obj: object, msg: string): void }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), DEMO_DRAIN_TIMEOUT_MS)));
  const late = await Promise.race([spool.drained().then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) log.warn({ ...spool.stats() }, 'the spool has not reached InfluxDB yet; forecasting with what InfluxDB has');
}

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
  // Writes are acknowledged once durable in the spool; the spool replays them into InfluxDB.
  const metrics = new IngestMetrics();
  const spool = await DurableSpool.open({
    dir: config.spoolDir,
    maxBytes: config.spoolMaxBytes,
    sink: store,
    batchPoints: config.writeBatchPoints,
    log,
    observer: metrics,
  });
  const app = await buildServer({ config, store, writer: spool, metrics, logger: log, plugins: [{ plugin: runwayApi, options: { cycle, authenticate: () => ({ role: 'open' as const }) } }] });

  const address = await app.listen({ host: config.host, port: config.port });
  process.stderr.write(`runway: listening on ${address} (InfluxDB ${config.influxUrl}, database ${config.influxDb}, spool ${spool.dir})\n`);

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
    await caughtUp(spool, log); // the forecast reads InfluxDB: let the spool catch up first
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
    await spool.close(); // what is not yet in InfluxDB stays spooled for the next start
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
