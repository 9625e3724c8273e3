import type { FastifyInstance } from 'fastify';
import { routeAuth } from '../auth/route-auth.ts';
import { BodyBudget } from './body-budget.ts';
import { withBodyDeadline } from './body-deadline.ts';

export interface WriteAdmissionOptions {
  /** Request bodies received or handled at once, in bytes (Content-Length). */
  queueBytes: number;
  /** Longest a write waits for room before 503. */
  queueWaitMs: number;
  /** Time an admitted write has to deliver its body before 408. */
  bodyTimeoutMs: number;
}

/**
 * A body sent without Content-Length (chunked, as Telegraf sends gzip) is counted as this many
 * bytes: a collector batch is far smaller, and the body limit still bounds it as it arrives.
 */
const CHUNKED_BODY_ESTIMATE_BYTES = 1024 * 1024;

/**
 * Admits authenticated writes (routes with `config.auth: 'write'`; the auth hook runs first) into
 * the body budget, in order, and gives each a deadline for its body. The place in the budget is
 * given back when the response is done or the client goes away.
 */
export function addWriteAdmission(app: FastifyInstance, opts: WriteAdmissionOptions): BodyBudget {
  const budget = new BodyBudget(opts.queueBytes, opts.queueWaitMs);
  app.addHook('onRequest', async (req, reply) => {
    if (routeAuth(req) !== 'write') return;
    const declared = Number(req.headers['content-length']);
    const granted = budget.acquire(Number.isFinite(declared) && declared >= 0 ? declared : CHUNKED_BODY_ESTIMATE_BYTES);
    const release = typeof granted === 'function' ? granted : await granted;
    // 'close' fires whether the response was sent or the client went away.
    if (reply.raw.writableFinished || reply.raw.destroyed) release();
    else reply.raw.once('close', release);
  });
  app.addHook('preParsing', async (req, _reply, payload) => (routeAuth(req) === 'write' ? withBodyDeadline(payload, opts.bodyTimeoutMs) : payload));
  return budget;
}
