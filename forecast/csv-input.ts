import { DateTime } from 'luxon';
import { csvRows } from '../core/csv-rows.ts';
import { RunwayError } from '../core/errors.ts';
import { daysFromCivil } from './civil-date.ts';
import { DAY_MS, type Sample } from './series.ts';

const HINT = 'use ISO 8601 (2026-11-21T10:00:00Z; without a zone it is UTC), "2026-11-21 10:00:00", or epoch seconds/milliseconds';
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?: ?(?:Z|[+-]\d{2}(?::?\d{2})?))?)?$/i;
const EPOCH = /^\d+(?:\.\d+)?$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Parses a two-column CSV (header row, then time,value rows; further columns are ignored) into
 * samples in file order. Times: ISO 8601 with or without zone (no zone = UTC), "YYYY-MM-DD HH:MM:SS",
 * or epoch seconds / milliseconds / microseconds / nanoseconds told apart by magnitude. Blank lines
 * are skipped; fields may be quoted ("…", "" for a quote; read by csv-parse, see core/csv-rows.ts).
 * A malformed row throws RUNWAY_ERR_CSV_LINE with its 1-based physical line; no data rows throws
 * RUNWAY_ERR_CSV_EMPTY.
 */
export function parseCsvSeries(text: string, path: string): Sample[] {
  const plain = plainSamples(text);
  if (plain !== null) return plain;
  const { rows, errors } = csvRows(text);
  const lineError = (line: number, reason: string): RunwayError => new RunwayError('RUNWAY_ERR_CSV_LINE', { path, line, reason });
  // The first problem in the file is the one reported, whether the quoting or a value is wrong.
  const firstBad = errors[0];
  const failBefore = (line: number): void => {
    if (firstBad !== undefined && firstBad.line < line) throw lineError(firstBad.line, QUOTING[firstBad.code] ?? firstBad.message);
  };
  const [header, ...data] = rows;
  failBefore(header?.line ?? Infinity);
  if (header === undefined) throw new RunwayError('RUNWAY_ERR_CSV_EMPTY', { path });
  const [timeHead = '', valueHead = ''] = header.cells;
  if (header.cells.length < 2) throw lineError(header.line, `the header needs two columns (time,value), found ${header.cells.length}`);
  if (parseTime(timeHead).ok && DECIMAL.test(valueHead)) {
    throw lineError(header.line, 'expected a header row such as "time,value" before the data');
  }

  const samples: Sample[] = [];
  for (const { cells, line } of data) {
    failBefore(line);
    if (cells.length < 2) throw lineError(line, `expected two fields (time,value), found ${cells.length}`);
    const time = parseTime(cells[0]!);
    if (!time.ok) throw lineError(line, time.reason);
    const valueText = cells[1]!;
    if (!DECIMAL.test(valueText)) throw lineError(line, `"${valueText}" is not a number`);
    const value = Number(valueText);
    if (!Number.isFinite(value)) throw lineError(line, `"${valueText}" is out of range`);
    samples.push({ timeMs: time.ms, value });
  }
  failBefore(Infinity);
  if (samples.length === 0) throw new RunwayError('RUNWAY_ERR_CSV_EMPTY', { path });
  return samples;
}

/** Printable ASCII and tabs, without a double quote, in lines ended by LF. */
const PLAIN_LINES = /^\uFEFF?[\t\n\x20\x21\x23-\x7e]*$/;

/**
 * The samples of a file in the form programs write (no quotes, printable ASCII, LF line ends, every
 * row good), read line by line without building rows and cells first: a three-year file is a
 * thousand rows or more, and the general reader was a tenth of a forecast's time. Null for anything
 * else, which the general reader then reads or explains with its line; what both read, they read
 * alike.
 */
function plainSamples(text: string): Sample[] | null {
  if (!PLAIN_LINES.test(text)) return null;
  const samples: Sample[] = [];
  let header = true;
  // The next comma at or after the line being read (text.length when there is none): a run of
  // blank lines is not searched again for each.
  let comma = -1;
  for (let start = text.charCodeAt(0) === 0xfeff ? 1 : 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const from = start;
    start = end + 1;
    if (comma < from) {
      const next = text.indexOf(',', from);
      comma = next < 0 ? text.length : next;
    }
    // A line without a comma is blank (skipped) or short of a field (the general reader's to explain).
    if (comma >= end) {
      if (text.slice(from, end).trim() === '') continue;
      return null;
    }
    const second = text.indexOf(',', comma + 1);
    // The usual forms, read where they stand; anything else (spaces, other forms) as the general reader does.
    const timeMs = plainUtc(text, from, comma) ?? timeOrNaN(text.slice(from, comma).trim());
    const value = numberOrNaN(text, comma + 1, second < 0 || second > end ? end : second);
    if (header) {
      // A first row that is data, not a header, is the general reader's to explain.
      if (!Number.isNaN(timeMs) && !Number.isNaN(value)) return null;
      header = false;
      continue;
    }
    if (Number.isNaN(timeMs) || !Number.isFinite(value)) return null;
    samples.push({ timeMs, value });
  }
  return samples.length > 0 ? samples : null;
}

