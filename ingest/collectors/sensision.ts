import { MAX_TIME_NS, MIN_TIME_NS } from '../line-protocol-tokens.ts';
import { DECIMAL, eachLine, fault, guardLine, setOwn, skipBlanks, type LineError } from './common.ts';

/**
 * Warp 10 GTS input format, as noderig serves it and beamium posts it (formats.md §1a):
 *
 *   TS/LAT:LON/ELEV NAME{LABELS}{ATTRIBUTES} VALUE
 *
 * - TS: microseconds, optional (`// name{} 1` takes the default time); `T-5000000` is relative to
 *   the default time, as Warp 10 allows.
 * - LAT:LON (or one HHCode long) and ELEV are optional but both slashes are required, as in
 *   Warp 10. They are validated and not kept: Runway has no use for positions.
 * - NAME and label keys and values are URL-encoded UTF-8; `+` stays `+` (Warp 10's decoder), and
 *   raw `/` (noderig does not escape label values) is just a character.
 * - `{ATTRIBUTES}` is optional; noderig puts `mount` there.
 * - VALUE: LONG (int64), DOUBLE (also NaN and ±Infinity/±Inf), BOOLEAN (T, F, true, false in any
 *   case) or STRING ('…' or "…", URL-encoded). Warp 10's other value kinds (HH:, Q:, b64:, hex:,
 *   [ … ]) are rejected: no collector Runway takes sends them.
 * - A line starting with `=` continues the class, labels and attributes of the line before it.
 *
 * Blank lines and `#` comments are skipped.
 */

export type SensisionValue = number | boolean | string;

export interface SensisionSample {
  className: string;
  labels: Record<string, string>;
  attributes: Record<string, string>;
  value: SensisionValue;
  /** Microseconds since the epoch, within InfluxDB's storable range once in ns. */
  timeUs: bigint;
  /** 1-based line the sample came from, so a mapping can report a problem against it. */
  line: number;
}

export interface SensisionParseResult {
  samples: SensisionSample[];
  errors: LineError[];
  /** Non-blank, non-comment lines seen, good or bad. */
  lines: number;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MIN_TIME_US = MIN_TIME_NS / 1000n + 1n;
const MAX_TIME_US = MAX_TIME_NS / 1000n;

function decode(s: string, what: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return fault(`bad URL encoding in ${what} "${s}"`);
  }
}

/** `k=v,k=v`, each side URL-encoded; a key appears once. */
function parseLabels(text: string, what: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === '') return labels;
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq === -1) fault(`${what} "${pair}" has no "="`);
    const key = decode(pair.slice(0, eq), `${what} name`);
    if (key === '') fault(`empty ${what} name`);
    if (Object.hasOwn(labels, key)) fault(`duplicate ${what} "${key}"`);
    setOwn(labels, key, decode(pair.slice(eq + 1), `${what} value`));
  }
  return labels;
}

export function parseSensisionValue(text: string): SensisionValue {
  if (text === '') fault('missing value');
  const q = text.charAt(0);
  if (q === "'" || q === '"') {
    if (text.length < 2 || !text.endsWith(q)) fault(`unterminated string value ${text}`);
    return decode(text.slice(1, -1), 'string value');
  }
  if (/^(?:t|true)$/i.test(text)) return true;
  if (/^(?:f|false)$/i.test(text)) return false;
  if (/^[+-]?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n < INT64_MIN || n > INT64_MAX) fault(`LONG value out of range: ${text}`);
    return Number(text);
  }
  if (DECIMAL.test(text)) return Number(text);
  if (/^[+-]?NaN$/.test(text)) return NaN;
  const inf = /^([+-]?)Inf(?:inity)?$/.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return fault(`unsupported value "${text}" (expected LONG, DOUBLE, BOOLEAN or '…' STRING)`);
}

function parseTimestamp(text: string, defaultTimeUs: bigint): bigint {
  let us: bigint;
  if (text === '') us = defaultTimeUs;
  else if (/^T[+-]?\d+$/.test(text)) us = defaultTimeUs + BigInt(text.slice(1));
  else if (/^[+-]?\d+$/.test(text)) us = BigInt(text);
  else return fault(`bad timestamp "${text}" (microseconds expected)`);
  if (us < MIN_TIME_US || us > MAX_TIME_US) fault(`timestamp out of range: ${text || String(defaultTimeUs)} µs`);
  return us;
}

