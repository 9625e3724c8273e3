import { getHeapStatistics } from 'node:v8';
import underPressure from '@fastify/under-pressure';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Config } from '../core/config.ts';
import { RunwayError } from '../core/errors.ts';
import type { MetricStore, MetricWriter } from '../core/store.ts';
import { openAuthenticator, type Authenticate } from './auth/authenticate.ts';
import { replyWithError } from './error-replies.ts';
import { HostActivity } from './host-activity.ts';
import type { PipelineContext } from './ingest-pipeline.ts';
import { IngestMetrics } from './metrics.ts';
import { healthRoutes } from './routes/health.ts';
import { influxCompatRoutes } from './routes/influx-compat.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { writeRoutes } from './routes/write.ts';

/** When Runway sheds writes (503 + Retry-After) rather than take on more than it can handle. */
export interface LoadSheddingOptions {
  /** Mean event-loop delay over a sample, in milliseconds (0: not checked). */
  maxEventLoopDelayMs: number;
  /** V8 heap in use, in bytes (0: not checked). */
  maxHeapUsedBytes: number;
  /** Write requests being received or handled at once (each may hold a body up to bodyLimitBytes). */
  maxWritesInFlight: number;
  /** How often load is sampled, in milliseconds. */
  sampleIntervalMs: number;
}

export const DEFAULT_LOAD_SHEDDING: LoadSheddingOptions = {
  maxEventLoopDelayMs: 1000,
  maxHeapUsedBytes: Math.floor(getHeapStatistics().heap_size_limit * 0.85),
  maxWritesInFlight: 64,
  sampleIntervalMs: 1000,
};

export interface IngestAppOptions {
  config: Config;
  /** InfluxDB, for /health. */
  store: MetricStore;
  /** Where accepted points go: the durable spool in `runway serve`; the store itself when omitted. */
  writer?: MetricWriter;
  /** This app's metrics (a registry of its own); a new one when omitted. */
  metrics?: IngestMetrics;
  loadShedding?: Partial<LoadSheddingOptions>;
  /** Who may write what; without it, the single-tenant mode of the settings (RUNWAY_INGEST_TOKENS). */
  auth?: { authenticate: Authenticate; pipeline: PipelineContext };
  /** More routes (collectors, read APIs), registered inside this plugin so they share its body parsing, errors and load shedding. */
  plugins?: { plugin: FastifyPluginAsync<any>; options: object }[];
}

const WRITE_ROUTES = new Set(['/write', '/api/v2/write', '/api/v1/telegraf', '/api/v1/import', '/api/v1/prometheus', '/api/v1/rtm', '/api/v1/nagios', '/api/v0/update']);
const isWrite = (req: FastifyRequest): boolean => WRITE_ROUTES.has(req.routeOptions.url ?? '');

/**
 * The ingest service as a fastify plugin: load shedding first, then body parsing and error
 * handling, then routes. The server entry point and the tests (through inject) both register it.
 */
export async function ingestApp(app: FastifyInstance, opts: IngestAppOptions): Promise<void> {
  const { config, store } = opts;
  const metrics = opts.metrics ?? new IngestMetrics();
  const writer = opts.writer ?? store;
  const { authenticate, pipeline } = opts.auth ?? {
    authenticate: openAuthenticator(config.ingestTokens.split(',').map((t) => t.trim()).filter(Boolean)),
    pipeline: { writer, rules: { defaultCustomer: config.defaultCustomer }, activity: new HostActivity() },
  };

  await protectWrites(app, { ...DEFAULT_LOAD_SHEDDING, ...opts.loadShedding });
  // Bodies stay raw: line protocol is parsed by our own parser after gzip decoding,
  // and whatever Content-Type a collector sends (or none), the body is taken as it is.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes }, (_req, body, done) => done(null, body));
  app.setErrorHandler<FastifyError>((error, req, reply) => {
    if (isWrite(req)) metrics.refusedRequest(error);
    return replyWithError(error, req, reply);
  });

  await app.register(writeRoutes, { writer, metrics, authenticate, rules: pipeline.rules, activity: pipeline.activity, bodyLimitBytes: config.bodyLimitBytes });
  await app.register(influxCompatRoutes, { authenticate, database: config.influxDb });
  await app.register(healthRoutes, { store });
  await app.register(metricsRoutes, { metrics, authenticate });
  for (const { plugin, options } of opts.plugins ?? []) await app.register(plugin, options);
}

/**
 * Sheds write requests, before their bodies are read, when the process is saturated (event-loop
 * delay, heap) or too many writes are in flight: 503 with Retry-After, which both Telegraf outputs
 * retry. /ping, /health and /metrics stay answered, so the state can be seen while shedding.
 */
async function protectWrites(app: FastifyInstance, limits: LoadSheddingOptions): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: limits.maxHeapUsedBytes,
    sampleInterval: limits.sampleIntervalMs,
    pressureHandler: (req, _reply, type, value) => {
      if (!isWrite(req)) return undefined; // undefined: let the request through
      const reason = type === 'eventLoopDelay' ? `event loop delayed ${Math.round(value ?? 0)} ms` : `${type} at ${Math.round(value ?? 0)}`;
      return Promise.reject(new RunwayError('RUNWAY_ERR_INGEST_OVERLOADED', { reason }));
    },
  });
  let inFlight = 0;
  app.addHook('onRequest', async (req, reply) => {
    if (!isWrite(req)) return;
    if (inFlight >= limits.maxWritesInFlight) {
      throw new RunwayError('RUNWAY_ERR_INGEST_OVERLOADED', { reason: `${inFlight} writes in flight` });
    }
    inFlight++;
    // 'close' fires whether the response was sent or the client went away.
    reply.raw.once('close', () => inFlight--);
  });
}
