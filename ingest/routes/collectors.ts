import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/route-auth.ts';
import { NodeExporterMapper } from '../collectors/node-exporter-mapping.ts';
import { parseNagiosPerfdataFile } from '../collectors/nagios-perfdata.ts';
import { parseNoderig } from '../collectors/noderig-mapping.ts';
import { parseRtmProbes } from '../collectors/rtm-probes.ts';
import { assertNoBadLines, ingest, withCustomer, type IngestOutcome, type ParsedPiece, type PipelineContext, type PointMapper } from '../ingest-pipeline.ts';
import { currentNs, lineProtocolSlices } from '../line-protocol-slices.ts';
import { decodeBody } from '../request-body.ts';
import { toCanonical } from '../telegraf-mapping.ts';
import { LINE_PROTOCOL, rawBody } from './raw-body-schema.ts';

export interface CollectorRouteOptions {
  pipeline: PipelineContext;
  bodyLimitBytes: number;
  /** Shared with the scraper, so a host's CPU counters give a rate whichever way they arrive. */
  nodeExporter: NodeExporterMapper;
}

type Parse = (text: string, req: FastifyRequest) => Iterable<ParsedPiece>;

const WRITE = { auth: 'write' as const };
/** The collectors that cannot name the host in their payload name it in the query string. */
const HOST = Type.Object({ host: Type.String({ minLength: 1, description: 'the host the payload is from' }) });
const route = (summary: string, body: ReturnType<typeof rawBody>, querystring?: typeof HOST) => ({ config: WRITE, schema: { summary, tags: ['collectors'], ...body, ...(querystring ? { querystring } : {}) } });

/**
 * Every collector besides Telegraf's InfluxDB outputs, each at the path and in the shape its agent
 * already speaks. All of them feed the one pipeline (ingest-pipeline.ts); the caller is
 * authenticated from the headers before the body is read (route config `auth: 'write'`).
 */
export const collectorRoutes: FastifyPluginAsyncTypebox<CollectorRouteOptions> = async (app, opts) => {
  const run = async (req: FastifyRequest, parse: Parse, map: PointMapper = withCustomer): Promise<IngestOutcome> => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const text = await decodeBody(raw, req.headers['content-encoding'], opts.bodyLimitBytes);
    return ingest(parse(text, req), principalOf(req), opts.pipeline, { map, sizeHintBytes: text.length + 1024 });
  };
  const strict = (parse: Parse, map?: PointMapper) => async (req: FastifyRequest, reply: FastifyReply) => {
    assertNoBadLines(await run(req, parse, map));
    return reply.code(204).send();
  };
  const whole = (parse: (text: string, req: FastifyRequest) => ParsedPiece): Parse => (text, req) => [parse(text, req)];

  // Telegraf's outputs.http (data_format = "influx") and canonical backfills, both line protocol.
  app.post('/api/v1/telegraf', route("Telegraf's outputs.http, data_format = \"influx\"", LINE_PROTOCOL), strict((text) => lineProtocolSlices(text, 'ns', currentNs()), toCanonical));
  app.post('/api/v1/import', route('Canonical line protocol (backfills)', LINE_PROTOCOL), strict((text) => lineProtocolSlices(text, 'ns', currentNs())));

  // node_exporter's text exposition, pushed (e.g. curl from cron) for the host named in ?host=.
  const prometheus = route("node_exporter's text exposition for one host", rawBody('Prometheus text exposition format'), HOST);
  app.post('/api/v1/prometheus', prometheus, strict(whole((text, req) => opts.nodeExporter.parse(text, hostOf(req), Date.now()))));

  // OVH RTM probes' JSON lines, for the host named in ?host=.
  app.post('/api/v1/rtm', route('OVH RTM probes for one host', rawBody('JSON lines, one probe a line'), HOST), strict(whole((text, req) => parseRtmProbes(text, hostOf(req)))));

  // Nagios perfdata files (service and host templates); each line names its host.
  app.post('/api/v1/nagios', route('Nagios perfdata files', rawBody('service and host perfdata lines, tab-separated')), strict(whole((text) => parseNagiosPerfdataFile(text))));

  // noderig through beamium, as Warp 10 serves it. beamium retries any non-2xx answer forever, so a
  // batch with bad lines is answered 200 with the bad lines listed: the good ones are stored already.
  const sensisionQuery = Type.Object({ host: Type.Optional(Type.String({ description: 'the host of lines that name none' })) });
  const sensision = { config: WRITE, schema: { summary: 'noderig through beamium (Warp 10 update)', tags: ['collectors'], querystring: sensisionQuery, ...rawBody('Sensision lines') } };
  app.post('/api/v0/update', sensision, async (req, reply) => {
    const host = req.query.host;
    const outcome = await run(req, whole((text) => parseNoderig(text, { defaultTimeUs: BigInt(Date.now()) * 1000n, ...(host ? { fallbackHost: host } : {}) })));
    if (outcome.errors.length === 0) return reply.code(200).send();
    req.log.warn({ rejected: outcome.errors.length, first: outcome.errors[0] }, 'sensision lines rejected');
    return reply.code(200).send({ stored: outcome.accepted, rejected: outcome.errors });
  });
};

/** ?host=, which the route's schema requires. */
const hostOf = (req: FastifyRequest): string => (req.query as { host: string }).host;
