import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../core/config.ts';
import { hostIndex, type Inventory } from '../core/inventory/inventory.ts';
import { RollupMaintainer } from '../core/impl/rollup-maintainer.ts';
import { prepareRollups } from '../core/impl/rollup-schema.ts';
import { firstRawDayMs, HISTORY_RP, ROLLUP_RP } from '../core/rollups.ts';
import type { MetricWriter } from '../core/store.ts';
import { storeFromConfig, storeOptions } from '../core/store-from-config.ts';
import { alertingFromConfig, type AlertingWiring } from '../alerting/alerting-from-config.ts';
import type { AlertingService } from '../alerting/alerting-service.ts';
import { inventoryAuthenticator, openAuthenticator, type Authenticate } from '../ingest/auth/authenticate.ts';
import { NodeExporterMapper } from '../ingest/collectors/node-exporter-mapping.ts';
import { HostActivity } from '../ingest/host-activity.ts';
import type { PipelineContext } from '../ingest/ingest-pipeline.ts';
import { IngestMetrics } from '../ingest/metrics.ts';
import { OcoMonitor } from '../ingest/oco/oco-monitor.ts';
import { NodeExporterScraper } from '../ingest/pollers/node-exporter-scraper.ts';
import { collectorRoutes } from '../ingest/routes/collectors.ts';
import { buildServer, type ServerOptions } from '../ingest/server.ts';
import { RetentionRouter } from '../ingest/retention-router.ts';
import { StreamingRollupWriter } from '../ingest/streaming-rollup-writer.ts';
import { DurableSpool } from '../ingest/spool/durable-spool.ts';
import { calendarOf } from '../forecast/job/forecast-chunk.ts';
import { DAY_MS } from '../forecast/series.ts';
import { CapacityCycle } from './capacity-cycle.ts';
import { ForecastPool } from './forecast-pool.ts';
import { ForecastQueue } from './queue/forecast-queue.ts';
import { readApi } from './read-api.ts';

export interface Runtime {
  config: Config;
  app: FastifyInstance;
  cycle: CapacityCycle;
  alerting: AlertingService;
  spool: DurableSpool | null;
  ocoMonitor: OcoMonitor | null;
  scraper: NodeExporterScraper | null;
  /** Keeps the hourly and daily rollups current; null when this InfluxDB cannot hold them. */
  rollups: RollupMaintainer | null;
  /** The forecast queue on Redis when REDIS_URL is set: chunks go to `runway worker` processes. */
  queue: ForecastQueue | null;
  /** With `streamingRollups`, rolls up what is written as it passes; `finish` it when the load is over. */
  streaming: StreamingRollupWriter | null;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  inventory?: Inventory;
  logger: FastifyBaseLogger | false;
  /** false writes straight to InfluxDB (tests that read back at once); production spools. */
  spool: boolean;
  /** Replaces the configured alert channels, clock or outbox limits (tests wire their own receivers). */
  alerting?: Omit<AlertingWiring, 'registry'>;
  /** Sees every HTTP route as it is added (the OpenAPI test lists them). */
  onRoute?: ServerOptions['onRoute'];
  /** Roll up points as they are written, for a load of years sent once in time order (the demo fleet). */
  streamingRollups?: boolean;
}

const quiet = { info() {}, warn() {}, error() {} };

/**
 * Loads the holiday library and the customers' calendars over the forecasts' years before ingest
 * listens. Loaded by the first capacity cycle instead, they held the event loop for 180 ms while
 * collectors waited for their acknowledgements. A country the library does not know is the
 * cycle's to report, for the customers it concerns.
 */
function warmCalendars(countries: readonly string[], config: Config, log: { warn(details: object, message: string): void }): void {
  const toMs = Date.now();
  for (const country of new Set(countries)) {
    try {
      calendarOf(country, { fromMs: toMs - config.forecastHistoryDays * DAY_MS, toMs, horizonDays: config.forecastHorizonDays });
    } catch (e) {
      log.warn({ country, reason: (e as Error).message }, 'holiday calendar not loaded at start');
    }
  }
}

