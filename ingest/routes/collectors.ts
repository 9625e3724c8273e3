import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RunwayError } from '../../core/errors.ts';
import { principalOf } from '../auth/route-auth.ts';
import { NodeExporterMapper } from '../collectors/node-exporter-mapping.ts';
import { parseNagiosPerfdataFile } from '../collectors/nagios-perfdata.ts';
import { parseNoderig } from '../collectors/noderig-mapping.ts';
import { parseRtmProbes } from '../collectors/rtm-probes.ts';
import { assertNoBadLines, ingest, withCustomer, type IngestOutcome, type ParsedPiece, type PipelineContext, type PointMapper } from '../ingest-pipeline.ts';
import { currentNs, lineProtocolSlices } from '../line-protocol-slices.ts';
import { decodeBody } from '../request-body.ts';
import { toCanonical } from '../telegraf-mapping.ts';

export interface CollectorRouteOptions {
  pipeline: PipelineContext;
  bodyLimitBytes: number;
  /** Shared with the scraper, so a host's CPU counters give a rate whichever way they arrive. */
  nodeExporter: NodeExporterMapper;
}

type Parse = (text: string, req: FastifyRequest) => Iterable<ParsedPiece>;

const WRITE = { config: { auth: 'write' as const } };

/**
 * Every collector besides Telegraf's InfluxDB outputs, each at the path and in the shape its agent
 * already speaks. All of them feed the one pipeline (ingest-pipeline.ts); the caller is
 * authenticated from the headers before the body is read (route config `auth: 'write'`).
 */
export async function collectorRoutes(app: FastifyInstance, opts: CollectorRouteOptions): Promise<void> {
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
  app.post('/api/v1/telegraf', WRITE, strict((text) => lineProtocolSlices(text, 'ns', currentNs()), toCanonical));
  app.post('/api/v1/import', WRITE, strict((text) => lineProtocolSlices(text, 'ns', currentNs())));

  // node_exporter's text exposition, pushed (e.g. curl from cron) for the host named in ?host=.
  app.post('/api/v1/prometheus', WRITE, strict(whole((text, req) => opts.nodeExporter.parse(text, requiredHost(req), Date.now()))));

  // OVH RTM probes' JSON lines, for the host named in ?host=.
  app.post('/api/v1/rtm', WRITE, strict(whole((text, req) => parseRtmProbes(text, requiredHost(req)))));

  // Nagios perfdata files (service and host templates); each line names its host.
  app.post('/api/v1/nagios', WRITE, strict(whole((text) => parseNagiosPerfdataFile(text))));

  // noderig through beamium, as Warp 10 serves it. beamium retries any non-2xx answer forever, so a
  // batch with bad lines is answered 200 with the bad lines listed: the good ones are stored already.
  app.post('/api/v0/update', WRITE, async (req, reply) => {
    const host = (req.query as Record<string, string | undefined>).host;
    const outcome = await run(req, whole((text) => parseNoderig(text, { defaultTimeUs: BigInt(Date.now()) * 1000n, ...(host ? { fallbackHost: host } : {}) })));
    if (outcome.errors.length === 0) return reply.code(200).send();
    req.log.warn({ rejected: outcome.errors.length, first: outcome.errors[0] }, 'sensision lines rejected');
    return reply.code(200).send({ stored: outcome.accepted, rejected: outcome.errors });
  });
}

function requiredHost(req: FastifyRequest): string {
  const host = (req.query as Record<string, string | undefined>).host;
  if (!host) throw new RunwayError('RUNWAY_ERR_INGEST_MISSING_PARAM', { param: 'host' });
  return host;
}
