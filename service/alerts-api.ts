import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RunwayError } from '../core/errors.ts';
import type { AlertingService } from '../alerting/alerting-service.ts';
import { labelsOf } from '../alerting/delivery/notification.ts';
import { fingerprintOf } from '../alerting/notifier.ts';
import type { Authenticate } from '../ingest/auth/authenticate.ts';
import { mayRead, type Principal } from '../ingest/auth/principal.ts';

/**
 * The alerts as ops work with them: GET /api/v1/alerts (active, or ?state=all), acknowledge with
 * POST /api/v1/alerts/:id/ack, and silences (GET, POST, DELETE /api/v1/silences). Reading follows
 * the token's customers; acknowledging and silencing take an admin token.
 */
export async function alertsApi(app: FastifyInstance, opts: { alerting: AlertingService; authenticate: Authenticate }): Promise<void> {
  const admin = (req: FastifyRequest): Principal => {
    const p = opts.authenticate(req);
    if (p.role !== 'admin' && p.role !== 'open') throw new RunwayError('RUNWAY_ERR_AUTH_FORBIDDEN', { reason: 'acknowledging and silencing alerts takes an admin token' });
    return p;
  };

  app.get('/api/v1/alerts', async (req) => {
    const principal = opts.authenticate(req);
    const all = (req.query as Record<string, string | undefined>).state === 'all';
    return opts.alerting
      .records()
      .filter((r) => (all || r.state !== 'resolved') && mayRead(principal, r.labels.customer))
      .map(({ evidence: _evidence, ...r }) => ({ ...r, id: fingerprintOf(labelsOf(r)) }));
  });

  app.post('/api/v1/alerts/:id/ack', async (req, reply) => {
    admin(req);
    const { id } = req.params as { id: string };
    const body = jsonBody(req.body);
    const record = opts.alerting.records().find((r) => r.state !== 'resolved' && (r.key === id || fingerprintOf(labelsOf(r)) === id));
    if (!record) return reply.code(404).send({ error: `no active alert ${id}` });
    return opts.alerting.acknowledge(record.key, String(body.by ?? 'unknown'), String(body.comment ?? ''));
  });

  app.get('/api/v1/silences', async (req) => {
    admin(req);
    return opts.alerting.silences();
  });

  app.post('/api/v1/silences', async (req, reply) => {
    admin(req);
    const body = jsonBody(req.body);
    const matchers = body.matchers as Record<string, unknown> | undefined;
    const endsAtMs = Date.parse(String(body.endsAt ?? ''));
    if (!matchers || typeof matchers !== 'object' || Object.keys(matchers).length === 0 || !Number.isFinite(endsAtMs)) {
      throw new RunwayError('RUNWAY_ERR_API_BAD_REQUEST', { reason: 'a silence needs "matchers" (label → value) and "endsAt" (RFC 3339)' });
    }
    const silence = await opts.alerting.addSilence({
      matchers: Object.fromEntries(Object.entries(matchers).map(([k, v]) => [k, String(v)])),
      startsAtMs: body.startsAt ? Date.parse(String(body.startsAt)) : Date.now(),
      endsAtMs,
      createdBy: String(body.createdBy ?? 'unknown'),
      comment: String(body.comment ?? ''),
    });
    return reply.code(201).send(silence);
  });

  app.delete('/api/v1/silences/:id', async (req, reply) => {
    admin(req);
    const removed = await opts.alerting.removeSilence((req.params as { id: string }).id);
    return removed ? reply.code(204).send() : reply.code(404).send({ error: 'no such silence' });
  });
}

/** Bodies reach routes raw (the ingest app keeps them as buffers); these routes take JSON. */
function jsonBody(body: unknown): Record<string, unknown> {
  if (!Buffer.isBuffer(body) || body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new RunwayError('RUNWAY_ERR_API_BAD_REQUEST', { reason: 'the body must be JSON' });
  }
}