/** Everything `runway serve` runs, wired once: the one place that knows how the parts fit. */
export async function composeRuntime(config: Config, opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.logger === false ? quiet : opts.logger;
  const store = storeFromConfig(config);
  // InfluxDB may be down at start: writes are spooled meanwhile, and the database is created on
  // the first replay that finds it missing (InfluxHttpStore.writeLines).
  await store.ensureDatabase().catch((e: Error) => log.warn({ reason: e.message }, 'InfluxDB is unreachable at start; writes are spooled until it is back'));
  const inventory = opts.inventory;
  const hosts = inventory ? hostIndex(inventory) : undefined;
  const authenticate: Authenticate = inventory ? inventoryAuthenticator(inventory) : openAuthenticator(config.ingestTokens.split(',').map((t) => t.trim()).filter(Boolean));
  const metrics = new IngestMetrics();
  mkdirSync(dirname(config.alertStateFile), { recursive: true });
  const spool = opts.spool
    ? await DurableSpool.open({ dir: config.spoolDir, maxBytes: config.spoolMaxBytes, sink: store, batchPoints: config.writeBatchPoints, log: log as FastifyBaseLogger, observer: metrics })
    : null;
  const source = await prepareRollups(store, { rawRetentionDays: config.rawRetentionDays, rollupRetentionDays: config.rollupRetentionDays, log });
  // Points past the raw retention (backfills) are acknowledged like any others: once in a spool of
  // their own, which replays them into the history policy.
  const historyStore = storeFromConfig(config, HISTORY_RP);
  const historySpool = opts.spool && source === 'rollup'
    ? await DurableSpool.open({ dir: join(config.spoolDir, HISTORY_RP), maxBytes: config.spoolMaxBytes, sink: historyStore, batchPoints: config.writeBatchPoints, log: log as FastifyBaseLogger })
    : null;
  // Rolled up once what was written before the pass is in InfluxDB (the spools have replayed it).
  const spools = [spool, historySpool].filter((s) => s !== null);
  const settled = spools.length > 0 ? () => Promise.all(spools.map((s) => drainedWithin(s, config.rollupIntervalMs))).then(() => undefined) : undefined;
  const rollups = source === 'rollup'
    ? new RollupMaintainer({ admin: store, rawRetentionDays: config.rawRetentionDays, marks: store, log, ...(settled ? { settled } : {}), ...(config.rollupStateFile ? { stateFile: config.rollupStateFile } : {}) })
    : null;
  await rollups?.restore();
  const raw: MetricWriter = spool ?? store;
  const routed: MetricWriter = rollups
    ? new RetentionRouter({ raw, history: historySpool ?? historyStore, rollups, rawRetentionDays: config.rawRetentionDays })
    : raw;
  const streaming = opts.streamingRollups && rollups
    ? new StreamingRollupWriter({
        inner: routed,
        rollups: { hour: storeFromConfig(config, ROLLUP_RP.hour), day: storeFromConfig(config, ROLLUP_RP.day) },
        hourlyFromMs: firstRawDayMs(Date.now(), config.rawRetentionDays),
      })
    : null;
  const writer: MetricWriter = streaming ?? routed;
  const activity = new HostActivity();
  const pipeline: PipelineContext = { writer, rules: { ...(hosts ? { hosts } : {}), defaultCustomer: config.defaultCustomer }, activity };
  const alerting = await alertingFromConfig(config, log, { ...opts.alerting, registry: metrics.registry });
  // The delivery clock starts with the service, whatever the forecast interval (0 included).
  alerting.startDelivery();
  const country = new Map(inventory?.customers.map((c) => [c.id, c.country]) ?? []);
  warmCalendars([config.forecastCountry, ...country.values()], config, log);
  const pool = new Map(hosts ? [...hosts.values()].flatMap((e) => (e.host.pool ? [[e.host.name, e.host.pool] as const] : [])) : []);
  // Without Redis, the fits run on this machine's cores; with it, on any number of workers.
  const queue = config.redisUrl ? new ForecastQueue({ redisUrl: config.redisUrl, database: config.influxDb }) : null;
  const forecastPool = queue ? null : new ForecastPool(undefined, { store: storeOptions(config), countries: [...country] });
  const cycle = new CapacityCycle({
    config, store, alerting, log, countryOf: (c) => country.get(c), poolOf: (h) => pool.get(h), source,
    ...(forecastPool ? { pool: forecastPool } : {}), ...(queue ? { queue } : {}), ...(rollups ? { rollups } : {}),
    ...(config.fitMemoryFile ? { fitMemoryFile: config.fitMemoryFile } : {}),
  });
  const hostEntries = hosts ? [...hosts.values()] : [];
  const ocoMonitor = inventory ? new OcoMonitor({ hosts: hostEntries, activity, writer, staleMs: config.ocoStaleMs }) : null;
  const nodeExporter = new NodeExporterMapper();
  const scraper = inventory ? new NodeExporterScraper({ hosts: hostEntries, mapper: nodeExporter, pipeline }) : null;

  const app = await buildServer({
    config,
    store,
    writer,
    metrics,
    logger: opts.logger,
    ...(opts.onRoute ? { onRoute: opts.onRoute } : {}),
    auth: { authenticate, pipeline },
    plugins: [{ plugin: collectorRoutes, options: { pipeline, bodyLimitBytes: config.bodyLimitBytes, nodeExporter } }],
    siblings: [{ plugin: readApi, options: { authenticate, cycle, alerting, monitor: ocoMonitor, reader: store, inventory, config } }],
  });
  return {
    config, app, cycle, alerting, spool, ocoMonitor, scraper, rollups, queue, streaming,
    async close() {
      await app.close();
      await alerting.close();
      await forecastPool?.close();
      await queue?.close();
      await spool?.close();
      await historySpool?.close();
    },
  };
}

/** Resolves when the spool has replayed everything written so far; rejects after `ms`. */
function drainedWithin(spool: DurableSpool, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the spool did not reach InfluxDB within ${ms} ms`)), ms);
    spool.drained().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
