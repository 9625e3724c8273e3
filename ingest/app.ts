import { getHeapStatistics } from 'node:v8';
import underPressure from '@fastify/under-pressure';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Config } from '../core/config.ts';
import { RunwayError } from '../core/errors.ts';
import type { MetricStore, MetricWriter } from '../core/store.ts';
import { addWriteAdmission } from './admission/write-admission.ts';
import { openAuthenticator, type Authenticate } from './auth/authenticate.ts';
import { addRouteAuth, routeAuth } from './auth/route-auth.ts';
import { FieldTypeCache } from './checks/field-types.ts';
import { replyWithError } from './error-replies.ts';
import { HostActivity } from './host-activity.ts';
import type { PipelineContext } from './ingest-pipeline.ts';
import { IngestMetrics } from './metrics.ts';
import { healthRoutes } from './routes/health.ts';
import { influxCompatRoutes } from './routes/influx-compat.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { writeRoutes } from './routes/write.ts';

/** When Runway sheds writes (503 + Retry-After) because the process itself is saturated. */
export interface LoadSheddingOptions {
  /** Mean event-loop delay over a sample, in milliseconds (0: not checked). */
  maxEventLoopDelayMs: number;
  /** V8 heap in use, in bytes (0: not checked). */
  maxHeapUsedBytes: number;
  /** How often load is sampled, in milliseconds. */
  sampleIntervalMs: number;
}

export const DEFAULT_LOAD_SHEDDING: LoadSheddingOptions = {
  maxEventLoopDelayMs: 1000,
  maxHeapUsedBytes: Math.floor(getHeapStatistics().heap_size_limit * 0.85),
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

const isWrite = (req: FastifyRequest): boolean => routeAuth(req) === 'write';

/**
 * The ingest service as a fastify plugin: authentication from the headers, then load shedding
 * and the write queue, then body parsing and error handling, then routes. The server entry point
 * and the tests (through inject) both register it.
 */
export async function ingestApp(app: FastifyInstance, opts: IngestAppOptions): Promise<void> {
  const { config, store } = opts;
  const metrics = opts.metrics ?? new IngestMetrics();
  const writer = opts.writer ?? store;
  const given = opts.auth ?? {
    authenticate: openAuthenticator(config.ingestTokens.split(',').map((t) => t.trim()).filter(Boolean)),
    pipeline: { writer, rules: { defaultCustomer: config.defaultCustomer }, activity: new HostActivity() },
  };
  const { authenticate } = given;
  const pipeline = await completePipeline(given.pipeline, metrics, store);

  acceptEmptyContentType(app);
  addRouteAuth(app, authenticate);
  await shedWhenSaturated(app, { ...DEFAULT_LOAD_SHEDDING, ...opts.loadShedding });
  addWriteAdmission(app, { queueBytes: config.ingestQueueBytes, queueWaitMs: config.ingestQueueWaitMs, bodyTimeoutMs: config.bodyTimeoutMs });
  refuseOversizeBodiesEarly(app, config.bodyLimitBytes);
  // Bodies stay raw: line protocol is parsed by our own parser after gzip decoding,
  // and whatever Content-Type a collector sends (or none), the body is taken as it is.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes }, (_req, body, done) => done(null, body));
  app.setErrorHandler<FastifyError>((error, req, reply) => {
    if (isWrite(req)) metrics.refusedRequest(error);
    // Refused before `100 Continue`: the client will not send the body this connection awaits.
    if (expectsContinue(req) && req.body === undefined) reply.header('connection', 'close');
    return replyWithError(error, req, reply);
  });

  await app.register(writeRoutes, { pipeline, bodyLimitBytes: config.bodyLimitBytes });
  await app.register(influxCompatRoutes, { database: config.influxDb });
  await app.register(healthRoutes, { store });
  await app.register(metricsRoutes, { metrics });
  for (const { plugin, options } of opts.plugins ?? []) await app.register(plugin, options);
  app.addHook('onClose', async () => pipeline.fieldTypes?.stop());
}

/**
 * The pipeline as the routes use it: counting into this app's metrics, and checking field types
 * against a cache seeded from InfluxDB (a first attempt now; retried in the background while
 * InfluxDB is down, so that Runway starts and spools meanwhile). The caller's own object is
 * completed in place, so that routes and pollers composed around this app share it.
 */
async function completePipeline(pipeline: PipelineContext, metrics: IngestMetrics, store: MetricStore): Promise<PipelineContext> {
  pipeline.metrics ??= metrics;
  if (!pipeline.fieldTypes) {
    pipeline.fieldTypes = new FieldTypeCache();
    await pipeline.fieldTypes.seed(store);
  }
  return pipeline;
}

/**
 * The influx 1.x CLI sends `Content-Type:` with nothing after it; InfluxDB takes that as no
 * Content-Type, and so does Runway (fastify would answer 415).
 */
function acceptEmptyContentType(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const type = req.headers['content-type'];
    if (type !== undefined && type.trim() === '') delete req.headers['content-type'];
  });
}

/**
 * A body that says it is larger than the limit is refused before it is read. A client that asked
 * for `100 Continue` (server.ts holds it back until here) gets the 413 instead and sends nothing;
 * one that sent its body at once gets the 413 once the body is drained, on a connection that
 * stays open: closing it with the body unread would reset it, and the client would often see
 * EPIPE instead of the answer. `100 Continue` goes out once the request is authenticated,
 * admitted and within the limit.
 */
function refuseOversizeBodiesEarly(app: FastifyInstance, limitBytes: number): void {
  app.addHook('onRequest', async (req, reply) => {
    if (Number(req.headers['content-length']) > limitBytes) {
      throw Object.assign(new Error(`Request body is too large: Content-Length exceeds ${limitBytes} bytes`), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    }
    if (expectsContinue(req) && !reply.raw.headersSent) reply.raw.writeContinue();
  });
}

export const expectsContinue = (req: FastifyRequest): boolean => /100-continue/i.test(req.headers.expect ?? '');

/**
 * Sheds write requests, before their bodies are read, when the process itself is saturated
 * (event-loop delay, heap): 503 with a spread Retry-After, which both Telegraf outputs and the
 * v2 client retry. /ping, /health and /metrics stay answered, so the state can be seen meanwhile.
 */
async function shedWhenSaturated(app: FastifyInstance, limits: LoadSheddingOptions): Promise<void> {
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
}
