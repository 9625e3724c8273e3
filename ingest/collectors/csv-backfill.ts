import { csvRows } from '../../core/csv-rows.ts';
import { CANONICAL, TAG_HOST, TAG_MOUNT } from '../../core/schema.ts';
import {
  addTag, DECIMAL, deriveUsedPercent, eachLine, errorText, fault, floatOf, guardLine, millisToNs, numberOfField,
  PointSet, skipBlanks,
  type LineError, type ParseResult, type Tags,
} from './common.ts';

/**
 * Backfill CSV: history from any source, already in canonical names.
 *
 *   time,host,system.load1,mem.used_percent,disk:/var.used_bytes,disk:/var.total_bytes
 *   2024-03-01T00:00:00Z,web1,0.42,37.5,1.2e10,5e10
 *
 * Column names (the convention):
 * - `time` first, always;
 * - `host` anywhere (optional when a default host is given; a cell overrides the default);
 * - `<measurement>.<field>` for system, cpu and mem: `system.load1`, `cpu.usage_percent`;
 * - `disk:<mount>.<field>` for disks: `disk:/var.used_bytes`. The field is what follows the LAST
 *   dot, so mounts may contain dots and colons (`disk:/mnt/data.v2.used_percent`); quote the
 *   header cell if the mount holds the delimiter.
 * Fields must be canonical (core/schema.ts CANONICAL): a typo is reported, not stored.
 *
 * Cells: RFC 4180 quoting (`"a,b"`, `""` for a quote; a quoted cell cannot span lines). The
 * delimiter is `,`, or `;` or a tab when the header has that and no comma (spreadsheet exports).
 * Time: ISO 8601 (no zone means UTC), or epoch seconds (|n| < 1e11, fractions allowed) or
 * milliseconds (|n| < 1e14); larger numbers (µs, ns) are rejected rather than guessed. Values:
 * decimal numbers; an empty cell, `NaN` or `U` means no value. A row with any bad cell is rejected
 * whole and reported with its line; `#` lines and blank lines are skipped. `lines` counts data rows.
 * An unusable header (no `time` first) is reported once and no row is read. mem and disk rows with
 * used_bytes and total_bytes but no used_percent get used_percent = used / total × 100.
 */

interface Column {
  measurement: keyof typeof CANONICAL;
  field: string;
  mount?: string;
}

const MEASUREMENTS = ['system', 'cpu', 'mem', 'disk'] as const;

/** The column a header cell names, or the reason it names none. */
export function parseBackfillColumn(name: string): Column | string {
  const dot = name.lastIndexOf('.');
  if (dot === -1) return `column "${name}" is not <measurement>.<field> (e.g. system.load1, disk:/var.used_bytes)`;
  const field = name.slice(dot + 1);
  const head = name.slice(0, dot);
  const colon = head.indexOf(':');
  const measurement = colon === -1 ? head : head.slice(0, colon);
  if (!(MEASUREMENTS as readonly string[]).includes(measurement)) {
    return `column "${name}": unknown measurement "${measurement}" (use ${MEASUREMENTS.join(', ')})`;
  }
  const m = measurement as Column['measurement'];
  if (!(CANONICAL[m] as readonly string[]).includes(field)) {
    return `column "${name}": "${field}" is not a ${m} field (use ${CANONICAL[m].join(', ')})`;
  }
  if (m !== 'disk') return colon === -1 ? { measurement: m, field } : `column "${name}": only disk columns take a mount`;
  const mount = colon === -1 ? '' : head.slice(colon + 1);
  if (mount === '') return `column "${name}": disk columns need a mount, e.g. disk:/var.${field}`;
  return { measurement: m, field, mount };
}

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A time cell to epoch ms. */
export function parseBackfillTime(cell: string): number {
  if (DECIMAL.test(cell) && !/[eE]/.test(cell)) {
    const n = Number(cell);
    if (Math.abs(n) < 1e11) return n * 1000;
    if (Math.abs(n) < 1e14) return n;
    fault(`epoch "${cell}" is too large for seconds or milliseconds (µs and ns are not accepted)`);
  }
  const m = ISO.exec(cell);
  if (m === null) return fault(`bad time "${cell}" (ISO 8601, epoch seconds or epoch milliseconds)`);
  const zone = m[3] === undefined ? 'Z' : m[3].toUpperCase() === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00'}${zone}`);
  if (!Number.isFinite(ms)) fault(`bad time "${cell}"`);
  return ms;
}

interface Header {
  names: string[];
  width: number;
  hostColumn: number;
  columns: Map<number, Column>;
}

