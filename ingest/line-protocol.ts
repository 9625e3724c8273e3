import type { FieldValue, MetricPoint } from '../core/schema.ts';
import {
  MIN_TIME_NS,
  MAX_TIME_NS,
  MAX_KEY_LENGTH,
  MAX_ERROR_TEXT,
  isBlank,
  LineFault,
  fault,
  setOwn,
  unescape,
  MEASUREMENT_ESCAPES,
  KEY_ESCAPES,
  STRING_ESCAPES,
  isIntegerSyntax,
  parseScalar,
  CR,
  SPACE,
  QUOTE,
  HASH,
  COMMA,
  EQUALS,
  BACKSLASH,
} from './line-protocol-tokens.ts';

/**
 * InfluxDB line-protocol parser (formats.md §6), following InfluxDB 1.x on what it accepts
 * and rejects. This is the ingest hot path: it walks the body with indexes and charCodeAt,
 * slices only the final tokens, unescapes only tokens that contain a backslash, and takes a key
 * it has seen at the same place in an earlier line as that same string.
 *
 * A newline always ends a line (Telegraf escapes newlines in values as `\n`), so a bad line,
 * even one with an unterminated string, never swallows the lines after it.
 */

export type Precision = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

/** Accepted `precision` query values. Null prototype, so `PRECISIONS['constructor']` is undefined. */
export const PRECISIONS: Record<string, Precision> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, Precision>, {
    n: 'ns', ns: 'ns', u: 'us', us: 'us', 'µ': 'us', ms: 'ms', s: 's', m: 'm', h: 'h',
  }),
);

export interface LineError {
  /** 1-based line number in the body. */
  line: number;
  reason: string;
  /** The offending line, truncated to 200 characters. */
  text: string;
}

export interface ParseResult {
  points: MetricPoint[];
  errors: LineError[];
  /** Non-blank, non-comment lines seen, good or bad. */
  lines: number;
}

const NS_PER_UNIT: Record<Precision, bigint> = {
  ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};

/**
 * Keys seen at each position of a measurement's lines, the last two per position (a measurement
 * may alternate between two kinds of line, as Telegraf's system does). Only keys written without
 * escapes are kept, so a key's text in the body is the key itself.
 */
class SeenKeys {
  private readonly keys: (string | undefined)[] = [];

  /** The key seen at position n that s spells at `at`, followed by '=' before `end`; '' if none. */
  find(s: string, at: number, end: number, n: number): string {
    for (let k = 2 * n; k < 2 * n + 2; k++) {
      const key = this.keys[k];
      if (key !== undefined && at + key.length < end && s.charCodeAt(at + key.length) === EQUALS && s.startsWith(key, at)) return key;
    }
    return '';
  }

  /** Notes the key found at position n, which takes the place of the older of the two. */
  add(key: string, n: number): void {
    this.keys[2 * n + 1] = this.keys[2 * n];
    this.keys[2 * n] = key;
  }
}

const missingTagValue = (key: string) => `missing tag value for key "${key}"`;
const missingFieldValue = (key: string) => `missing "=" and value after field key "${key}"`;

/** The keys a measurement's lines use. */
interface MeasurementKeys {
  tags: SeenKeys;
  fields: SeenKeys;
}

const newMeasurementKeys = (): MeasurementKeys => ({ tags: new SeenKeys(), fields: new SeenKeys() });

/** Most measurements a scanner remembers the keys of: a body of ever new names piles up nothing. */
const MAX_MEASUREMENTS_REMEMBERED = 1000;

/** Parses one line at a time; holds the cursor so the scan steps need not return pairs. */
class LineScanner {
  private i = 0;
  private end = 0;
  /** Whether the last token scanned held a backslash, so only those pay for unescaping. */
  private escaped = false;
  /**
   * The keys lines used before, per measurement. A measurement's lines repeat their keys in the
   * same order, so a key is nearly always one seen at its position before: recognised there, it
   * is that same string again rather than a new one. Besides the slicing this spares, V8 looks
   * up every new string used as a property key in its string table, and one it has seen before
   * it need not.
   */
  private readonly keysOf = new Map<string, MeasurementKeys>();
  /** The last line's measurement ('' when it was written with escapes), and the keys of the line's measurement. */
  private lastMeasurement = '';
  private lineKeys = newMeasurementKeys();
  /** Where in the body the last good timestamp was, and its value. */
  private lastTimeStart = -1;
  private lastTimeEnd = -1;
  private lastTimeNs = 0n;

