import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../core/config.ts';
import { hostIndex, type Inventory } from '../core/inventory/inventory.ts';
import type { MetricWriter } from '../core/store.ts';
import { storeFromConfig } from '../core/store-from-config.ts';
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
import { DurableSpool } from '../ingest/spool/durable-spool.ts';
import { CapacityCycle } from './capacity-cycle.ts';
import { readApi } from './read-api.ts';

export interface Runtime {
  config: Config;
  app: FastifyInstance;
  cycle: CapacityCycle;
  alerting: AlertingService;
  spool: DurableSpool | null;
  ocoMonitor: OcoMonitor | null;
  scraper: NodeExporterScraper | null;
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
}

const quiet = { info() {}, warn() {}, error() {} };

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
  const writer: MetricWriter = spool ?? store;
  const activity = new HostActivity();
  const pipeline: PipelineContext = { writer, rules: { ...(hosts ? { hosts } : {}), defaultCustomer: config.defaultCustomer }, activity };
  const alerting = await alertingFromConfig(config, log, { ...opts.alerting, registry: metrics.registry });
  // The delivery clock starts with the service, whatever the forecast interval (0 included).
  alerting.startDelivery();
  const country = new Map(inventory?.customers.map((c) => [c.id, c.country]) ?? []);
  const pool = new Map(hosts ? [...hosts.values()].flatMap((e) => (e.host.pool ? [[e.host.name, e.host.pool] as const] : [])) : []);
  const cycle = new CapacityCycle({ config, store, alerting, log, countryOf: (c) => country.get(c), poolOf: (h) => pool.get(h) });
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
    config, app, cycle, alerting, spool, ocoMonitor, scraper,
    async close() {
      await app.close();
      await alerting.close();
      await spool?.close();
    },
  };
}