function readHeader(cells: string[], lineNo: number, line: string, errors: LineError[]): Header | undefined {
  if ((cells[0] ?? '').toLowerCase() !== 'time') {
    errors.push({ line: lineNo, reason: 'the first column must be "time"', text: errorText(line) });
    return undefined;
  }
  const header: Header = { names: cells, width: cells.length, hostColumn: -1, columns: new Map() };
  const seen = new Set<string>();
  cells.forEach((name, index) => {
    if (index === 0) return;
    const problem = seen.has(name) ? `duplicate column "${name}"` : undefined;
    seen.add(name);
    const column = name.toLowerCase() === 'host' ? 'host' : parseBackfillColumn(name);
    const reason = problem ?? (typeof column === 'string' && column !== 'host' ? column : undefined);
    if (reason !== undefined) errors.push({ line: lineNo, reason: `${reason}; the column is ignored`, text: errorText(line) });
    else if (column === 'host') header.hostColumn = index;
    else if (typeof column !== 'string') header.columns.set(index, column);
  });
  return header;
}

function readRow(cells: string[], header: Header, defaultHost: string | undefined, set: PointSet): void {
  if (cells.length !== header.width) fault(`expected ${header.width} cells, got ${cells.length}`);
  const timeNs = millisToNs(parseBackfillTime(cells[0] ?? '')) ?? fault(`time out of range: ${cells[0]}`);
  const host = header.hostColumn === -1 ? defaultHost ?? '' : cells[header.hostColumn] || defaultHost || '';
  if (host.trim() === '') fault('no host: fill the host column or give a default host');
  const fields: [Column, number][] = [];
  for (const [index, column] of header.columns) {
    const cell = cells[index] ?? '';
    if (cell === '' || /^(?:nan|u)$/i.test(cell)) continue;
    const name = header.names[index] ?? String(index + 1);
    if (!DECIMAL.test(cell)) fault(`column "${name}": bad number "${cell}"`);
    const value = Number(cell);
    if (!Number.isFinite(value)) fault(`column "${name}": number out of range "${cell}"`);
    fields.push([column, value]);
  }
  for (const [column, value] of fields) {
    const tags: Tags = {};
    addTag(tags, TAG_HOST, host.trim());
    if (column.mount !== undefined) addTag(tags, TAG_MOUNT, column.mount);
    set.add(column.measurement, tags, timeNs, column.field, floatOf(value));
  }
}

/** How csv-parse's quoting errors are explained; others keep csv-parse's words. */
const QUOTING: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'unterminated quoted cell',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted cell',
};

/** The header: the first line that is neither blank nor a # comment. */
function headerLine(body: string): { text: string; line: number } | undefined {
  let found: { text: string; line: number } | undefined;
  eachLine(body.replace(/^\uFEFF/, ''), (text, line) => {
    found ??= skipBlanks(text, 0) >= text.length || text.startsWith('#') ? undefined : { text, line };
  });
  return found;
}

/** Parses a backfill CSV into canonical points; see the module comment for the format. */
export function parseBackfillCsv(body: string, options: { host?: string } = {}): ParseResult {
  const set = new PointSet();
  const first = headerLine(body);
  if (first === undefined) return { points: [], errors: [{ line: 1, reason: 'empty CSV: no header', text: '' }], lines: 0 };
  const delimiter = first.text.includes(',') ? ',' : first.text.includes(';') ? ';' : first.text.includes('\t') ? '\t' : ',';
  const { rows, errors: unreadable } = csvRows(body, { delimiter, comments: true, lineBreaks: 'lf' });
  const errors: LineError[] = unreadable.map((e) => ({ line: e.line, reason: QUOTING[e.code] ?? e.message, text: errorText(e.text) }));
  const headerRow = rows[0]?.line === first.line ? rows[0] : undefined;
  const header = headerRow && readHeader(headerRow.cells, headerRow.line, headerRow.text, errors);
  const data = rows.filter((r) => r.line > first.line);
  if (header !== undefined) for (const row of data) guardLine(errors, row.line, row.text, () => readRow(row.cells, header, options.host, set));
  errors.sort((a, b) => a.line - b.line);
  const lines = data.length + unreadable.filter((e) => e.line > first.line).length;
  const points = set.points();
  for (const p of points) {
    if (p.measurement === 'mem' || p.measurement === 'disk') {
      deriveUsedPercent(p, numberOfField(p.fields.used_bytes), numberOfField(p.fields.total_bytes));
    }
  }
  return { points, errors, lines };
}
