import { DateTime } from 'luxon';
import { RunwayError } from '../core/errors.ts';
import type { Sample } from './series.ts';

const HINT = 'use ISO 8601 (2026-11-21T10:00:00Z; without a zone it is UTC), "2026-11-21 10:00:00", or epoch seconds/milliseconds';
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?: ?(?:Z|[+-]\d{2}(?::?\d{2})?))?)?$/i;
const EPOCH = /^\d+(?:\.\d+)?$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Parses a two-column CSV (header row, then time,value rows; further columns are ignored) into
 * samples in file order. Times: ISO 8601 with or without zone (no zone = UTC), "YYYY-MM-DD HH:MM:SS",
 * or epoch seconds / milliseconds / microseconds / nanoseconds told apart by magnitude. Blank lines
 * are skipped; fields may be quoted ("…", "" for a quote). A malformed row throws
 * RUNWAY_ERR_CSV_LINE with its 1-based physical line; no data rows throws RUNWAY_ERR_CSV_EMPTY.
 */
export function parseCsvSeries(text: string, path: string): Sample[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const lineError = (index: number, reason: string): RunwayError =>
    new RunwayError('RUNWAY_ERR_CSV_LINE', { path, line: index + 1, reason });
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new RunwayError('RUNWAY_ERR_CSV_EMPTY', { path });
  const header = splitFields(lines[headerIndex]!);
  if (typeof header === 'string') throw lineError(headerIndex, header);
  if (header.length < 2) throw lineError(headerIndex, `the header needs two columns (time,value), found ${header.length}`);
  if (parseTime(header[0]!).ok && DECIMAL.test(header[1]!)) {
    throw lineError(headerIndex, 'expected a header row such as "time,value" before the data');
  }

  const samples: Sample[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = splitFields(line);
    if (typeof fields === 'string') throw lineError(i, fields);
    if (fields.length < 2) throw lineError(i, `expected two fields (time,value), found ${fields.length}`);
    const time = parseTime(fields[0]!);
    if (!time.ok) throw lineError(i, time.reason);
    const valueText = fields[1]!;
    if (!DECIMAL.test(valueText)) throw lineError(i, `"${valueText}" is not a number`);
    const value = Number(valueText);
    if (!Number.isFinite(value)) throw lineError(i, `"${valueText}" is out of range`);
    samples.push({ timeMs: time.ms, value });
  }
  if (samples.length === 0) throw new RunwayError('RUNWAY_ERR_CSV_EMPTY', { path });
  return samples;
}

/**
 * Splits one line on commas, honouring "quoted, fields" with "" as an escaped quote; trims unquoted
 * space. Returns the reason as a string when the line is malformed.
 */
function splitFields(line: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return 'unterminated quoted field (a field cannot span lines)';
        if (line[i] === '"' && line[i + 1] === '"') [field, i] = [field + '"', i + 2];
        else if (line[i] === '"') break;
        else field += line[i++];
      }
      i++;
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && line[i] !== ',') return `unexpected text after the quoted field "${field}"`;
    } else {
      const end = line.indexOf(',', i);
      field = line.slice(i, end < 0 ? line.length : end).trim();
      if (field.includes('"')) return `stray quote in field ${field}`;
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

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

const PLAIN_UTC = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z)?$/;

/**
 * The forms programs write (2026-11-21, 2026-11-21T10:00:00Z, with up to milliseconds), read
 * without a date library: a three-year file has a thousand rows or more, and parsing them was a
 * good share of a forecast's time. Null for anything else, or a date that does not exist, which
 * the full parser then reads or explains.
 */
function plainUtc(text: string): number | null {
  const m = PLAIN_UTC.exec(text);
  if (!m) return null;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  const h = m[4] ? +m[4] : 0;
  const mi = m[5] ? +m[5] : 0;
  const s = m[6] ? +m[6] : 0;
  // 30 February, hour 24 or second 60 would roll over in Date.UTC, and it reads years below 100
  // as 19xx: those are left to the full parser.
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, m[7] ? +m[7].padEnd(3, '0') : 0);
}
