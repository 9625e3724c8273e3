import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Config } from '../core/config.ts';
import type { MetricStore } from '../core/store.ts';
import { ingestApp } from './app.ts';

export interface ServerOptions {
  config: Config;
  store: MetricStore;
  /** Further plugins the caller composes in (the runway API, for instance). */
  plugins?: { plugin: FastifyPluginAsync<any>; options: object }[];
  /** The service's logger; false (tests) keeps output quiet. */
  logger: FastifyBaseLogger | false;
}

/** The thin server: logger, timeouts and graceful close around the ingest plugin. */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger === false ? { logger: false } : { loggerInstance: opts.logger }),
    bodyLimit: opts.config.bodyLimitBytes,
    // One log line per write request would drown the log at collector rates; errors are logged by the error handler.
    disableRequestLogging: true,
    requestTimeout: 120_000,
    connectionTimeout: 130_000,
    forceCloseConnections: 'idle',
  });
  await app.register(ingestApp, { config: opts.config, store: opts.store });
  for (const { plugin, options } of opts.plugins ?? []) await app.register(plugin, options);
  return app;
}