  private readonly s: string;
  private readonly nsPerUnit: bigint;
  private readonly precision: Precision;
  private readonly nowNs: bigint;
  constructor(
    s: string,
    nsPerUnit: bigint,
    precision: Precision,
    nowNs: bigint,
  ) {
    this.s = s;
    this.nsPerUnit = nsPerUnit;
    this.precision = precision;
    this.nowNs = nowNs;
  }

  /** Parses s[start, end), which has no line break and no leading whitespace. */
  parseLine(start: number, end: number): MetricPoint {
    this.i = start;
    this.end = end;
    const measurement = this.scanMeasurement();
    const tags: Record<string, string> = {};
    if (this.s.charCodeAt(this.i) === COMMA) {
      this.i++;
      this.scanTags(tags);
    }
    if (this.i - start > MAX_KEY_LENGTH) fault(`series key longer than ${MAX_KEY_LENGTH} characters`);
    this.skipSpaces();
    if (this.i >= end) fault('missing field set');
    const fields = this.scanFields();
    const timeNs = this.scanTimestamp();
    return { measurement, tags, fields, timeNs };
  }

  private skipSpaces(): void {
    while (this.i < this.end && this.s.charCodeAt(this.i) === SPACE) this.i++;
  }

  /**
   * Returns the index of the first unescaped comma or space (or '=' if stopAtEquals) from the
   * cursor, or the line end. A backslash escapes whatever follows it, for scanning purposes.
   */
  private scanToken(stopAtEquals: boolean): number {
    const { s, end } = this;
    let i = this.i;
    this.escaped = false;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === BACKSLASH) {
        this.escaped = true;
        i += 2;
        continue;
      }
      if (c === COMMA || c === SPACE || (c === EQUALS && stopAtEquals)) break;
      i++;
    }
    return i > end ? end : i;
  }

  /** s[start, stop) with the given escapes removed if the token held a backslash. */
  private token(start: number, stop: number, escapes: string): string {
    const raw = this.s.slice(start, stop);
    return this.escaped ? unescape(raw, escapes) : raw;
  }

  /**
   * The n-th tag or field key, up to its unescaped '=', which must follow; leaves the cursor
   * after the '='. `missing` words the fault when the '=' is not there.
   */
  private scanKey(seen: SeenKeys, n: number, missing: (key: string) => string): string {
    const start = this.i;
    const known = seen.find(this.s, start, this.end, n);
    if (known !== '') {
      this.i = start + known.length + 1;
      return known;
    }
    const stop = this.scanToken(true);
    const key = this.token(start, stop, KEY_ESCAPES);
    if (stop >= this.end || this.s.charCodeAt(stop) !== EQUALS) fault(missing(key));
    if (!this.escaped) seen.add(key, n);
    this.i = stop + 1;
    return key;
  }

  /** Measurement: up to the first unescaped comma (tags follow) or space (fields follow). */
  private scanMeasurement(): string {
    const start = this.i;
    if (this.s.charCodeAt(start) === COMMA) fault('measurement name is empty');
    if (this.isLastMeasurement(start)) {
      this.i = start + this.lastMeasurement.length;
      return this.lastMeasurement;
    }
    const stop = this.scanToken(false);
    if (stop >= this.end) fault('missing field set');
    this.i = stop;
    const measurement = this.token(start, stop, MEASUREMENT_ESCAPES);
    let keys = this.keysOf.get(measurement);
    if (!keys) {
      keys = newMeasurementKeys();
      if (this.keysOf.size < MAX_MEASUREMENTS_REMEMBERED) this.keysOf.set(measurement, keys);
    }
    this.lineKeys = keys;
    this.lastMeasurement = this.escaped ? '' : measurement;
    return measurement;
  }

  /** Whether the line starts with the last line's measurement (written without escapes), then a comma or space. */
  private isLastMeasurement(start: number): boolean {
    const { s, lastMeasurement } = this;
    const stop = start + lastMeasurement.length;
    if (lastMeasurement === '' || stop >= this.end) return false;
    const next = s.charCodeAt(stop);
    return (next === COMMA || next === SPACE) && s.startsWith(lastMeasurement, start);
  }

  /** Tags after the measurement's comma, up to the space before the field set. */
  private scanTags(tags: Record<string, string>): void {
    for (let n = 0; ; n++) {
      const key = this.scanTagKey(n);
      const value = this.scanTagValue(key);
      // InfluxDB drops such a point at write time ("invalid tag key"); say so per line instead.
      if (key === 'time') fault('tag key "time" is not allowed');
      if (Object.hasOwn(tags, key)) fault(`duplicate tag "${key}"`);
      setOwn(tags, key, value);
      if (this.s.charCodeAt(this.i) === SPACE) return;
      this.i++; // the comma before the next tag
    }
  }

  /** The n-th tag key, up to its unescaped '='; leaves the cursor after the '='. */
  private scanTagKey(n: number): string {
    const first = this.s.charCodeAt(this.i);
    if (this.i >= this.end || first === COMMA || first === SPACE || first === EQUALS) fault('empty tag key');
    return this.scanKey(this.lineKeys.tags, n, missingTagValue);
  }

  /** Tag value up to the unescaped comma or space after it; leaves the cursor on that character. */
  private scanTagValue(key: string): string {
    const start = this.i;
    const first = this.s.charCodeAt(start);
    if (start >= this.end || first === COMMA || first === SPACE) fault(`empty tag value for key "${key}"`);
    const stop = this.scanToken(true);
    if (stop >= this.end) fault('missing field set');
    if (this.s.charCodeAt(stop) === EQUALS) fault(`unescaped "=" in tag value for key "${key}"`);
    this.i = stop;
    return this.token(start, stop, KEY_ESCAPES);
  }

  /** The field set; duplicate keys: the last one wins, as in InfluxDB. */
  private scanFields(): Record<string, FieldValue> {
    const { s, end } = this;
    const fields: Record<string, FieldValue> = {};
    let kept = 0;
    for (let n = 0; ; n++) {
      const key = this.scanFieldKey(n);
      const value = this.scanFieldValue(key);
      // InfluxDB silently drops a field named "time" and the point if nothing else is left.
      if (key !== 'time') {
        setOwn(fields, key, value);
        kept++;
      }
      if (this.i >= end || s.charCodeAt(this.i) === SPACE) break;
      this.i++; // the comma before the next field
      if (this.i >= end || s.charCodeAt(this.i) === SPACE) fault('trailing comma in field set');
    }
    if (kept === 0) fault('field key "time" is not allowed (it was the only field)');
    return fields;
  }

  /** The n-th field key, up to its unescaped '='; leaves the cursor after the '='. */
  private scanFieldKey(n: number): string {
    const first = this.s.charCodeAt(this.i);
    if (first === EQUALS || first === COMMA) fault('empty field key');
    return this.scanKey(this.lineKeys.fields, n, missingFieldValue);
  }

  /** A field value; leaves the cursor on the comma or space after it, or at the end. */
  private scanFieldValue(key: string): FieldValue {
    const { s, end } = this;
    const start = this.i;
    const first = s.charCodeAt(start);
    if (start >= end || first === COMMA || first === SPACE) fault(`missing value for field "${key}"`);
    if (first === QUOTE) return this.scanString(key);
    let i = start + 1;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === COMMA || c === SPACE) break;
      i++;
    }
    this.i = i;
    return parseScalar(s, start, i, key);
  }

  /** A quoted string value; only `\"` and `\\` are escapes, and they may hide a quote. */
  private scanString(key: string): FieldValue {
    const { s, end } = this;
    const start = this.i + 1;
    let i = start;
    let escaped = false;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c === QUOTE) break;
      i++;
    }
    if (i >= end) fault(`unterminated string field for key "${key}"`);
    const raw = s.slice(start, i);
    i++; // the closing quote
    const next = s.charCodeAt(i);
    if (i < end && next !== COMMA && next !== SPACE) fault(`unexpected text after string field "${key}"`);
    this.i = i;
    return { type: 'string', value: escaped ? unescape(raw, STRING_ESCAPES) : raw };
  }

  /** Optional integer timestamp in the request's precision; without one, the server's now. */
  private scanTimestamp(): bigint {
    const { s, end } = this;
    this.skipSpaces();
    if (this.i >= end) return this.nowNs;
    const start = this.i;
    let i = start;
    while (i < end && s.charCodeAt(i) !== SPACE) i++;
    const repeated = this.sameAsLastTimestamp(start, i);
    if (!repeated && !isIntegerSyntax(s, start, i, true)) fault(`bad timestamp "${s.slice(start, i)}"`);
    this.i = i;
    this.skipSpaces();
    if (this.i < end) fault('unexpected text after timestamp');
    if (repeated) return this.lastTimeNs;
    const ns = BigInt(s.slice(start, i)) * this.nsPerUnit;
    if (ns < MIN_TIME_NS || ns > MAX_TIME_NS) {
      fault(`timestamp out of range: ${s.slice(start, i)} (precision ${this.precision}; InfluxDB stores years 1677 to 2262)`);
    }
    this.lastTimeStart = start;
    this.lastTimeEnd = i;
    this.lastTimeNs = ns;
    return ns;
  }

  /** Telegraf stamps a whole gather with one time, so most lines repeat the last good timestamp. */
  private sameAsLastTimestamp(start: number, end: number): boolean {
    const { s, lastTimeStart } = this;
    const length = end - start;
    if (lastTimeStart < 0 || length !== this.lastTimeEnd - lastTimeStart) return false;
    for (let k = 0; k < length; k++) if (s.charCodeAt(start + k) !== s.charCodeAt(lastTimeStart + k)) return false;
    return true;
  }
}

