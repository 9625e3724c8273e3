import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AlertingService } from '../alerting/alerting-service.ts';
import { labelsOf } from '../alerting/delivery/notification.ts';
import { fingerprintOf } from '../alerting/notifier.ts';
import { mayRead } from '../ingest/auth/principal.ts';
import { principalOf } from '../ingest/auth/route-auth.ts';
import { AcknowledgedAlert, AlertList, ErrorReply, NoContent, Silence } from './read-api-schemas.ts';

const ADMIN = { auth: 'admin' as const };
const Id = Type.Object({ id: Type.String({ minLength: 1, description: 'the alert key or its Alertmanager fingerprint' }) });

const Ack = Type.Object({
  by: Type.Optional(Type.String({ description: 'who acknowledges' })),
  comment: Type.Optional(Type.String()),
});

const NewSilence = Type.Object({
  matchers: Type.Record(Type.String(), Type.String(), { minProperties: 1, description: 'label → value; every one must match' }),
  startsAt: Type.Optional(Type.String({ format: 'date-time', description: 'RFC 3339; now when omitted' })),
  endsAt: Type.String({ format: 'date-time', description: 'RFC 3339' }),
  createdBy: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
});

/**
 * The alerts as ops work with them: GET /api/v1/alerts (active, or ?state=all), acknowledge with
 * POST /api/v1/alerts/:id/ack, and silences (GET, POST, DELETE /api/v1/silences). Reading follows
 * the token's customers; acknowledging and silencing take an admin token.
 */
export const alertsApi: FastifyPluginAsyncTypebox<{ alerting: AlertingService }> = async (app, opts) => {
  const querystring = Type.Object({ state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('all')], { description: 'all: resolved alerts too' })) });
  app.get('/api/v1/alerts', { config: { auth: 'any' }, schema: { summary: 'Alerts the token may read', tags: ['alerts'], querystring, response: { 200: AlertList } } }, async (req) => {
    const principal = principalOf(req);
    const all = req.query.state === 'all';
    return opts.alerting
      .records()
      .filter((r) => (all || r.state !== 'resolved') && mayRead(principal, r.labels.customer))
      .map(({ evidence: _evidence, ...r }) => ({ ...r, id: fingerprintOf(labelsOf(r)) }));
  });

  const ackSchema = { summary: 'Acknowledge an active alert', tags: ['alerts'], params: Id, body: Ack, response: { 200: AcknowledgedAlert, 404: ErrorReply } };
  // An acknowledgement may come without a body (curl -X POST): it is then an empty one.
  const emptyBody = async (req: { body: unknown }) => {
    req.body ??= {};
  };
  app.post('/api/v1/alerts/:id/ack', { config: ADMIN, schema: ackSchema, preValidation: emptyBody }, async (req, reply) => {
    const { id } = req.params;
    const record = opts.alerting.records().find((r) => r.state !== 'resolved' && (r.key === id || fingerprintOf(labelsOf(r)) === id));
    if (!record) return reply.code(404).send({ error: `no active alert ${id}` });
    return opts.alerting.acknowledge(record.key, req.body.by ?? 'unknown', req.body.comment ?? '');
  });

  app.get('/api/v1/silences', { config: ADMIN, schema: { summary: 'Every silence', tags: ['silences'], response: { 200: Type.Array(Silence) } } }, async () => opts.alerting.silences());

  app.post('/api/v1/silences', { config: ADMIN, schema: { summary: 'Add a silence', tags: ['silences'], body: NewSilence, response: { 201: Silence } } }, async (req, reply) => {
    const { matchers, startsAt, endsAt, createdBy, comment } = req.body;
    const silence = await opts.alerting.addSilence({
      matchers,
      startsAtMs: startsAt === undefined ? Date.now() : Date.parse(startsAt),
      endsAtMs: Date.parse(endsAt),
      createdBy: createdBy ?? 'unknown',
      comment: comment ?? '',
    });
    return reply.code(201).send(silence);
  });

  const deleteSchema = { summary: 'Remove a silence', tags: ['silences'], params: Type.Object({ id: Type.String({ minLength: 1 }) }), response: { 204: NoContent, 404: ErrorReply } };
  app.delete('/api/v1/silences/:id', { config: ADMIN, schema: deleteSchema }, async (req, reply) => {
    const removed = await opts.alerting.removeSilence(req.params.id);
    return removed ? reply.code(204).send(null) : reply.code(404).send({ error: 'no such silence' });
  });
};
