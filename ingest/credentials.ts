import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { RunwayError } from '../core/errors.ts';

/**
 * The secrets a collector may present, in every form InfluxDB accepts:
 * `Authorization: Token <token>` (2.x, and 1.8's `Token user:password`), Basic auth, or `?u=&p=`.
 */
export function presentedSecrets(req: FastifyRequest): string[] {
  const out: string[] = [];
  const header = req.headers.authorization ?? '';
  const [scheme = '', value = ''] = header.split(/\s+/, 2);
  if (/^token$/i.test(scheme) && value) {
    out.push(value);
    const colon = value.indexOf(':');
    if (colon >= 0) out.push(value.slice(colon + 1));
  } else if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    out.push(decoded.slice(decoded.indexOf(':') + 1));
  } else if (/^bearer$/i.test(scheme) && value) {
    out.push(value);
  }
  const p = (req.query as Record<string, unknown> | undefined)?.p;
  if (typeof p === 'string' && p) out.push(p);
  return out;
}

/** Throws 401 unless one presented secret matches a configured token; no tokens configured means open. */
export function checkIngestToken(req: FastifyRequest, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  const secrets = presentedSecrets(req);
  if (secrets.length === 0) throw new RunwayError('RUNWAY_ERR_AUTH_MISSING');
  if (!secrets.some((s) => tokens.some((t) => safeEqual(s, t)))) throw new RunwayError('RUNWAY_ERR_AUTH_INVALID');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
