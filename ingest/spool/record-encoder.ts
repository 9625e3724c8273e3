import { crc32 } from 'node:zlib';
import type { FieldValue, MetricPoint } from '../../core/schema.ts';
import { writeShortDecimal, writeUnsigned } from './number-text.ts';
import { RECORD_HEADER_BYTES } from './record-codec.ts';

/**
 * Formats points as line protocol straight into framed spool records (record-codec.ts): every
 * acknowledged point passes here once, so it writes bytes rather than building and joining
 * strings, escapes while copying (and each key once per batch), writes numbers as digits without
 * a string in between, sorts tag keys in a reused array, and formats a repeated timestamp once.
 * Its text is exactly core/line-protocol-format.ts formatPoint's (a property test holds them
 * equal): tags sorted, empty tag values and non-finite floats left out, a point with no field
 * left left out.
 */

const COMMA = 44, SPACE = 32, EQUALS = 61, QUOTE = 34, BACKSLASH = 92, NEWLINE = 10;

/** For each ASCII code, 1 when it takes a backslash: a table lookup per character, no call. */
function escapeTable(specials: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of specials) table[c.charCodeAt(0)] = 1;
  return table;
}
const MEASUREMENT = { table: escapeTable(', '), pattern: /[, ]/g };
const KEY = { table: escapeTable(',= '), pattern: /[,= ]/g };
const STRING = { table: escapeTable('"\\'), pattern: /["\\]/g };
type Escapes = typeof KEY;
/** Most keys an encoder keeps written out, so that a batch of ever new keys piles up no copies. */
const MAX_KEYS_KEPT = 1000;
/** Integers a double holds exactly: same decimal text from the number as from the bigint, and cheaper. */
const SAFE_INTEGER = 2 ** 53;

export interface EncodedRecords {
  /** Whole records, back to back. */
  data: Buffer;
  /** The buffer `data` is a view of, which its owner may reuse once `data` is written. */
  backing: Buffer;
  records: number;
  points: number;
}

/** Encodes points into records of at most `batchPoints` lines, as they come (add), until finish(). */
export class RecordEncoder {
  readonly #batchPoints: number;
  #buf: Buffer;
  #pos = 0;
  /** Where the open record's header is, -1 when no record is open. */
  #recordStart = -1;
  #recordLines = 0;
  #records = 0;
  #points = 0;
  #lastTimeNs: bigint | null = null;
  #lastTimeText = '';
  /** Tag keys of the point being written, sorted; reused from point to point. */
  #keys: string[] = [];
  /** Keys as written, escaped, up to MAX_KEYS_KEPT of them. */
  readonly #keyBytes = new Map<string, Uint8Array>();

  /** `buffer`: where to start writing (a reused one), or how many bytes to start with. */
  constructor(batchPoints: number, buffer: Buffer | number = 64 * 1024) {
    this.#batchPoints = batchPoints;
    this.#buf = typeof buffer === 'number' ? Buffer.allocUnsafe(Math.max(1024, buffer)) : buffer;
  }

  static encode(points: readonly MetricPoint[], batchPoints: number): EncodedRecords {
    const encoder = new RecordEncoder(batchPoints, points.length * 200);
    encoder.add(points);
    return encoder.finish();
  }

  add(points: readonly MetricPoint[]): void {
    for (let i = 0; i < points.length; i++) {
      if (this.#recordStart < 0) this.#open();
      const mark = this.#pos;
      if (this.#recordLines > 0) this.#byte(NEWLINE);
      if (!this.#line(points[i]!)) {
        this.#pos = mark; // no storable field: take back the separator too
        continue;
      }
      if (++this.#recordLines === this.#batchPoints) this.#seal();
    }
  }

  /** Seals the last record; the encoder is done. */
  finish(): EncodedRecords {
    this.#seal();
    return { data: this.#buf.subarray(0, this.#pos), backing: this.#buf, records: this.#records, points: this.#points };
  }

  #open(): void {
    this.#ensure(RECORD_HEADER_BYTES);
    this.#recordStart = this.#pos;
    this.#recordLines = 0;
    this.#pos += RECORD_HEADER_BYTES;
  }

  /** Fills in the open record's header (length, checksum, line count); drops it if empty. */
  #seal(): void {
    const start = this.#recordStart;
    if (start < 0) return;
    this.#recordStart = -1;
    if (this.#recordLines === 0) {
      this.#pos = start;
      return;
    }
    const buf = this.#buf;
    buf.writeUInt32LE(this.#pos - start - RECORD_HEADER_BYTES, start);
    buf.writeUInt32LE(this.#recordLines, start + 8);
    const payload = buf.subarray(start + RECORD_HEADER_BYTES, this.#pos);
    buf.writeUInt32LE(crc32(payload, crc32(buf.subarray(start + 8, start + 12))), start + 4);
    this.#records++;
    this.#points += this.#recordLines;
  }

  /** Writes one point's line; false (with garbage past the mark) when it has no storable field. */
  #line(p: MetricPoint): boolean {
    this.#text(p.measurement, MEASUREMENT);
    const tags = p.tags;
    const keys = this.#sortedKeys(tags);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const value = tags[key];
      if (value === undefined || value === '') continue;
      this.#byte(COMMA);
      this.#key(key);
      this.#byte(EQUALS);
      this.#text(value, KEY);
    }
    let separator = SPACE;
    for (const key in p.fields) {
      const v = p.fields[key]!;
      if (v.type === 'float' && !Number.isFinite(v.value)) continue;
      this.#byte(separator);
      separator = COMMA;
      this.#key(key);
      this.#byte(EQUALS);
      this.#field(v);
    }
    if (separator === SPACE) return false;
    this.#byte(SPACE);
    this.#ascii(this.#time(p.timeNs));
    return true;
  }

  #field(v: FieldValue): void {
    switch (v.type) {
      case 'float':
        return this.#float(v.value); // never an 'i' suffix: a float that looks integral stays a float
      case 'int':
        this.#integer(v.value);
        return this.#byte(105); // i
      case 'uint':
        this.#integer(v.value);
        return this.#byte(117); // u
      case 'string':
        this.#byte(QUOTE);
        this.#text(v.value, STRING);
        return this.#byte(QUOTE);
      case 'bool':
        return this.#ascii(v.value ? 'true' : 'false');
    }
  }

  #float(value: number): void {
    this.#ensure(24);
    const end = writeShortDecimal(this.#buf, this.#pos, value);
    if (end >= 0) this.#pos = end;
    else this.#ascii(String(value));
  }

  #integer(value: bigint): void {
    // Compared as a number, which is cheaper than comparing bigints: a bigint of 2^53 or more converts to 2^53 or more.
    const n = Number(value);
    if (n >= SAFE_INTEGER || n <= -SAFE_INTEGER) return this.#ascii(String(value));
    this.#ensure(17);
    if (n < 0) this.#buf[this.#pos++] = 45; // -
    this.#pos = writeUnsigned(this.#buf, this.#pos, n < 0 ? -n : n);
  }

  /** The tags' keys in sorted order, by insertion into the reused array: they come nearly sorted. */
  #sortedKeys(tags: Record<string, string>): string[] {
    const keys = this.#keys;
    keys.length = 0;
    for (const key in tags) {
      let at = keys.length;
      while (at > 0 && keys[at - 1]! > key) {
        keys[at] = keys[at - 1]!;
        at--;
      }
      keys[at] = key;
    }
    return keys;
  }

  #time(ns: bigint): string {
    if (ns !== this.#lastTimeNs) {
      this.#lastTimeNs = ns;
      this.#lastTimeText = String(ns);
    }
    return this.#lastTimeText;
  }

  /** Copies text, escaping as `escapes` says; non-ASCII text goes through the UTF-8 encoder. */
  #text(s: string, escapes: Escapes): void {
    this.#ensure(s.length * 2);
    const buf = this.#buf;
    const table = escapes.table;
    let pos = this.#pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.#pos = pos;
        return this.#utf8(s.slice(i).replace(escapes.pattern, (m) => '\\' + m));
      }
      if (table[c] === 1) buf[pos++] = BACKSLASH;
      buf[pos++] = c;
    }
    this.#pos = pos;
  }

  /** A tag or field key: escaped once per batch, then copied (keys recur on every line of a measurement). */
  #key(key: string): void {
    const bytes = this.#keyBytes.get(key);
    if (bytes === undefined) return this.#firstKey(key);
    this.#ensure(bytes.length);
    const buf = this.#buf;
    let pos = this.#pos;
    for (let i = 0; i < bytes.length; i++) buf[pos++] = bytes[i]!;
    this.#pos = pos;
  }

  #firstKey(key: string): void {
    const start = this.#pos;
    this.#text(key, KEY);
    // A copy: the buffer's bytes may be taken back and written over (see add).
    if (this.#keyBytes.size < MAX_KEYS_KEPT) this.#keyBytes.set(key, new Uint8Array(this.#buf.subarray(start, this.#pos)));
  }

  /** Copies text known to be ASCII (numbers, booleans). */
  #ascii(s: string): void {
    this.#ensure(s.length);
    const buf = this.#buf;
    let pos = this.#pos;
    for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
    this.#pos = pos;
  }

  #utf8(s: string): void {
    this.#ensure(Buffer.byteLength(s, 'utf8'));
    this.#pos += this.#buf.write(s, this.#pos, 'utf8');
  }

  #byte(c: number): void {
    this.#ensure(1);
    this.#buf[this.#pos++] = c;
  }

  #ensure(bytes: number): void {
    if (this.#pos + bytes <= this.#buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#pos + bytes));
    this.#buf.copy(grown, 0, 0, this.#pos);
    this.#buf = grown;
  }
}
