import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { RunwayError } from './errors.ts';

/**
 * Every setting, its default, its environment variable and its meaning, in one place.
 * The README's configuration reference is checked against this table by a test.
 */
const SETTINGS = {
  host: { env: 'RUNWAY_HOST', default: '127.0.0.1', kind: 'string', doc: 'Address the Runway service listens on.' },
  port: { env: 'RUNWAY_PORT', default: 9086, kind: 'int', min: 0, max: 65_535, doc: 'Port the Runway service listens on (collectors point here as if it were InfluxDB).' },
  influxUrl: { env: 'INFLUX_URL', default: 'http://127.0.0.1:8086', kind: 'url', doc: 'InfluxDB base URL (1.x, or 2.x/3.x through their v1-compatible API). ./scripts/start manages a local one unless this is set.' },
  influxDb: { env: 'INFLUX_DB', default: 'runway', kind: 'name', doc: 'InfluxDB database Runway writes to and reads from.' },
  influxUsername: { env: 'INFLUX_USERNAME', default: '', kind: 'string', doc: 'InfluxDB user, when its auth is on.' },
  influxPassword: { env: 'INFLUX_PASSWORD', default: '', kind: 'string', doc: 'InfluxDB password (or 2.x token), when its auth is on.' },
  influxTimeoutMs: { env: 'INFLUX_TIMEOUT_MS', default: 10_000, kind: 'int', min: 100, max: 600_000, doc: 'Timeout of one request to InfluxDB, in milliseconds.' },
  writeBatchPoints: { env: 'RUNWAY_WRITE_BATCH_POINTS', default: 5000, kind: 'int', min: 1, max: 1_000_000, doc: 'Most points Runway sends to InfluxDB in one write.' },
  bodyLimitBytes: { env: 'RUNWAY_BODY_LIMIT_BYTES', default: 25_000_000, kind: 'int', min: 256, max: 1_073_741_824, doc: 'Largest accepted request body after decompression, in bytes (InfluxDB 1.x default).' },
  ingestQueueBytes: { env: 'RUNWAY_INGEST_QUEUE_BYTES', default: 268_435_456, kind: 'int', min: 65_536, max: 17_179_869_184, doc: 'Request bodies (as sent, by Content-Length) received or handled at once, in bytes; further writes queue until there is room, as InfluxDB queues them.' },
  ingestQueueWaitMs: { env: 'RUNWAY_INGEST_QUEUE_WAIT_MS', default: 5_000, kind: 'int', min: 1, max: 600_000, doc: 'Longest a write waits in that queue before it is answered 503 with Retry-After, in milliseconds.' },
  bodyTimeoutMs: { env: 'RUNWAY_BODY_TIMEOUT_MS', default: 30_000, kind: 'int', min: 100, max: 3_600_000, doc: 'Time an authenticated write has to send its whole body, in milliseconds; a slower one gets 408.' },
  ingestTokens: { env: 'RUNWAY_INGEST_TOKENS', default: '', kind: 'string', doc: 'Comma-separated tokens collectors must present (Token header, Basic auth password, or p=) when no inventory is configured; empty accepts unauthenticated writes.' },
  defaultCustomer: { env: 'RUNWAY_DEFAULT_CUSTOMER', default: 'unassigned', kind: 'name', doc: 'Customer tag for points that carry none, when no inventory is configured.' },
  inventoryFile: { env: 'RUNWAY_INVENTORY', default: '', kind: 'string', doc: 'YAML or JSON inventory of customers, hosts, contacts, capacities and tokens; when set, tokens decide the customer of every point.' },
  spoolDir: { env: 'RUNWAY_SPOOL_DIR', default: 'var/spool', kind: 'string', doc: 'Directory of the durable spool: acknowledged writes wait here until InfluxDB has them.' },
  spoolMaxBytes: { env: 'RUNWAY_SPOOL_MAX_BYTES', default: 1_073_741_824, kind: 'int', min: 1_048_576, max: 1_099_511_627_776, doc: 'Largest spool on disk, in bytes; past it writes are refused with 503 (v1) or 429 (v2) and Retry-After.' },
  scrapeIntervalMs: { env: 'RUNWAY_SCRAPE_INTERVAL_MS', default: 60_000, kind: 'int', min: 1000, max: 86_400_000, doc: 'How often node_exporter targets of the inventory are scraped, in milliseconds.' },
  ocoIntervalMs: { env: 'RUNWAY_OCO_INTERVAL_MS', default: 60_000, kind: 'int', min: 1000, max: 86_400_000, doc: 'How often OCO port-79 responders of the inventory are polled, in milliseconds.' },
  ocoStaleMs: { env: 'RUNWAY_OCO_STALE_MS', default: 300_000, kind: 'int', min: 1000, max: 604_800_000, doc: 'A host with no data for this long is KO (OCO code 398, result too old), in milliseconds.' },
  forecastIntervalMs: { env: 'RUNWAY_FORECAST_INTERVAL_MS', default: 3_600_000, kind: 'int', min: 60_000, max: 604_800_000, zero: 'runs it only on demand', doc: 'How often runway serve re-runs the forecast job, in milliseconds (0 runs it only on demand).' },
  rawRetentionDays: { env: 'RUNWAY_RAW_RETENTION_DAYS', default: 30, kind: 'int', min: 1, max: 36_500, zero: 'keeps them forever', doc: 'Days InfluxDB keeps raw points (and Runway\'s runway rows, alert changes and forecasts); older ones live on as hourly and daily max, min and mean. 0 keeps them forever.' },
  rollupRetentionDays: { env: 'RUNWAY_ROLLUP_RETENTION_DAYS', default: 0, kind: 'int', min: 1, max: 36_500, zero: 'keeps them forever', doc: 'Days InfluxDB keeps the hourly and daily rollups (and imported history); 0 keeps them forever.' },
  rollupIntervalMs: { env: 'RUNWAY_ROLLUP_INTERVAL_MS', default: 300_000, kind: 'int', min: 1000, max: 86_400_000, doc: 'How often runway serve rolls up the days that received points, in milliseconds (each capacity cycle also does first).' },
  redisUrl: { env: 'REDIS_URL', default: '', kind: 'string', doc: 'Redis (redis://host:6379) through which runway serve queues forecast jobs (BullMQ) for runway worker processes on any machine; empty fits them in a worker-thread pool in runway serve.' },
  queueLockMs: { env: 'RUNWAY_QUEUE_LOCK_MS', default: 30_000, kind: 'int', min: 1000, max: 3_600_000, doc: 'How long a runway worker holds a forecast job without renewing it before the job counts as stalled and goes to another worker, in milliseconds.' },
  forecastHistoryDays: { env: 'RUNWAY_FORECAST_HISTORY_DAYS', default: 1095, kind: 'int', min: 14, max: 3650, doc: 'Days of history each forecast is fitted on (three years: yearly patterns are learnt from three occurrences).' },
  forecastHorizonDays: { env: 'RUNWAY_FORECAST_HORIZON_DAYS', default: 90, kind: 'int', min: 1, max: 730, doc: 'Days ahead the forecast job predicts.' },
  forecastLevelPercent: { env: 'RUNWAY_FORECAST_LEVEL', default: 80, kind: 'int', min: 1, max: 99, doc: 'Width of the prediction interval, in percent.' },
  forecastCountry: { env: 'RUNWAY_COUNTRY', default: 'DK', kind: 'string', doc: 'Country (ISO 3166 alpha-2) whose holidays the forecast job models.' },
  forecastEventsFile: { env: 'RUNWAY_EVENTS_FILE', default: '', kind: 'string', doc: 'CSV of custom events (campaigns, migrations; header name,start,end,scope, where scope names the customer or host an event concerns, all when empty) the forecast job learns and forecasts like holidays, read at every run; empty uses none.' },
  diskThresholdPercent: { env: 'RUNWAY_DISK_THRESHOLD_PERCENT', default: 90, kind: 'int', min: 1, max: 99, doc: 'Disk usage, in percent, that counts as full for early warnings; inode use is held to the same mark.' },
  memoryThresholdPercent: { env: 'RUNWAY_MEMORY_THRESHOLD_PERCENT', default: 90, kind: 'int', min: 1, max: 99, doc: 'Daily peak memory use, in percent of RAM, that counts as running out for early warnings.' },
  cpuThresholdPercent: { env: 'RUNWAY_CPU_THRESHOLD_PERCENT', default: 85, kind: 'int', min: 1, max: 99, doc: 'Daily 95th percentile of CPU use, in percent, that counts as saturated for early warnings.' },
  warningDays: { env: 'RUNWAY_WARNING_DAYS', default: 30, kind: 'int', min: 1, max: 3650, doc: 'A likely crossing within this many days raises a warning.' },
  criticalDays: { env: 'RUNWAY_CRITICAL_DAYS', default: 7, kind: 'int', min: 1, max: 3650, doc: 'A likely disk crossing within this many days raises a critical alert.' },
  noticeDays: { env: 'RUNWAY_NOTICE_DAYS', default: 90, kind: 'int', min: 1, max: 3650, doc: 'A likely crossing within this many days raises a notice (shown in Grafana and the API, not sent).' },
  alertHoldRuns: { env: 'RUNWAY_ALERT_HOLD_RUNS', default: 1, kind: 'int', min: 1, max: 1000, doc: 'Forecast runs a condition must hold before its alert fires (1 fires at once).' },
  alertClearRuns: { env: 'RUNWAY_ALERT_CLEAR_RUNS', default: 2, kind: 'int', min: 1, max: 1000, doc: 'Forecast runs a firing condition must be gone before its alert resolves.' },
  alertStateFile: { env: 'RUNWAY_ALERT_STATE_FILE', default: 'var/alert-state.json', kind: 'string', doc: 'File keeping alert states, silences and the delivery outbox across restarts.' },
  rollupStateFile: { env: 'RUNWAY_ROLLUP_STATE_FILE', default: 'var/rollup-state.json', kind: 'string', doc: 'File keeping how far the rollups are final, and the days late points touched, across restarts (each runway serve process needs its own).' },
  fitMemoryFile: { env: 'RUNWAY_FIT_MEMORY_FILE', default: 'var/fit-memory.ndjson', kind: 'string', doc: 'File keeping each host\'s last forecast fit across restarts, so that the first cycle after one refits only the hosts that are due.' },
  alertWebhookUrl: { env: 'RUNWAY_ALERT_WEBHOOK_URL', default: '', kind: 'string', doc: 'URL receiving every alert transition in Alertmanager webhook (version 4) shape; empty sends none.' },
  alertmanagerUrl: { env: 'RUNWAY_ALERTMANAGER_URL', default: '', kind: 'string', doc: 'Base URL of a standalone Prometheus Alertmanager that is kept told of the firing warnings and critical alerts, re-sent every minute (POST /api/v2/alerts); empty sends none.' },
  smtpUrl: { env: 'RUNWAY_SMTP_URL', default: '', kind: 'string', doc: 'SMTP server for alert and notice e-mail, as smtp://user:password@host:587 (STARTTLS) or smtps://…:465; empty sends no e-mail.' },
  alertEmailFrom: { env: 'RUNWAY_ALERT_EMAIL_FROM', default: 'runway@localhost', kind: 'string', doc: 'Sender of alert and notice e-mail.' },
  alertEmailTo: { env: 'RUNWAY_ALERT_EMAIL_TO', default: '', kind: 'string', doc: 'Comma-separated addresses that get warnings and critical alerts by e-mail.' },
  smsGatewayUrl: { env: 'RUNWAY_SMS_GATEWAY_URL', default: '', kind: 'string', doc: 'HTTP SMS gateway that critical alerts are posted to; empty sends no SMS.' },
  smsBodyTemplate: { env: 'RUNWAY_SMS_BODY_TEMPLATE', default: '{"to":"{{to}}","text":"{{text}}"}', kind: 'string', doc: 'Request body for the SMS gateway, with {{to}} and {{text}} (JSON-escaped in a JSON body).' },
  smsTo: { env: 'RUNWAY_SMS_TO', default: '', kind: 'string', doc: 'Comma-separated phone numbers (E.164) that get critical alerts by SMS.' },
  hostingCompany: { env: 'RUNWAY_HOSTING_COMPANY', default: 'Your hosting provider', kind: 'string', doc: 'The hosting company name customer notices are signed with.' },
  logLevel: { env: 'LOG_LEVEL', default: 'info', kind: 'string', doc: 'pino log level (fatal, error, warn, info, debug, trace, silent).' },
} as const satisfies Record<string, SettingSpec>;

