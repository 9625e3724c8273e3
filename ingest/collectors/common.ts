import { TAG_CUSTOMER, type FieldValue, type MetricPoint } from '../../core/schema.ts';
import type { LineError } from '../line-protocol.ts';
import { LineFault, MAX_ERROR_TEXT, MAX_TIME_NS, MIN_TIME_NS, setOwn } from '../line-protocol-tokens.ts';

/**
 * Helpers every collector parser shares: walking a body line by line with per-line faults,
 * building canonical points field by field, and the unit and time conversions.
 */

export { LineFault, fault, setOwn } from '../line-protocol-tokens.ts';
export type { LineError, ParseResult } from '../line-protocol.ts';

export type Tags = Record<string, string>;

/** The line for an error report: at most 200 characters, never ending in half a surrogate pair. */
export function errorText(line: string): string {
  if (line.length <= MAX_ERROR_TEXT) return line;
  let stop = MAX_ERROR_TEXT;
  const c = line.charCodeAt(stop - 1);
  if (c >= 0xd800 && c <= 0xdbff) stop--;
  return line.slice(0, stop);
}

/** Calls fn with each line (trailing CR removed) and its 1-based number; a final newline adds no line. */
export function eachLine(body: string, fn: (line: string, lineNo: number) => void): void {
  const length = body.length;
  let start = 0;
  let lineNo = 0;
  while (start < length) {
    let next = body.indexOf('\n', start);
    if (next === -1) next = length;
    lineNo++;
    const end = next > start && body.charCodeAt(next - 1) === 13 ? next - 1 : next;
    fn(body.slice(start, end), lineNo);
    start = next + 1;
  }
}

/** The reason for a caught error: a LineFault's own, or a labelled bug report so nothing throws out. */
export function reasonOf(e: unknown): string {
  if (e instanceof LineFault) return e.reason;
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : 'unknown error';
  return `unexpected parser error: ${message}`;
}

/** Runs one line's parse; a fault becomes a LineError for that line and never reaches the caller. */
export function guardLine(errors: LineError[], lineNo: number, line: string, parse: () => void): void {
  try {
    parse();
  } catch (e) {
    errors.push({ line: lineNo, reason: reasonOf(e), text: errorText(line) });
  }
}

export const isBlankCode = (c: number): boolean => c === 32 || c === 9;

/** Index of the first non-blank character at or after i, or the line length. */
export function skipBlanks(s: string, i: number): number {
  while (i < s.length && isBlankCode(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Line protocol ends a line at a newline, and core's formatter does not escape one, so names and
 * tag values lose their line breaks (each becomes a space) rather than corrupting a write.
 */
export const cleanName = (s: string): string => (/[\r\n]/.test(s) ? s.replace(/[\r\n]/g, ' ') : s);

/** String field values keep line breaks visibly, as Telegraf writes them: `\n`, `\r`. */
export const cleanText = (s: string): string =>
  /[\r\n]/.test(s) ? s.replace(/\r/g, '\\r').replace(/\n/g, '\\n') : s;

/**
 * Adds a tag if key and value are non-empty. `customer` is the route's to set (from the token)
 * and InfluxDB drops a point tagged `time`, so both are left out.
 */
export function addTag(tags: Tags, key: string, value: string | undefined): void {
  if (value === undefined) return;
  const k = cleanName(key);
  const v = cleanName(value);
  if (k === '' || v === '' || k === TAG_CUSTOMER || k === 'time') return;
  setOwn(tags, k, v);
}

export const own = <T>(obj: Record<string, T>, key: string): T | undefined => (Object.hasOwn(obj, key) ? obj[key] : undefined);

/** A float field, or undefined for NaN and ±Infinity, which InfluxDB cannot store. */
export function floatOf(n: number | undefined): FieldValue | undefined {
  return n !== undefined && Number.isFinite(n) ? { type: 'float', value: n } : undefined;
}

export function numberOfField(v: FieldValue | undefined): number | undefined {
  return v !== undefined && v.type === 'float' ? v.value : undefined;
}

/** Device names as Telegraf writes them: `/dev/sda1` → `sda1`, so collectors agree on the tag. */
export const deviceName = (device: string): string => (device.startsWith('/dev/') ? device.slice(5) : device);

export function inTimeRange(ns: bigint): boolean {
  return ns >= MIN_TIME_NS && ns <= MAX_TIME_NS;
}

/** Epoch seconds (fractions kept to the nanosecond) to ns, or undefined when not storable. */
export function secondsToNs(s: number): bigint | undefined {
  if (!Number.isFinite(s) || Math.abs(s) > 9.2e9) return undefined;
  const whole = Math.trunc(s);
  const ns = BigInt(whole) * 1_000_000_000n + BigInt(Math.round((s - whole) * 1e9));
  return inTimeRange(ns) ? ns : undefined;
}

/** Epoch milliseconds to ns, or undefined when not storable. */
export function millisToNs(ms: number): bigint | undefined {
  if (!Number.isFinite(ms) || Math.abs(ms) > 9.2e12) return undefined;
  const whole = Math.trunc(ms);
  const ns = BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
  return inTimeRange(ns) ? ns : undefined;
}

/** Plain decimal number syntax (`12`, `-1.5`, `.5`, `1e9`), no NaN, Inf, hex or spaces. */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Collects fields into points, one per measurement, tag set and time, in first-seen order. */
export class PointSet {
  private readonly byKey = new Map<string, MetricPoint>();

  private static key(measurement: string, tags: Tags, timeNs: bigint): string {
    const pairs = Object.keys(tags)
      .sort()
      .map((k) => [k, tags[k]]);
    return JSON.stringify([measurement, pairs, String(timeNs)]);
  }

  /** The point for this series and time, created empty on first use; the tags must not change later. */
  point(measurement: string, tags: Tags, timeNs: bigint): MetricPoint {
    const key = PointSet.key(measurement, tags, timeNs);
    let p = this.byKey.get(key);
    if (p === undefined) {
      p = { measurement, tags, fields: {}, timeNs };
      this.byKey.set(key, p);
    }
    return p;
  }

  /** Sets a field; a later value for the same field of the same point wins. */
  add(measurement: string, tags: Tags, timeNs: bigint, field: string, value: FieldValue | undefined): void {
    if (value === undefined) return;
    const name = cleanName(field);
    if (name === '') return;
    setOwn(this.point(measurement, tags, timeNs).fields, name, value);
  }

  /** Every point that got at least one field. */
  points(): MetricPoint[] {
    const out: MetricPoint[] = [];
    for (const p of this.byKey.values()) for (const _ in p.fields) {
      out.push(p);
      break;
    }
    return out;
  }
}

/** used_percent from used / whole when the source sent none and whole is positive. */
export function deriveUsedPercent(p: MetricPoint, used: number | undefined, whole: number | undefined): void {
  if (Object.hasOwn(p.fields, 'used_percent') || used === undefined || whole === undefined || !(whole > 0)) return;
  const pct = floatOf((used / whole) * 100);
  if (pct !== undefined) p.fields.used_percent = pct;
}
