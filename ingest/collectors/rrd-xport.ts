import { xportToCanonical, type CactiOptions } from './cacti-mapping.ts';
import { DECIMAL, errorText, millisToNs, type LineError, type ParseResult } from './common.ts';
import { parseRelaxedJson, type JsonLike } from './relaxed-json.ts';

/**
 * `rrdtool xport` output (formats.md §5, rrdxport.pod), XML or `--json`, told apart by the first
 * character. Both carry meta start, step and legend, then one row per step:
 *
 *   <xport><meta><start>…</start><step>300</step>…<legend><entry>load_1min</entry></legend></meta>
 *   <data><row><t>1020611700</t><v>3.4e+00</v></row>…</data></xport>
 *
 * - `<t>` is epoch seconds. Rows without one (rrdtool ≥ 1.5 without --showtime, and every JSON
 *   row unless --showtime put a time first) get meta start + index × step: rrdtool's meta start
 *   is the first row's time.
 * - `NaN` (unknown) becomes null, and so does ±Inf, which cannot be stored.
 * - `<v0>`, `<v1>` (--enumds) are read like `<v>`.
 * - JSON from rrdtool 1.4 is a JavaScript literal (`about: '…'`); relaxed-json.ts reads it.
 *
 * A bad row is reported against its line and skipped; the other rows are kept.
 */

export interface RrdRow {
  timeMs: number;
  values: (number | null)[];
}

export interface RrdXport {
  format: 'xml' | 'json' | 'unknown';
  /** Seconds between rows; 0 if the body had none. */
  step: number;
  legends: string[];
  rows: RrdRow[];
  errors: LineError[];
}

/** Line numbers and texts of a body, for reporting by offset. */
class LineIndex {
  private readonly starts: number[] = [0];

  private readonly body: string;
  constructor(body: string) {
    this.body = body;
    for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  error(line: number, reason: string): LineError {
    const start = this.starts[line - 1] ?? 0;
    const next = this.starts[line];
    const text = this.body.slice(start, next === undefined ? this.body.length : next - 1).replace(/\r$/, '');
    return { line, reason, text: errorText(text) };
  }
}

/** A value as rrdtool prints it: `%0.10e`, or NaN (any case, signed); undefined if it is neither. */
function rrdValue(text: string): number | null | undefined {
  const t = text.trim();
  if (/^[+-]?nan$/i.test(t) || /^[+-]?inf(?:inity)?$/i.test(t)) return null;
  if (!DECIMAL.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** rrdtool does not escape legends, so a raw `&` is kept; the standard entities are decoded. */
function xmlText(s: string): string {
  return s.trim().replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return XML_ENTITIES[name] ?? whole;
  });
}

function xmlInt(meta: string, tag: string): number | undefined {
  const m = new RegExp(`<${tag}>\\s*([+-]?\\d{1,15})\\s*</${tag}>`).exec(meta);
  return m ? Number(m[1]) : undefined;
}

/** The time of row `index`: its own, else start + index × step; undefined when neither works. */
function rowTimeMs(ownSeconds: number | undefined, index: number, start: number | undefined, step: number): number | undefined {
  const seconds = ownSeconds ?? (start !== undefined && step > 0 ? start + index * step : undefined);
  if (seconds === undefined) return undefined;
  return millisToNs(seconds * 1000) === undefined ? undefined : seconds * 1000;
}

function xmlRow(inner: string, index: number, width: number, meta: { start?: number; step: number }): RrdRow | string {
  const t = /<t>([^<]*)<\/t>/.exec(inner);
  let own: number | undefined;
  if (t) {
    if (!/^\s*[+-]?\d{1,15}\s*$/.test(t[1] as string)) return `bad <t> "${t[1]}" (epoch seconds expected)`;
    own = Number(t[1]);
  }
  const values: (number | null)[] = [];
  for (const m of inner.matchAll(/<v(\d*)>([^<]*)<\/v\1>/g)) {
    const v = rrdValue(m[2] as string);
    if (v === undefined) return `bad value "${m[2]}" in column ${values.length + 1}`;
    values.push(v);
  }
  if (values.length !== width) return `expected ${width} values (one per legend entry), got ${values.length}`;
  const timeMs = rowTimeMs(own, index, meta.start, meta.step);
  if (timeMs === undefined) return own === undefined ? 'row has no <t> and the meta has no usable start and step' : `time out of range: ${own}`;
  return { timeMs, values };
}

function parseXml(body: string, lines: LineIndex): RrdXport {
  const out: RrdXport = { format: 'xml', step: 0, legends: [], rows: [], errors: [] };
  const metaOpen = body.indexOf('<meta>');
  const metaClose = metaOpen === -1 ? -1 : body.indexOf('</meta>', metaOpen);
  if (metaClose === -1) {
    out.errors.push(lines.error(lines.lineAt(Math.max(0, metaOpen)), 'missing <meta>…</meta>'));
    return out;
  }
  const meta = body.slice(metaOpen, metaClose);
  const start = xmlInt(meta, 'start');
  out.step = xmlInt(meta, 'step') ?? 0;
  if (!(out.step > 0)) out.errors.push(lines.error(lines.lineAt(metaOpen), 'missing or bad <step> in <meta>'));
  const legend = /<legend>([\s\S]*?)<\/legend>/.exec(meta);
  if (!legend) out.errors.push(lines.error(lines.lineAt(metaOpen), 'missing <legend> in <meta>'));
  else for (const m of (legend[1] as string).matchAll(/<entry>([\s\S]*?)<\/entry>/g)) out.legends.push(xmlText(m[1] as string));
  let index = 0;
  let close = metaClose;
  for (let open = body.indexOf('<row>', metaClose); open !== -1; index++) {
    // Once no </row> is left, none will be found later either: do not search again per row.
    if (close !== -1 && close < open) close = body.indexOf('</row>', open);
    const nextOpen = body.indexOf('<row>', open + 5);
    const line = lines.lineAt(open);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      out.errors.push(lines.error(line, 'unterminated <row>'));
    } else {
      const row = xmlRow(body.slice(open + 5, close), index, out.legends.length, { start, step: out.step });
      if (typeof row === 'string') out.errors.push(lines.error(line, row));
      else out.rows.push(row);
    }
    open = nextOpen;
  }
  return out;
}

