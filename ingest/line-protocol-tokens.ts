import type { FieldValue } from '../core/schema.ts';

/**
 * The token level of the line-protocol parser: character codes, per-line faults, unescaping,
 * and the parsing of unquoted field values (integers, unsigned, floats, booleans).
 */

// InfluxDB's storable time range (models.MinNanoTime / MaxNanoTime): int64 minus sentinel values.
export const MIN_TIME_NS = -(2n ** 63n) + 2n;
export const MAX_TIME_NS = 2n ** 63n - 2n;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;
/** InfluxDB 1.x refuses series keys (measurement + tags) longer than this. */
export const MAX_KEY_LENGTH = 65535;
export const MAX_ERROR_TEXT = 200;

// Character codes the scanner compares against.
export const TAB = 9, CR = 13, SPACE = 32, QUOTE = 34, HASH = 35, PLUS = 43, COMMA = 44, MINUS = 45, DOT = 46;
export const DIGIT_0 = 48, DIGIT_9 = 57, EQUALS = 61, UPPER_E = 69, BACKSLASH = 92, LOWER_E = 101, LOWER_I = 105, LOWER_U = 117;

export const isDigit = (c: number): boolean => c >= DIGIT_0 && c <= DIGIT_9;
export const isBlank = (c: number): boolean => c === SPACE || c === TAB;

/**
 * Thrown for a bad line and caught per line. Deliberately not an Error: a batch full of bad
 * lines should not pay for a stack trace each.
 */
export class LineFault {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

export function fault(reason: string): never {
  throw new LineFault(reason);
}

/** Sets a key even when it is `__proto__`, which plain assignment would swallow. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Removes backslash escapes of `specials`; a backslash before any other character stays, and
 * that pair is skipped as a unit, mirroring how the scanner stepped over it.
 */
export function unescape(raw: string, specials: string): string {
  let out = '';
  let from = 0;
  let i = raw.indexOf('\\');
  while (i !== -1 && i + 1 < raw.length) {
    const next = raw.charAt(i + 1);
    if (specials.includes(next)) {
      out += raw.slice(from, i) + next;
      from = i + 2;
    }
    i = raw.indexOf('\\', i + 2);
  }
  return from === 0 ? raw : out + raw.slice(from);
}

export const MEASUREMENT_ESCAPES = ', ';
export const KEY_ESCAPES = ', =';
export const STRING_ESCAPES = '"\\';

/** Float syntax InfluxDB accepts: `1`, `-1.5`, `.5`, `1.`, `1e9`, `-1.2E+78`. No NaN, no Inf. */
export function isFloatSyntax(s: string, start: number, end: number): boolean {
  let i = start;
  if (s.charCodeAt(i) === MINUS) i++;
  const intStart = i;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  let digits = i - intStart;
  if (i < end && s.charCodeAt(i) === DOT) {
    const fracStart = ++i;
    while (i < end && isDigit(s.charCodeAt(i))) i++;
    digits += i - fracStart;
  }
  if (digits === 0) return false;
  const e = s.charCodeAt(i);
  if (i < end && (e === LOWER_E || e === UPPER_E)) {
    i++;
    const sign = s.charCodeAt(i);
    if (i < end && (sign === PLUS || sign === MINUS)) i++;
    const expStart = i;
    while (i < end && isDigit(s.charCodeAt(i))) i++;
    if (i === expStart) return false;
  }
  return i === end;
}

/** True when s[start, end) is `-?[0-9]+` (or `[0-9]+` when !signed). */
export function isIntegerSyntax(s: string, start: number, end: number, signed: boolean): boolean {
  let i = start;
  if (signed && s.charCodeAt(i) === MINUS) i++;
  if (i >= end) return false;
  for (; i < end; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** The decimal integer s[start, end) (`-?[0-9]+`), or undefined if it is not one. */
export function parseInteger(s: string, start: number, end: number): bigint | undefined {
  const negative = s.charCodeAt(start) === MINUS;
  let i = negative ? start + 1 : start;
  // Up to 15 digits fit a double exactly, and summing char codes beats BigInt(string) plus a slice.
  if (i >= end || end - i > 15) return isIntegerSyntax(s, start, end, true) ? BigInt(s.slice(start, end)) : undefined;
  let n = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    n = n * 10 + (c - DIGIT_0);
  }
  return BigInt(negative ? -n : n);
}

/** 10^0 … 10^22: every one is exact in a double, and so is each literal here. */
export const EXACT_POW10: readonly number[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * Plain decimals of at most 15 digits (nearly every float Telegraf sends) without a slice: the
 * digits are an exact integer and IEEE division by an exact power of ten rounds correctly, so
 * the result equals Number(text). Undefined defers to the general path.
 */
export function fastDecimal(s: string, start: number, end: number): number | undefined {
  const negative = s.charCodeAt(start) === MINUS;
  let mantissa = 0;
  let digits = 0;
  let scale = -1; // digits after the point, -1 while no point has been seen
  for (let i = negative ? start + 1 : start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      mantissa = mantissa * 10 + (c - DIGIT_0);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === DOT && scale < 0) scale = 0;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  const value = scale > 0 ? mantissa / (EXACT_POW10[scale] as number) : mantissa;
  return negative ? -value : value;
}

/** Booleans as InfluxDB spells them; anything else (`yes`, `tRUE`) is not one. */
export const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['t', true], ['T', true], ['true', true], ['True', true], ['TRUE', true],
  ['f', false], ['F', false], ['false', false], ['False', false], ['FALSE', false],
]);

export function invalidValue(key: string, token: string): never {
  const hint = /^[+-]?(nan|inf|infinity)$/i.test(token) ? ' (NaN and Inf are not valid field values)' : '';
  fault(`invalid field value for key "${key}": ${token}${hint}`);
}

/** Parses an unquoted field value s[start, end): integer, unsigned, float or boolean. */
export function parseScalar(s: string, start: number, end: number, key: string): FieldValue {
  const first = s.charCodeAt(start);
  if (!(isDigit(first) || first === MINUS || first === DOT)) {
    const token = s.slice(start, end);
    const bool = BOOLEANS.get(token);
    if (bool === undefined) invalidValue(key, token);
    return { type: 'bool', value: bool };
  }
  const last = s.charCodeAt(end - 1);
  if (last === LOWER_I) {
    const value = parseInteger(s, start, end - 1);
    if (value === undefined) invalidValue(key, s.slice(start, end));
    if (value < INT64_MIN || value > INT64_MAX) fault(`integer out of range for key "${key}": ${s.slice(start, end)}`);
    return { type: 'int', value };
  }
  if (last === LOWER_U) {
    if (first === MINUS) fault(`negative unsigned integer for key "${key}": ${s.slice(start, end)}`);
    const value = parseInteger(s, start, end - 1);
    if (value === undefined) invalidValue(key, s.slice(start, end));
    if (value > UINT64_MAX) fault(`unsigned integer out of range for key "${key}": ${s.slice(start, end)}`);
    return { type: 'uint', value };
  }
  const fast = fastDecimal(s, start, end);
  if (fast !== undefined) return { type: 'float', value: fast };
  if (!isFloatSyntax(s, start, end)) invalidValue(key, s.slice(start, end));
  const value = Number(s.slice(start, end));
  if (!Number.isFinite(value)) fault(`float out of range for key "${key}": ${s.slice(start, end)}`);
  return { type: 'float', value };
}
