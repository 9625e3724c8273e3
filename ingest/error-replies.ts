import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { isRunwayError, RunwayError, type ErrorCode } from '../core/errors.ts';

/** Routes that speak InfluxDB 2.x's error shape ({code, message}) set `config: { errorStyle: 'v2' }`. */
export interface RouteErrorConfig {
  errorStyle?: 'v1' | 'v2';
}

/**
 * How long a collector should wait before retrying, by why it was refused: a spread, not one
 * number, so that clients refused together do not all come back in the same second and be
 * refused together again. A full spool drains at InfluxDB's pace, so its spread is longer.
 */
const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, readonly [number, number]>> = {
  RUNWAY_ERR_INGEST_OVERLOADED: [1, 10],
  RUNWAY_ERR_SPOOL_FULL: [10, 60],
  RUNWAY_ERR_SPOOL_WRITE: [5, 30],
  RUNWAY_ERR_STORE_UNAVAILABLE: [5, 30],
};
const DEFAULT_RETRY_AFTER_SECONDS = [5, 30] as const;

/** A whole number of seconds drawn evenly from the refusal's spread. */
export function retryAfterSeconds(error: unknown): number {
  const [low, high] = (isRunwayError(error) ? RETRY_AFTER_SECONDS[error.code] : undefined) ?? DEFAULT_RETRY_AFTER_SECONDS;
  return low + Math.floor(Math.random() * (high - low + 1));
}

/** Expected refusals under load or outage: worth a warning, not an error with a stack trace. */
const RETRY_LATER = new Set(['RUNWAY_ERR_SPOOL_FULL', 'RUNWAY_ERR_INGEST_OVERLOADED', 'RUNWAY_ERR_STORE_UNAVAILABLE']);

const V2_CODES: Record<number, string> = { 400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'not found', 413: 'request too large', 429: 'too many requests', 503: 'unavailable' };

/**
 * One error handler for the whole service: registry errors keep their status and message,
 * fastify's own client errors (413, bad content type…) pass through, anything else is a 500
 * whose internals stay in the log.
 */
export function replyWithError(given: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const error = given.validation ? schemaRefusal(given.validation, given.validationContext ?? 'request') : given;
  let status = 500;
  let message = 'internal error; see the Runway log';
  let extra: Record<string, unknown> = {};
  if (isRunwayError(error)) {
    status = error.status;
    message = error.message;
    extra = { runwayCode: error.code, ...(error.details.lines ? { lines: error.details.lines } : {}) };
  } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    status = error.statusCode;
    message = error.message;
  }
  const style = (req.routeOptions.config as RouteErrorConfig | undefined)?.errorStyle;
  // Telegraf's v1 output drops a batch on any 4xx, so a full spool is a 503 there; the v2 output
  // retries 429 with Retry-After, InfluxDB 2.x's own answer to "slow down".
  if (style === 'v2' && isRunwayError(error, 'RUNWAY_ERR_SPOOL_FULL')) status = 429;
  if (status === 503 && isRunwayError(error) && RETRY_LATER.has(error.code)) req.log.warn({ status, message }, 'write refused; the collector will retry');
  else if (status >= 500) req.log.error({ err: error }, 'request failed');
  else req.log.info({ status, message }, 'request rejected');
  if (status === 503 || status === 429) reply.header('retry-after', String(retryAfterSeconds(error)));
  const body = style === 'v2' ? { code: V2_CODES[status] ?? 'internal error', message, ...extra } : { error: message, ...extra };
  return reply.code(status).send(body);
}

/**
 * A request that fails its route's schema, as a registry error naming the field: a missing query
 * parameter as the ingest API has always said it (`missing query parameter "db"`), anything else
 * as `invalid body.endsAt: must match format "date-time"`.
 */
export function schemaRefusal(errors: FastifySchemaValidationError[], part: string): RunwayError {
  const first = errors[0];
  const missing = first?.keyword === 'required' ? String(first.params.missingProperty) : undefined;
  if (missing !== undefined && part === 'querystring') return new RunwayError('RUNWAY_ERR_INGEST_MISSING_PARAM', { param: missing });
  const where = part === 'querystring' ? 'query' : part;
  const field = [where, ...(first?.instancePath ?? '').split('/').filter(Boolean), ...(missing === undefined ? [] : [missing])].join('.');
  return new RunwayError('RUNWAY_ERR_API_INVALID_FIELD', { field, reason: missing === undefined ? (first?.message ?? 'does not match the schema') : 'is required' });
}