const isObject = (v: JsonLike | undefined): v is { [key: string]: JsonLike } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A --showtime time column: epoch seconds as a number or digits, or a date rrdtool formatted. */
function jsonTimeSeconds(v: JsonLike | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^\s*\d{1,15}\s*$/.test(v)) return Number(v);
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

function jsonRow(row: JsonLike, index: number, width: number, meta: { start?: number; step: number }): RrdRow | string {
  if (!Array.isArray(row)) return 'a data row must be an array';
  let cells = row;
  let own: number | undefined;
  if (row.length === width + 1) {
    own = jsonTimeSeconds(row[0]);
    if (own === undefined) return `bad time "${String(row[0])}" in the first column`;
    cells = row.slice(1);
  } else if (row.length !== width) {
    return `expected ${width} values (one per legend entry), got ${row.length}`;
  }
  const values: (number | null)[] = [];
  for (const cell of cells) {
    const v = cell === null ? null : typeof cell === 'number' ? (Number.isFinite(cell) ? cell : null) : typeof cell === 'string' ? rrdValue(cell) : undefined;
    if (v === undefined) return `bad value ${JSON.stringify(cell)} in column ${values.length + 1}`;
    values.push(v);
  }
  const timeMs = rowTimeMs(own, index, meta.start, meta.step);
  if (timeMs === undefined) return own === undefined ? 'the meta has no usable start and step to time this row' : `time out of range: ${own}`;
  return { timeMs, values };
}

function parseJson(body: string, lines: LineIndex): RrdXport {
  const out: RrdXport = { format: 'json', step: 0, legends: [], rows: [], errors: [] };
  const doc = parseRelaxedJson(body);
  if (doc.error) {
    out.errors.push(lines.error(doc.error.line, `invalid JSON: ${doc.error.reason}`));
    return out;
  }
  const root = doc.value;
  const meta = isObject(root) ? root.meta : undefined;
  if (!isObject(root) || !isObject(meta)) {
    out.errors.push(lines.error(1, 'expected an object with "meta" and "data"'));
    return out;
  }
  const metaLine = doc.lineOf(meta) ?? 1;
  const start = typeof meta.start === 'number' && Number.isFinite(meta.start) ? meta.start : undefined;
  out.step = typeof meta.step === 'number' && meta.step > 0 && Number.isFinite(meta.step) ? meta.step : 0;
  if (out.step === 0) out.errors.push(lines.error(metaLine, 'missing or bad "step" in "meta"'));
  const legend = meta.legend;
  if (!Array.isArray(legend)) out.errors.push(lines.error(metaLine, 'missing "legend" in "meta"'));
  else out.legends = legend.map((e) => (typeof e === 'string' ? e.trim() : JSON.stringify(e)));
  const data = root.data;
  if (!Array.isArray(data)) {
    out.errors.push(lines.error(metaLine, 'missing "data" array'));
    return out;
  }
  data.forEach((row, index) => {
    const r = jsonRow(row, index, out.legends.length, { start, step: out.step });
    const line = (typeof row === 'object' && row !== null ? doc.lineOf(row) : undefined) ?? doc.lineOf(data) ?? 1;
    if (typeof r === 'string') out.errors.push(lines.error(line, r));
    else out.rows.push(r);
  });
  return out;
}

/** Parses `rrdtool xport` output, XML or JSON. Never throws; problems are in `errors`. */
export function parseRrdXport(body: string): RrdXport {
  const lines = new LineIndex(body);
  const first = /\S/.exec(body.replace(/^\uFEFF/, ''))?.[0];
  if (first === '<') return parseXml(body, lines);
  if (first === '{') return parseJson(body, lines);
  return {
    format: 'unknown', step: 0, legends: [], rows: [],
    errors: [lines.error(1, first === undefined ? 'empty body' : 'expected rrdtool xport XML (<xport>) or JSON ({…})')],
  };
}

/**
 * Parses a Cacti `rrdtool xport` (legends = data-source names) and maps it in one step. `lines`
 * counts the rows read, good or bad.
 */
export function parseCactiXport(body: string, host: string, options: CactiOptions = {}): ParseResult {
  const x = parseRrdXport(body);
  return { points: xportToCanonical(x, host, options), errors: x.errors, lines: x.rows.length + x.errors.length };
}

export { cactiToCanonical, xportToCanonical, type CactiOptions } from './cacti-mapping.ts';
