import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { RunwayError } from '../../core/errors.ts';
import type { Inventory, TokenGrant } from '../../core/inventory/inventory.ts';
import type { Principal } from './principal.ts';

/**
 * The secrets a caller may present, in every form its collector knows: `Authorization: Token <t>`
 * (InfluxDB 2.x, and 1.8's `Token user:password`), `Bearer`, Basic auth (the password),
 * `?p=` (InfluxDB 1.x), and `X-Warp10-Token` (noderig/beamium).
 */
export function presentedSecrets(req: FastifyRequest): string[] {
  const out: string[] = [];
  const [scheme = '', value = ''] = (req.headers.authorization ?? '').split(/\s+/, 2);
  if (/^(token|bearer)$/i.test(scheme) && value) {
    out.push(value);
    const colon = value.indexOf(':');
    if (colon >= 0) out.push(value.slice(colon + 1));
  } else if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    out.push(decoded.slice(decoded.indexOf(':') + 1));
  }
  const warp = req.headers['x-warp10-token'];
  if (typeof warp === 'string' && warp) out.push(warp);
  const p = (req.query as Record<string, unknown> | undefined)?.p;
  if (typeof p === 'string' && p) out.push(p);
  return out;
}

export type Authenticate = (req: FastifyRequest) => Principal;

/** With an inventory: each token grants what the inventory says; anything else is 401. */
export function inventoryAuthenticator(inventory: Inventory): Authenticate {
  const grants = inventory.tokens;
  return (req) => {
    const secrets = presentedSecrets(req);
    if (secrets.length === 0) throw new RunwayError('RUNWAY_ERR_AUTH_MISSING');
    const grant = grants.find((g) => secrets.some((s) => safeEqual(s, g.token)));
    if (!grant) throw new RunwayError('RUNWAY_ERR_AUTH_INVALID');
    return principalOf(grant);
  };
}

/** Without an inventory: optional shared tokens, and the open single-tenant mode. */
export function openAuthenticator(tokens: readonly string[]): Authenticate {
  return (req) => {
    if (tokens.length === 0) return { role: 'open' };
    const secrets = presentedSecrets(req);
    if (secrets.length === 0) throw new RunwayError('RUNWAY_ERR_AUTH_MISSING');
    if (!secrets.some((s) => tokens.some((t) => safeEqual(s, t)))) throw new RunwayError('RUNWAY_ERR_AUTH_INVALID');
    return { role: 'open' };
  };
}

function principalOf(grant: TokenGrant): Principal {
  switch (grant.role) {
    case 'write':
      return { role: 'write', customer: grant.customer };
    case 'read':
      return { role: 'read', customers: grant.customers === '*' ? '*' : new Set(grant.customers) };
    case 'admin':
      return { role: 'admin' };
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
