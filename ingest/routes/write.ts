import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RunwayError } from '../../core/errors.ts';
import { principalOf } from '../auth/route-auth.ts';
import { assertNoBadLines, ingest, type PipelineContext } from '../ingest-pipeline.ts';
import { currentNs, lineProtocolSlices } from '../line-protocol-slices.ts';
import { PRECISIONS, type Precision } from '../line-protocol.ts';
import { decodeBody } from '../request-body.ts';
import { toCanonical } from '../telegraf-mapping.ts';

export interface WriteRouteOptions {
  pipeline: PipelineContext;
  bodyLimitBytes: number;
}

type Query = Record<string, string | undefined>;

/** Precisions each API accepts (1.x also takes minutes and hours). */
const V1_PRECISIONS = ['n', 'ns', 'u', 'us', 'µ', 'ms', 's', 'm', 'h'];
const V2_PRECISIONS = ['ns', 'us', 'ms', 's'];

/**
 * POST /write as InfluxDB 1.x serves it and POST /api/v2/write as 2.x serves it.
 * Every database or bucket lands in Runway's one database: the canonical schema, not the
 * collector's choice of database, decides where a metric lives.
 */
export async function writeRoutes(app: FastifyInstance, opts: WriteRouteOptions): Promise<void> {
  app.post('/write', { config: { auth: 'write' } }, async (req, reply) => {
    const query = req.query as Query;
    requireParam(query, 'db');
    await handleWrite(req, opts, precisionOf(query.precision, V1_PRECISIONS));
    return reply.code(204).send();
  });

  app.post('/api/v2/write', { config: { auth: 'write', errorStyle: 'v2' } }, async (req, reply) => {
    const query = req.query as Query;
    requireParam(query, 'bucket');
    await handleWrite(req, opts, precisionOf(query.precision, V2_PRECISIONS));
    return reply.code(204).send();
  });
}

async function handleWrite(req: FastifyRequest, opts: WriteRouteOptions, precision: Precision): Promise<void> {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const text = await decodeBody(raw, req.headers['content-encoding'], opts.bodyLimitBytes);
  const outcome = await ingest(lineProtocolSlices(text, precision, currentNs()), principalOf(req), opts.pipeline, { map: toCanonical, sizeHintBytes: text.length + 1024 });
  req.log.debug({ lines: outcome.total, accepted: outcome.accepted, rejected: outcome.errors.length }, 'write');
  assertNoBadLines(outcome);
}

function requireParam(query: Query, param: string): void {
  if (!query[param]) throw new RunwayError('RUNWAY_ERR_INGEST_MISSING_PARAM', { param });
}

function precisionOf(value: string | undefined, allowed: readonly string[]): Precision {
  if (value === undefined || value === '') return 'ns';
  const precision = PRECISIONS[value];
  if (!allowed.includes(value) || !precision) throw new RunwayError('RUNWAY_ERR_INGEST_BAD_PRECISION', { precision: value, allowed: allowed.join(', ') });
  return precision;
}
