import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pino, destination } from 'pino';
import { loadConfig } from '../core/config.ts';
import type { Inventory } from '../core/inventory/inventory.ts';
import { loadInventory } from '../core/inventory/load-inventory.ts';
import { storeFromConfig } from '../core/store-from-config.ts';
import type { DurableSpool } from '../ingest/spool/durable-spool.ts';
import { demoInventory, demoWriteToken, inventoryYaml } from '../scripts/demo-fleet/demo-inventory.ts';
import { composeRuntime } from '../service/runtime.ts';
import { demoEndMs, loadDemoFleet, printCycle } from './demo.ts';

/** How long --demo waits for the spool to reach InfluxDB before forecasting with what InfluxDB has. */
const DEMO_DRAIN_TIMEOUT_MS = 5 * 60_000;
/** Where --demo writes the demo fleet's inventory when RUNWAY_INVENTORY names none. */
const DEMO_INVENTORY_PATH = 'var/demo/inventory.yaml';

interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** `runway serve [--demo]`: listens until SIGINT/SIGTERM. */
export async function serveCommand(args: string[]): Promise<void> {
  const demo = args.includes('--demo');
  let config = loadConfig();
  // Logs go to stderr so that stdout carries only what people read (the runway table).
  const log = pino({ level: config.logLevel }, destination(2));
  const health = await storeFromConfig(config).ping();
  if (!health.reachable) {
    // Collectors keep writing into the spool meanwhile; /health says "degraded" until InfluxDB answers.
    process.stderr.write(`runway: InfluxDB at ${config.influxUrl} is unreachable (${health.error}); starting anyway: writes are spooled and replayed once it is back (./scripts/start starts one, or set INFLUX_URL)\n`);
  }
  let inventory: Inventory | undefined;
  if (demo && !config.inventoryFile) {
    inventory = demoInventory({ endMs: demoEndMs() });
    mkdirSync(dirname(DEMO_INVENTORY_PATH), { recursive: true });
    writeFileSync(DEMO_INVENTORY_PATH, inventoryYaml(inventory));
    config = loadConfig(process.env, { inventoryFile: resolve(DEMO_INVENTORY_PATH) });
  } else if (config.inventoryFile) {
    inventory = loadInventory(config.inventoryFile);
  }
  // The demo sends three years once, in time order: rolled up as they pass, they need no INTO afterwards.
  const runtime = await composeRuntime(config, { ...(inventory ? { inventory } : {}), logger: log, spool: true, streamingRollups: demo });
  const address = await runtime.app.listen({ host: config.host, port: config.port });
  process.stderr.write(`runway: listening on ${address} (InfluxDB ${config.influxUrl}, database ${config.influxDb}, spool ${runtime.spool?.dir}${inventory ? `, inventory ${config.inventoryFile}` : ''})\n`);

  const guarded = (what: string, task: () => Promise<unknown>) => async () => {
    try {
      return await task();
    } catch (e) {
      log.error({ err: e }, `${what} failed; the next run will try again`);
      return null;
    }
  };
  // With a queue, schedulers on several machines take turns: one cycle, one alert evaluation at a time.
  const queue = runtime.queue;
  const runCycle = guarded('capacity cycle', () => (queue ? queue.exclusive(() => runtime.cycle.run()) : runtime.cycle.run()));
  const timers = schedule([
    [config.forecastIntervalMs, runCycle],
    [runtime.rollups ? config.rollupIntervalMs : 0, guarded('rollup', () => runtime.rollups!.run())],
    [runtime.scraper ? config.scrapeIntervalMs : 0, guarded('node_exporter scrape', () => runtime.scraper!.scrapeAll())],
    [runtime.ocoMonitor ? config.ocoIntervalMs : 0, guarded('OCO poll', () => runtime.ocoMonitor!.checkAll())],
  ]);
  if (demo) {
    await loadDemoFleet(address, demoWriteToken);
    if (runtime.streaming && runtime.rollups && !(await runtime.streaming.finish(runtime.rollups))) {
      log.warn({}, 'the demo fleet arrived out of order; its days are rolled up before the first forecast');
    }
    if (runtime.spool) await caughtUp(runtime.spool, log); // the forecast reads InfluxDB: let the spool catch up first
    const result = await runtime.cycle.run();
    printCycle(result);
  } else {
    void runCycle();
  }

  const stop = async (signal: string) => {
    process.stderr.write(`runway: ${signal}, shutting down\n`);
    for (const t of timers) clearInterval(t);
    await runtime.close(); // what is not yet in InfluxDB stays spooled for the next start
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** Recurring tasks; an interval of 0 switches one off. */
function schedule(tasks: [number, () => Promise<unknown>][]): NodeJS.Timeout[] {
  return tasks.filter(([ms]) => ms > 0).map(([ms, task]) => setInterval(() => void task(), ms));
}

async function caughtUp(spool: DurableSpool, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), DEMO_DRAIN_TIMEOUT_MS)));
  const late = await Promise.race([spool.drained().then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) log.warn({ ...spool.stats() }, 'the spool has not reached InfluxDB yet; forecasting with what InfluxDB has');
}
