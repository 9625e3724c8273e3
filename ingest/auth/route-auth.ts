import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RunwayError } from '../../core/errors.ts';
import type { Authenticate } from './authenticate.ts';
import type { Principal } from './principal.ts';

/**
 * What a route asks of its caller, set per route as `config: { auth: 'write' }`:
 *   write  a token that may write (write, admin, or open mode); the route is a write for load limits
 *   admin  an admin token (open mode too)
 *   any    any valid token
 */
export type RouteAuth = 'write' | 'admin' | 'any';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    /** Who is calling; set before the body is read on routes with `config.auth`. */
    principal: Principal | null;
  }
}

export const routeAuth = (req: FastifyRequest): RouteAuth | undefined => req.routeOptions.config?.auth;

/** The caller of a route with `config.auth`, as the onRequest hook found it. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error(`route ${req.routeOptions.url} reads the caller but has no config.auth`);
  return req.principal;
}

/**
 * Authenticates from the headers (and `?p=`) in onRequest, before a byte of the body is read,
 * on every route that sets `config.auth`: a caller without a valid token costs a header parse
 * and a 401, never a body buffer or a place in the write queue.
 */
export function addRouteAuth(app: FastifyInstance, authenticate: Authenticate): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const need = routeAuth(req);
    if (!need) return;
    const principal = authenticate(req);
    if (need === 'write' && principal.role === 'read') throw new RunwayError('RUNWAY_ERR_AUTH_FORBIDDEN', { reason: 'this token may only read' });
    if (need === 'admin' && principal.role !== 'admin' && principal.role !== 'open') throw new RunwayError('RUNWAY_ERR_AUTH_FORBIDDEN', { reason: `${req.routeOptions.url} takes an admin token` });
    req.principal = principal;
  });
}