/** LAT:LON or an HHCode long, and ELEV: checked, not kept. */
function checkGeo(latlon: string, elevation: string): void {
  if (latlon !== '') {
    const colon = latlon.indexOf(':');
    if (colon === -1) {
      if (!/^[+-]?\d+$/.test(latlon)) fault(`bad location "${latlon}" (LAT:LON expected)`);
    } else {
      const lat = latlon.slice(0, colon);
      const lon = latlon.slice(colon + 1);
      if (!DECIMAL.test(lat) || Math.abs(Number(lat)) > 90) fault(`bad latitude "${lat}"`);
      if (!DECIMAL.test(lon) || Math.abs(Number(lon)) > 180) fault(`bad longitude "${lon}"`);
    }
  }
  if (elevation !== '' && !/^[+-]?\d+$/.test(elevation)) fault(`bad elevation "${elevation}"`);
}

type Series = Pick<SensisionSample, 'className' | 'labels' | 'attributes'>;

/** NAME{LABELS}{ATTRIBUTES} starting at i; returns the series and the index after it. */
function parseSeries(s: string, i: number): [Series, number] {
  const brace = s.indexOf('{', i);
  if (brace === -1) fault('missing "{" after the class name (labels are required; write {} for none)');
  const rawName = s.slice(i, brace);
  if (rawName === '') fault('empty class name');
  if (/[ \t]/.test(rawName)) fault(`unencoded space in class name "${rawName}"`);
  const className = decode(rawName, 'class name');
  const close = s.indexOf('}', brace + 1);
  if (close === -1) fault('unterminated label set');
  const labels = parseLabels(s.slice(brace + 1, close), 'label');
  let next = close + 1;
  let attributes: Record<string, string> = {};
  if (s.charCodeAt(next) === 123) {
    const end = s.indexOf('}', next + 1);
    if (end === -1) fault('unterminated attribute set');
    attributes = parseLabels(s.slice(next + 1, end), 'attribute');
    next = end + 1;
  }
  return [{ className, labels, attributes }, next];
}

function parseLine(s: string, lineNo: number, defaultTimeUs: bigint, previous: Series | undefined): SensisionSample {
  const continuation = s.charCodeAt(0) === 61; // '='
  if (continuation && previous === undefined) fault('continuation line ("=") without a good line before it');
  const from = continuation ? 1 : 0;
  const space = s.search(/[ \t]/);
  const head = space === -1 ? s.slice(from) : s.slice(from, space);
  const slash1 = head.indexOf('/');
  const slash2 = slash1 === -1 ? -1 : head.indexOf('/', slash1 + 1);
  if (slash2 === -1) fault('missing "TS/LAT:LON/ELEV" prefix (write "//" when there is neither time nor position)');
  const timeUs = parseTimestamp(head.slice(0, slash1), defaultTimeUs);
  checkGeo(head.slice(slash1 + 1, slash2), head.slice(slash2 + 1));
  if (space === -1) fault('missing class name and value');
  let i = skipBlanks(s, space);
  let series = previous as Series;
  if (!continuation) {
    const [parsed, next] = parseSeries(s, i);
    if (next < s.length && s.charCodeAt(next) !== 32 && s.charCodeAt(next) !== 9) fault('expected a space before the value');
    series = parsed;
    i = skipBlanks(s, next);
  }
  const value = parseSensisionValue(s.slice(i).replace(/[ \t]+$/, ''));
  return { ...series, value, timeUs, line: lineNo };
}

/**
 * Parses a Sensision body. Bad lines are reported with their 1-based number and never stop the
 * others; `defaultTimeUs` stamps lines without a timestamp.
 */
export function parseSensision(body: string, defaultTimeUs: bigint): SensisionParseResult {
  const samples: SensisionSample[] = [];
  const errors: LineError[] = [];
  let lines = 0;
  let previous: Series | undefined;
  eachLine(body, (line, lineNo) => {
    const start = skipBlanks(line, 0);
    if (start >= line.length || line.charCodeAt(start) === 35) return; // blank or '#'
    lines++;
    const text = start === 0 ? line : line.slice(start);
    const before = samples.length;
    guardLine(errors, lineNo, line, () => {
      samples.push(parseLine(text, lineNo, defaultTimeUs, previous));
    });
    // A continuation after a bad line would silently join the wrong series.
    previous = samples.length > before ? (samples[before] as SensisionSample) : undefined;
  });
  return { samples, errors, lines };
}
