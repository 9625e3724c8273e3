import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { RunwayError } from '../../core/errors.ts';
import { principalOf } from '../auth/route-auth.ts';
import { assertNoBadLines, ingest, type PipelineContext } from '../ingest-pipeline.ts';
import { currentNs, lineProtocolSlices } from '../line-protocol-slices.ts';
import { PRECISIONS, type Precision } from '../line-protocol.ts';
import { decodeBody } from '../request-body.ts';
import { CREDENTIALS, LINE_PROTOCOL } from './raw-body-schema.ts';
import { toCanonical } from '../telegraf-mapping.ts';

export interface WriteRouteOptions {
  pipeline: PipelineContext;
  bodyLimitBytes: number;
}


/** Precisions each API accepts (1.x also takes minutes and hours). */
const V1_PRECISIONS = ['n', 'ns', 'u', 'us', 'µ', 'ms', 's', 'm', 'h'];
const V2_PRECISIONS = ['ns', 'us', 'ms', 's'];

/**
 * POST /write as InfluxDB 1.x serves it and POST /api/v2/write as 2.x serves it.
 * Every database or bucket lands in Runway's one database: the canonical schema, not the
 * collector's choice of database, decides where a metric lives.
 */
export const writeRoutes: FastifyPluginAsyncTypebox<WriteRouteOptions> = async (app, opts) => {
  // Precisions are checked by the handler, which answers as InfluxDB does (unknown precision, the allowed list).
  const v1 = Type.Object({
    db: Type.String({ minLength: 1, description: 'any database: every write lands in Runway\'s one database' }),
    rp: Type.Optional(Type.String({ description: 'retention policy; accepted and ignored' })),
    precision: Type.Optional(Type.String({ description: `timestamp unit: ${V1_PRECISIONS.join(', ')} (default ns)` })),
    consistency: Type.Optional(Type.String({ description: 'accepted and ignored' })),
    ...CREDENTIALS,
  });
  const v1Schema = { summary: 'Write line protocol (InfluxDB 1.x)', tags: ['ingest'], querystring: v1, ...LINE_PROTOCOL };
  app.post('/write', { config: { auth: 'write' }, schema: v1Schema }, async (req, reply) => {
    await handleWrite(req, opts, precisionOf(req.query.precision, V1_PRECISIONS));
    return reply.code(204).send();
  });
  const v2 = Type.Object({
    bucket: Type.String({ minLength: 1, description: 'any bucket: every write lands in Runway\'s one database' }),
    org: Type.Optional(Type.String({ description: 'accepted and ignored' })),
    orgID: Type.Optional(Type.String({ description: 'accepted and ignored' })),
    precision: Type.Optional(Type.String({ description: `timestamp unit: ${V2_PRECISIONS.join(', ')} (default ns)` })),
  });
  const v2Schema = { summary: 'Write line protocol (InfluxDB 2.x)', tags: ['ingest'], querystring: v2, ...LINE_PROTOCOL };
  app.post('/api/v2/write', { config: { auth: 'write', errorStyle: 'v2' }, schema: v2Schema }, async (req, reply) => {
    await handleWrite(req, opts, precisionOf(req.query.precision, V2_PRECISIONS));
    return reply.code(204).send();
  });
};

async function handleWrite(req: FastifyRequest, opts: WriteRouteOptions, precision: Precision): Promise<void> {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const text = await decodeBody(raw, req.headers['content-encoding'], opts.bodyLimitBytes);
  const outcome = await ingest(lineProtocolSlices(text, precision, currentNs()), principalOf(req), opts.pipeline, { map: toCanonical, sizeHintBytes: text.length + 1024 });
  req.log.debug({ lines: outcome.total, accepted: outcome.accepted, rejected: outcome.errors.length }, 'write');
  assertNoBadLines(outcome);
}


function precisionOf(value: string | undefined, allowed: readonly string[]): Precision {
  if (value === undefined || value === '') return 'ns';
  const precision = PRECISIONS[value];
  if (!allowed.includes(value) || !precision) throw new RunwayError('RUNWAY_ERR_INGEST_BAD_PRECISION', { precision: value, allowed: allowed.join(', ') });
  return precision;
}
