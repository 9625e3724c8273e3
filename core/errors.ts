/**
 * Every error Runway reports, in one registry: code → HTTP status and message template.
 * Templates name their fields in braces; RunwayError fills them from `details`.
 */
export const ERRORS = {
  RUNWAY_ERR_CONFIG_INVALID: { status: 500, message: 'invalid setting {key} ({source}): {reason}' },
  RUNWAY_ERR_CONFIG_FILE: { status: 500, message: 'cannot read config file {path}: {reason}' },
  RUNWAY_ERR_INGEST_BAD_LINES: { status: 400, message: 'partial write: {rejected} of {total} lines rejected, {accepted} points stored: {summary}' },
  RUNWAY_ERR_INGEST_MISSING_PARAM: { status: 400, message: 'missing query parameter "{param}"' },
  RUNWAY_ERR_INGEST_BAD_PRECISION: { status: 400, message: 'unknown precision "{precision}"; use one of {allowed}' },
  RUNWAY_ERR_INGEST_BAD_ENCODING: { status: 400, message: 'cannot decode body with Content-Encoding "{encoding}": {reason}' },
  RUNWAY_ERR_AUTH_MISSING: { status: 401, message: 'authorization failed: no credentials; send a token as "Authorization: Token <token>", Basic auth, or u/p' },
  RUNWAY_ERR_AUTH_INVALID: { status: 401, message: 'authorization failed: unknown token' },
  RUNWAY_ERR_AUTH_FORBIDDEN: { status: 403, message: 'forbidden: {reason}' },
  RUNWAY_ERR_INVENTORY_INVALID: { status: 500, message: 'inventory {path} line {line}: {reason}' },
  RUNWAY_ERR_SPOOL_FULL: { status: 503, message: 'the spool is full ({bytes} bytes) while InfluxDB catches up; retry later' },
  RUNWAY_ERR_STORE_UNAVAILABLE: { status: 503, message: 'InfluxDB is unavailable; nothing of this request was acknowledged, retry later' },
  RUNWAY_ERR_STORE_REJECTED: { status: 400, message: 'InfluxDB rejected points (a retry would fail the same way): {reason}' },
  RUNWAY_ERR_QUERY_UNSUPPORTED: { status: 400, message: 'only CREATE DATABASE and SHOW DATABASES are served here (reads go through the Runway API, which keeps customers apart); got: {statement}' },
  RUNWAY_ERR_CSV_LINE: { status: 400, message: 'line {line}: {reason}' },
  RUNWAY_ERR_CSV_EMPTY: { status: 400, message: '{path}: no data rows after the header' },
  RUNWAY_ERR_CLI_USAGE: { status: 400, message: '{reason}' },
  RUNWAY_ERR_FORECAST_INPUT_FILE: { status: 400, message: 'cannot read {path}: {reason}' },
  RUNWAY_ERR_FORECAST_SERIES: { status: 400, message: 'cannot forecast this series: {reason}' },
  RUNWAY_ERR_FORECAST_ARGUMENT: { status: 400, message: 'invalid forecast request: {reason}' },
  RUNWAY_ERR_FORECAST_COUNTRY: { status: 400, message: 'no holiday calendar for country "{country}"; use an ISO 3166-1 alpha-2 code such as DK, DE, SE' },
  RUNWAY_ERR_FORECAST_EVENT: { status: 400, message: 'invalid custom event ({where}): {reason}' },
  RUNWAY_ERR_SPOOL_WRITE: { status: 503, message: 'cannot write to the spool in {dir}: {reason}; nothing of this request was acknowledged, retry later' },
  RUNWAY_ERR_INGEST_BODY_TIMEOUT: { status: 408, message: 'the request body did not arrive within {ms} ms; nothing of this request was stored' },
  RUNWAY_ERR_INGEST_BAD_TEXT: { status: 400, message: 'the body is not valid UTF-8; nothing of this request was stored' },
  RUNWAY_ERR_INGEST_RESERVED: { status: 403, message: 'forbidden: measurement{plural} {measurements} {verb} written by Runway only (its own output); nothing of this request was stored' },
  RUNWAY_ERR_INGEST_OVERLOADED: { status: 503, message: 'Runway is overloaded ({reason}); nothing of this request was acknowledged, retry later' },
  RUNWAY_ERR_SMS_TEMPLATE: { status: 500, message: 'SMS gateway template: {reason}' },
  RUNWAY_ERR_NOTICE_CUSTOMER: { status: 404, message: 'no customer "{customer}" in the inventory' },
  RUNWAY_ERR_NOTICE_DAYS: { status: 400, message: 'days must be a whole number from 1 to {max}; got "{days}"' },
  RUNWAY_ERR_JOB_KIND: { status: 400, message: 'cannot write a {kind} job for this alert: {reason}' },
  RUNWAY_ERR_JOB_DIR: { status: 400, message: 'job bundle directory {dir}: {reason}' },
  RUNWAY_ERR_API_BAD_REQUEST: { status: 400, message: 'bad request: {reason}' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class RunwayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(fillTemplate(ERRORS[code].message, details), options);
    this.name = 'RunwayError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
}

function fillTemplate(template: string, details: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in details ? String(details[key]) : whole));
}

export const isRunwayError = (e: unknown, code?: ErrorCode): e is RunwayError =>
  e instanceof RunwayError && (code === undefined || e.code === code);