function timeOrNaN(text: string): number {
  const time = parseTime(text);
  return time.ok ? time.ms : NaN;
}

/**
 * The number in text[from, to) as the general reader reads it (a decimal, spaces around it
 * allowed), NaN when it is not one. A plain decimal of at most 15 digits (58749.875, -3, .5) is
 * read digit by digit: its digits as an integer, divided once by a power of ten. Both are exact
 * doubles and the division rounds correctly, so the result is Number()'s to the last bit (the
 * fast path of decimal conversion), without a copy of the text, a regular expression or a parse.
 */
function numberOrNaN(text: string, from: number, to: number): number {
  let i = from;
  const sign = text.charCodeAt(i);
  if (sign === MINUS || sign === PLUS) i++;
  let significand = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (c < 48 || c > 57) break;
    significand = significand * 10 + (c - 48);
    digits++;
    if (decimals >= 0) decimals++;
  }
  if (i === to && digits > 0 && digits <= 15) {
    const magnitude = decimals > 0 ? significand / 10 ** decimals : significand;
    return sign === MINUS ? -magnitude : magnitude;
  }
  const valueText = text.slice(from, to).trim();
  return DECIMAL.test(valueText) ? Number(valueText) : NaN;
}

/** How the quoting mistakes csv-parse finds are explained; others keep csv-parse's words. */
const QUOTING: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'unterminated quoted field (a field cannot span lines)',
  CSV_INVALID_CLOSING_QUOTE: 'unexpected text after the quoted field',
  INVALID_OPENING_QUOTE: 'stray quote in an unquoted field',
};

type ParsedTime = { ok: true; ms: number } | { ok: false; reason: string };

function parseTime(text: string): ParsedTime {
  if (EPOCH.test(text)) {
    const v = Number(text);
    // Magnitudes: seconds stay below 1e11 until the year 5138; each finer unit is 1000× larger.
    const ms = v < 1e11 ? v * 1000 : v < 1e14 ? v : v < 1e17 ? v / 1e3 : v / 1e6;
    return { ok: true, ms };
  }
  const plain = plainUtc(text);
  if (plain !== null) return { ok: true, ms: plain };
  if (!ISO_LIKE.test(text)) return { ok: false, reason: `"${text}" is not a timestamp (${HINT})` };
  const iso = text.replace(' ', 'T').replace(/ (?=[Zz+-])/, '').replace(',', '.');
  const parsed = DateTime.fromISO(iso, { zone: 'utc' });
  if (!parsed.isValid) return { ok: false, reason: `"${text}" is not a valid time: ${parsed.invalidExplanation ?? parsed.invalidReason}` };
  return { ok: true, ms: parsed.toMillis() };
}

/**
 * The forms programs write (2026-11-21, 2026-11-21T10:00:00Z, 2026-11-21T10:00:00.5Z with up to
 * milliseconds), read digit by digit without a date library or a regular expression: a three-year
 * file has a thousand rows or more, and parsing them was a good share of a forecast's time. Reads
 * text[from, to), so a row's time needs no copy of its own. Null for anything else, or a date that
 * does not exist, which the full parser then reads or explains.
 */
function plainUtc(text: string, from = 0, to = text.length): number | null {
  const n = to - from;
  if (n !== 10 && (n < 20 || n > 24)) return null;
  if (text.charCodeAt(from + 4) !== DASH || text.charCodeAt(from + 7) !== DASH) return null;
  const y = digitsAt(text, from, 4);
  const mo = digitsAt(text, from + 5, 2);
  const d = digitsAt(text, from + 8, 2);
  let h = 0;
  let mi = 0;
  let s = 0;
  let ms = 0;
  if (n > 10) {
    if (text.charCodeAt(from + 10) !== T || text.charCodeAt(from + 13) !== COLON || text.charCodeAt(from + 16) !== COLON || text.charCodeAt(to - 1) !== Z) return null;
    h = digitsAt(text, from + 11, 2);
    mi = digitsAt(text, from + 14, 2);
    s = digitsAt(text, from + 17, 2);
    if (n > 20) {
      // ".5Z", ".50Z" or ".500Z": tenths, hundredths or thousandths.
      if (n === 21 || text.charCodeAt(from + 19) !== DOT) return null;
      ms = digitsAt(text, from + 20, n - 21) * 10 ** (24 - n);
    }
  }
  // 30 February, hour 24 or second 60 would roll over, and Date.UTC reads years below 100 as
  // 19xx: those are left to the full parser (NaN fails every comparison below too).
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (!(y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && s <= 59 && ms >= 0)) return null;
  return daysFromCivil(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

const [DASH, DOT, COLON, T, Z, MINUS, PLUS] = ['-', '.', ':', 'T', 'Z', '-', '+'].map((c) => c.charCodeAt(0));

/** The decimal number in text[from, from + count), NaN if any of it is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}
