/**
 * JSON Schemas of the alert state file's parts, checked one record at a time so that one damaged
 * record is set aside instead of failing every capacity cycle. Numbers must be numbers: a NaN
 * written as JSON becomes null and is caught here, not at the next evaluation.
 */
import { RUNWAY_METRICS } from '../../core/runway-row.ts';

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const numOrNull = { type: ['number', 'null'] } as const;
const stringMap = { type: 'object', additionalProperties: str } as const;

const runwayRow = {
  type: 'object',
  required: ['customer', 'host', 'resource', 'metric', 'current', 'threshold', 'crossing', 'daysLeft', 'growthPerDay', 'peakForecast', 'model', 'run', 'computedAtMs'],
  properties: {
    customer: str, host: str, resource: str, metric: { enum: RUNWAY_METRICS },
    current: num, threshold: num, daysLeft: numOrNull, growthPerDay: num, peakForecast: num, model: str, run: str, computedAtMs: num,
    crossing: { type: 'object', required: ['earliest', 'likely', 'latest'], properties: { earliest: numOrNull, likely: numOrNull, latest: numOrNull } },
  },
} as const;

export const ALERT_RECORD_SCHEMA = {
  type: 'object',
  required: ['key', 'labels', 'severity', 'state', 'runs', 'episode', 'activeSinceMs', 'firingSinceMs', 'resolvedAtMs', 'daysLeft', 'summary', 'remediation', 'ack'],
  properties: {
    key: { type: 'string', minLength: 1 },
    labels: { ...stringMap, required: ['alertname', 'customer', 'host', 'resource'] },
    severity: { enum: ['critical', 'warning', 'notice'] },
    state: { enum: ['pending', 'firing', 'resolved'] },
    runs: count,
    episode: count,
    activeSinceMs: num,
    firingSinceMs: numOrNull,
    resolvedAtMs: numOrNull,
    daysLeft: numOrNull,
    summary: str,
    remediation: str,
    ack: { oneOf: [{ type: 'null' }, { type: 'object', required: ['by', 'atMs', 'comment'], properties: { by: str, atMs: num, comment: str } }] },
    evidence: runwayRow,
  },
} as const;

export const SILENCE_SCHEMA = {
  type: 'object',
  required: ['id', 'matchers', 'startsAtMs', 'endsAtMs', 'createdBy', 'comment'],
  properties: { id: str, matchers: { ...stringMap, minProperties: 1 }, startsAtMs: num, endsAtMs: num, createdBy: str, comment: str },
} as const;

/** What a delivery attempt changes in an outbox entry: stored with it, and in the delivery journal. */
const progress = {
  attempts: count,
  nextAttemptMs: num,
  deliveredMs: numOrNull,
  gaveUpMs: numOrNull,
  lastError: { type: ['string', 'null'] },
} as const;

export const OUTBOX_ENTRY_SCHEMA = {
  type: 'object',
  required: ['id', 'channel', 'notification', 'createdMs', 'attempts', 'nextAttemptMs', 'deliveredMs', 'gaveUpMs', 'lastError'],
  properties: {
    id: { type: 'string', minLength: 1 },
    channel: str,
    // Absent in files written before each recipient had an entry of its own (version 1).
    recipient: str,
    notification: {
      type: 'object',
      required: ['status', 'labels', 'annotations', 'startsAt', 'endsAt', 'fingerprint'],
      properties: {
        status: { enum: ['firing', 'resolved'] },
        labels: stringMap,
        annotations: { ...stringMap, required: ['summary', 'remediation'] },
        startsAt: str,
        endsAt: str,
        fingerprint: str,
      },
    },
    createdMs: num,
    ...progress,
  },
} as const;

/** The frame: a version this build reads and the three lists; their items are checked one by one. */
export const STATE_FRAME_SCHEMA = {
  type: 'object',
  required: ['version', 'records', 'silences', 'outbox'],
  properties: { version: { enum: [1, 2] }, records: { type: 'array' }, silences: { type: 'array' }, outbox: { type: 'array' } },
} as const;

/** One line of the delivery journal: what one delivery attempt changed in an outbox entry. */
export const DELIVERY_PROGRESS_SCHEMA = {
  type: 'object',
  required: ['id', 'attempts', 'nextAttemptMs', 'deliveredMs', 'gaveUpMs', 'lastError'],
  properties: { id: { type: 'string', minLength: 1 }, ...progress },
} as const;