/** The line for an error report: at most 200 characters, never ending in half a surrogate pair. */
function errorText(s: string, start: number, end: number): string {
  let stop = Math.min(end, start + MAX_ERROR_TEXT);
  if (stop < end) {
    const c = s.charCodeAt(stop - 1);
    if (c >= 0xd800 && c <= 0xdbff) stop--;
  }
  return s.slice(start, stop);
}

export interface ParseOptions {
  precision: Precision;
  nowNs: bigint;
  /**
   * Parses only body[from, to), which starts a line and ends one (or the body), with line
   * numbers counted from `from`. A range rather than body.slice(from, to): reading characters
   * of a sliced string costs an indirection on every one of them.
   */
  from?: number;
  to?: number;
}

/**
 * Parses a line-protocol body. Bad lines are reported with their 1-based line number and
 * never stop the lines after them; blank lines and `#` comments are skipped.
 */
export function parseLineProtocol(body: string, opts: ParseOptions): ParseResult {
  const points: MetricPoint[] = [];
  const errors: LineError[] = [];
  const scanner = new LineScanner(body, NS_PER_UNIT[opts.precision], opts.precision, opts.nowNs);
  const length = opts.to ?? body.length;
  let lines = 0;
  let lineNo = 0;
  let lineStart = opts.from ?? 0;
  while (lineStart < length) {
    let next = body.indexOf('\n', lineStart);
    if (next === -1 || next > length) next = length;
    lineNo++;
    let end = next;
    if (end > lineStart && body.charCodeAt(end - 1) === CR) end--;
    let start = lineStart;
    lineStart = next + 1;
    while (start < end && isBlank(body.charCodeAt(start))) start++;
    if (start >= end || body.charCodeAt(start) === HASH) continue;
    lines++;
    try {
      points.push(scanner.parseLine(start, end));
    } catch (e) {
      if (!(e instanceof LineFault)) throw e;
      errors.push({ line: lineNo, reason: e.reason, text: errorText(body, start, end) });
    }
  }
  return { points, errors, lines };
}

/**
 * The 1-based line (counted from `from`) that point `index` of parseLineProtocol(body, {from, to})
 * came from, given the lines it refused: asked only for a point refused later, so the parse need
 * not record every point's line.
 */
export function lineOfPoint(body: string, from: number, to: number, refusedLines: ReadonlySet<number>, index: number): number {
  let lineNo = 0;
  let seen = -1;
  for (let lineStart = from; lineStart < to; ) {
    let next = body.indexOf('\n', lineStart);
    if (next === -1 || next > to) next = to;
    lineNo++;
    let start = lineStart;
    lineStart = next + 1;
    while (start < next && isBlank(body.charCodeAt(start))) start++;
    if (start >= next || body.charCodeAt(start) === HASH || (body.charCodeAt(start) === CR && start + 1 >= next)) continue;
    if (refusedLines.has(lineNo)) continue;
    if (++seen === index) return lineNo;
  }
  return 0;
}
