import { TAG_HOST } from '../../core/schema.ts';
import {
  addTag, cleanText, DECIMAL, eachLine, fault, floatOf, guardLine, PointSet, secondsToNs, skipBlanks,
  type LineError, type ParseResult, type Tags,
} from './common.ts';

/**
 * OVH RTM probes (formats.md §1a, `rtmHourly.pl`): one JSON object per line, scollector style,
 *
 *   {"metric":"rtm.hw.cpu.number","timestamp":1582208062,"value":"12"}
 *
 * with `value` always a string and `timestamp` in epoch seconds. Mapping:
 * - `rtm.hw.cpu.number` → system n_cpus (float);
 * - `os.load.processesup` / `os.load.processesactive` → system processes_up / processes_active;
 * - everything else (rtm.info.*, rtm.hw.*, …) → measurement `rtm`, field = the metric name: a
 *   float when the value is a plain decimal number, else a string. A metric that is sometimes
 *   numeric and sometimes not would change field type; RTM's probes are stable in that respect.
 *
 * The same mapping serves these metrics when they arrive through noderig and beamium instead.
 * A scollector-style `tags` object is accepted too; its string values become tags.
 */

export const RTM_MEASUREMENT = 'rtm';

const SYSTEM_FIELDS: ReadonlyMap<string, string> = new Map([
  ['rtm.hw.cpu.number', 'n_cpus'],
  ['os.load.processesup', 'processes_up'],
  ['os.load.processesactive', 'processes_active'],
]);

/** True for metrics this mapping owns whatever the transport: the three above and rtm.*. */
export const isRtmMetric = (metric: string): boolean => SYSTEM_FIELDS.has(metric) || metric.startsWith('rtm.');

function numeric(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && DECIMAL.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Adds one RTM metric to the set: system fields as floats when numeric, everything else to `rtm`.
 * A system metric with a non-numeric value is kept under `rtm` rather than lost.
 */
export function addRtmMetric(set: PointSet, metric: string, value: string | number | boolean, tags: Tags, timeNs: bigint): void {
  const n = numeric(value);
  const systemField = SYSTEM_FIELDS.get(metric);
  if (systemField !== undefined && n !== undefined) {
    set.add('system', tags, timeNs, systemField, floatOf(n));
  } else if (n !== undefined) {
    set.add(RTM_MEASUREMENT, tags, timeNs, metric, floatOf(n));
  } else if (typeof value === 'boolean') {
    set.add(RTM_MEASUREMENT, tags, timeNs, metric, { type: 'bool', value });
  } else if (typeof value === 'string') {
    set.add(RTM_MEASUREMENT, tags, timeNs, metric, { type: 'string', value: cleanText(value) });
  }
  // A non-finite number (NaN, ±Inf) cannot be stored in InfluxDB at all.
}

function parseObject(line: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (e) {
    return fault(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fault('expected a JSON object');
  return parsed as Record<string, unknown>;
}

function timeOf(raw: unknown): bigint {
  const s = typeof raw === 'number' ? raw : typeof raw === 'string' && DECIMAL.test(raw) ? Number(raw) : undefined;
  if (s === undefined) return fault('"timestamp" must be epoch seconds');
  const ns = secondsToNs(s);
  if (ns === undefined) fault(`timestamp out of range: ${String(raw)}`);
  return ns;
}

function tagsOf(raw: unknown, host: string): Tags {
  const tags: Tags = {};
  if (raw !== undefined) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fault('"tags" must be an object');
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v !== 'string') fault(`tag "${k}" must be a string`);
      if (k !== TAG_HOST) addTag(tags, k, v);
    }
  }
  addTag(tags, TAG_HOST, host);
  return tags;
}

function parseProbeLine(line: string, host: string, set: PointSet): void {
  const obj = parseObject(line);
  const metric = obj.metric;
  if (typeof metric !== 'string' || metric.trim() === '') fault('"metric" must be a non-empty string');
  const timeNs = timeOf(obj.timestamp);
  const value = obj.value;
  if (typeof value !== 'string' && typeof value !== 'number') fault('"value" must be a string (or a number)');
  if (typeof value === 'number' && !Number.isFinite(value)) fault('"value" must be finite');
  const tags = tagsOf(obj.tags, host);
  if (!Object.hasOwn(tags, TAG_HOST)) fault('no host: the route must name the host these probes came from');
  addRtmMetric(set, metric, value, tags, timeNs);
}

/**
 * Parses RTM probe output for one host into canonical points. Bad lines are reported with
 * their 1-based number and never stop the others; blank lines are skipped.
 */
export function parseRtmProbes(body: string, host: string): ParseResult {
  const set = new PointSet();
  const errors: LineError[] = [];
  let lines = 0;
  eachLine(body, (line, lineNo) => {
    if (skipBlanks(line, 0) >= line.length) return;
    lines++;
    guardLine(errors, lineNo, line, () => parseProbeLine(line, host, set));
  });
  return { points: set.points(), errors, lines };
}
