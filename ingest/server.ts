import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type RouteOptions } from 'fastify';
import type { Config } from '../core/config.ts';
import type { MetricStore, MetricWriter } from '../core/store.ts';
import { ingestApp, type IngestAppOptions, type LoadSheddingOptions } from './app.ts';
import type { IngestMetrics } from './metrics.ts';
import { addOpenApi } from './openapi.ts';

export interface ServerOptions {
  config: Config;
  /** InfluxDB: /health pings it, and without a `writer` writes go straight to it. */
  store: MetricStore;
  /** Where writes go: the durable spool in `runway serve`. Tests that read back at once omit it. */
  writer?: MetricWriter;
  /** The service's metrics, shared with the spool that reports into them; a new registry when omitted. */
  metrics?: IngestMetrics;
  loadShedding?: Partial<LoadSheddingOptions>;
  /** Who may write what (the inventory's tokens); single-tenant settings when omitted. */
  auth?: IngestAppOptions['auth'];
  /** Further routes inside the ingest plugin, sharing its raw bodies and load shedding (the collectors). */
  plugins?: { plugin: FastifyPluginAsync<any>; options: object }[];
  /** Plugins beside the ingest plugin, with fastify's own body parsing (the read APIs). */
  siblings?: { plugin: FastifyPluginAsync<any>; options: object }[];
  /** Sees every route as it is added (the OpenAPI test lists them). */
  onRoute?: (route: RouteOptions) => void;
  /** The service's logger; false (tests) keeps output quiet. */
  logger: FastifyBaseLogger | false;
}

/** The thin server: logger, timeouts and graceful close around the ingest plugin. */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger === false ? { logger: false } : { loggerInstance: opts.logger }),
    bodyLimit: opts.config.bodyLimitBytes,
    // One log line per write request would drown the log at collector rates; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // Bounds on slow clients: the whole request must arrive within requestTimeout, and an idle
    // connection closes after connectionTimeout. Handlers are bounded by the spool's fsync or
    // InfluxDB's own timeout (influxTimeoutMs per batch) and by load shedding (app.ts).
    requestTimeout: 120_000,
    connectionTimeout: 130_000,
    forceCloseConnections: 'idle',
  });
  // `Expect: 100-continue` is answered by the app once the request is authenticated and admitted
  // (app.ts), not by Node at once: a refused client then never sends its body.
  app.server.on('checkContinue', (req, res) => app.server.emit('request', req, res));
  const { config, store, writer, metrics, loadShedding, auth, plugins } = opts;
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  // First, so that its onRoute hook sees every route the plugins below add.
  await addOpenApi(app);
  await app.register(ingestApp, { config, store, writer, metrics, loadShedding, auth, plugins });
  for (const { plugin, options } of opts.siblings ?? []) await app.register(plugin, options);
  return app;
}