interface SettingSpec {
  env: string;
  default: string | number;
  /** int: a whole number from `min` to `max`, or 0 where `zero` says what 0 means. */
  kind: 'string' | 'name' | 'url' | 'int';
  min?: number;
  max?: number;
  zero?: string;
  doc: string;
}

type SettingKey = keyof typeof SETTINGS;
export type Config = Readonly<{ [K in SettingKey]: (typeof SETTINGS)[K]['default'] extends number ? number : string }>;

/** Name of the env var pointing at an optional JSON or YAML config file; env vars override it. */
export const CONFIG_FILE_ENV = 'RUNWAY_CONFIG';

export function settingsReference(): { key: string; env: string; default: string | number; range: string; doc: string }[] {
  return Object.entries(SETTINGS).map(([key, s]: [string, SettingSpec]) => ({ key, env: s.env, default: s.default, range: rangeOf(s), doc: s.doc }));
}

/** The accepted values of a numeric setting as the README states them; empty for others. */
function rangeOf(spec: SettingSpec): string {
  if (spec.kind !== 'int') return '';
  const span = `${spec.min}–${spec.max}`;
  return spec.zero ? `0, or ${span}` : span;
}

/** Builds the frozen configuration: defaults, then the config file, then env vars, then explicit overrides. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<SettingKey, unknown>> = {}): Config {
  const file = env[CONFIG_FILE_ENV] ? readConfigFile(env[CONFIG_FILE_ENV]) : {};
  const out: Record<string, string | number> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as [SettingKey, SettingSpec][]) {
    let raw: unknown = spec.default;
    let source = 'default';
    if (key in file) [raw, source] = [file[key], `config file key ${key}`];
    if (env[spec.env] !== undefined && env[spec.env] !== '') [raw, source] = [env[spec.env], `env ${spec.env}`];
    if (overrides[key] !== undefined) [raw, source] = [overrides[key], 'override'];
    out[key] = coerce(key, spec, raw, source);
  }
  for (const key of Object.keys(file)) {
    if (!(key in SETTINGS)) throw new RunwayError('RUNWAY_ERR_CONFIG_INVALID', { key, source: 'config file', reason: `unknown setting; known: ${Object.keys(SETTINGS).join(', ')}` });
  }
  const [critical, warning, notice] = [out.criticalDays, out.warningDays, out.noticeDays] as number[];
  if (!(critical! <= warning! && warning! <= notice!)) {
    throw new RunwayError('RUNWAY_ERR_CONFIG_INVALID', { key: 'criticalDays, warningDays, noticeDays', source: 'settings', reason: `the lead-time tiers must nest, critical ≤ warning ≤ notice (got ${critical}, ${warning}, ${notice})` });
  }
  return Object.freeze(out) as Config;
}

function readConfigFile(path: string): Record<string, unknown> {
  try {
    const parsed: unknown = parseYaml(readFileSync(path, 'utf8')); // YAML is a superset of JSON
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('top level must be a mapping of setting → value');
    return parsed as Record<string, unknown>;
  } catch (cause) {
    throw new RunwayError('RUNWAY_ERR_CONFIG_FILE', { path, reason: (cause as Error).message }, { cause });
  }
}

function coerce(key: string, spec: SettingSpec, raw: unknown, source: string): string | number {
  const fail = (reason: string): never => {
    throw new RunwayError('RUNWAY_ERR_CONFIG_INVALID', { key, source, reason: `${reason} (got ${JSON.stringify(raw)})` });
  };
  if (spec.kind === 'string') return String(raw);
  if (spec.kind === 'name') {
    const s = String(raw);
    return /^[A-Za-z0-9_.-]+$/.test(s) ? s : fail('use letters, digits, "_", "." or "-"');
  }
  if (spec.kind === 'url') {
    const s = String(raw).replace(/\/+$/, '');
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:' ? s : fail('must be an http(s) URL');
    } catch {
      return fail('must be an http(s) URL');
    }
  }
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n)) return fail('must be a whole number');
  if (n === 0 && spec.zero) return n;
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = spec;
  if (n < min || n > max) return fail(`must be from ${min} to ${max}${spec.zero ? ` (or 0, which ${spec.zero})` : ''}`);
  return n;
}
