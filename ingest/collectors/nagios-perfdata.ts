import {
  eachLine, errorText, fault, guardLine, PointSet, reasonOf, secondsToNs, skipBlanks,
  type LineError, type ParseResult,
} from './common.ts';
import { addPerfdataPoints } from './nagios-mapping.ts';

/**
 * Nagios / Monitoring-Plugins performance data (formats.md §5, developer guidelines §2.6):
 *
 *   'label'=value[UOM];[warn];[crit];[min];[max]
 *
 * Items are separated by spaces; a label with spaces is single-quoted and a literal quote in it
 * is written `''`. The value `U` means unknown: the item is skipped without an error. warn and
 * crit are ranges (`10`, `10:`, `~:10`, `10:20`, `@10:20`); trailing empty fields may be left out.
 * A bad item is reported and skipped; the items around it still count.
 *
 * parseNagiosPerfdataFile reads what Nagios writes with its default perfdata file templates
 * (`[SERVICEPERFDATA]` and `[HOSTPERFDATA]` lines, tab-separated) and the key::value lines
 * pnp4nagios uses (`DATATYPE::SERVICEPERFDATA\tTIMET::…\tHOSTNAME::…`); nagios-mapping.ts says
 * how the items become canonical points.
 */

/** A threshold range; an alert fires when the value is outside [start, end], or inside if `inside`. */
export interface PerfRange {
  start: number;
  end: number;
  inside: boolean;
}

export interface PerfItem {
  label: string;
  value: number;
  /** As written: '', 's', 'ms', 'us', '%', 'B', 'KB', 'kB', 'MB', 'GB', 'TB', 'c', or anything else. */
  uom: string;
  warn?: PerfRange;
  crit?: PerfRange;
  min?: number;
  max?: number;
}

export interface PerfdataResult {
  items: PerfItem[];
  /** One reason per bad item, naming its label where one could be read. */
  errors: string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

function parseNumber(text: string, what: string): number {
  const m = NUMBER.exec(text);
  if (m === null || m[0] !== text) fault(/^\d+,\d+$/.test(text) ? `decimal comma in ${what} "${text}"` : `bad ${what} "${text}"`);
  const n = Number(text);
  if (!Number.isFinite(n)) fault(`${what} out of range: ${text}`);
  return n;
}

/** `[@][start:][end]`, start may be `~` (−∞); an empty end after ':' is +∞. */
export function parsePerfRange(text: string): PerfRange {
  const inside = text.startsWith('@');
  const body = inside ? text.slice(1) : text;
  const colon = body.indexOf(':');
  if (colon === -1) {
    const end = parseNumber(body, 'threshold');
    if (end < 0) fault(`negative threshold ${text} (the range is 0 to ${body}; write ~:${body} for below)`);
    return { start: 0, end, inside };
  }
  const startText = body.slice(0, colon);
  const endText = body.slice(colon + 1);
  const start = startText === '~' ? -Infinity : startText === '' ? 0 : parseNumber(startText, 'threshold start');
  const end = endText === '' ? Infinity : parseNumber(endText, 'threshold end');
  if (start > end) fault(`threshold start above its end: ${text}`);
  return { start, end, inside };
}

/** value[UOM];warn;crit;min;max; undefined for the unknown value `U`. */
function parseItemData(label: string, data: string): PerfItem | undefined {
  const parts = data.split(';');
  if (parts.length > 5 && parts.slice(5).some((p) => p !== '')) fault('more than 5 ";"-separated fields');
  const head = parts[0] ?? '';
  if (head === 'U') return undefined;
  if (head === '') fault('missing value');
  // A plugin run under a comma locale prints 0,21: say so rather than misread it.
  if (/^[+-]?\d+,\d/.test(head)) fault(`decimal comma in value "${head}"`);
  const m = NUMBER.exec(head);
  if (m === null) fault(`bad value "${head}"`);
  const uom = head.slice(m[0].length);
  if (/[\d;]/.test(uom)) fault(`bad value "${head}"`);
  const item: PerfItem = { label, value: parseNumber(m[0], 'value'), uom };
  const [, warn = '', crit = '', min = '', max = ''] = parts;
  if (warn !== '') item.warn = parsePerfRange(warn);
  if (crit !== '') item.crit = parsePerfRange(crit);
  // Some plugins repeat the unit on min and max (`0MB`): tolerate exactly that.
  const bare = (t: string) => (uom !== '' && t.endsWith(uom) ? t.slice(0, -uom.length) : t);
  if (min !== '') item.min = parseNumber(bare(min), 'min');
  if (max !== '') item.max = parseNumber(bare(max), 'max');
  return item;
}

/** Reads a label at i (quoted or not); returns it and the index of its '='. */
function readLabel(s: string, i: number): [string, number] {
  if (s.charCodeAt(i) !== 39) {
    let j = i;
    while (j < s.length && s.charCodeAt(j) !== 61 && !/\s/.test(s.charAt(j))) j++;
    if (s.charCodeAt(j) !== 61) fault(`missing "=" in "${s.slice(i, j)}"`);
    if (j === i) fault('empty label');
    return [s.slice(i, j), j];
  }
  let label = '';
  let from = i + 1;
  for (;;) {
    const q = s.indexOf("'", from);
    if (q === -1) fault(`unterminated quoted label '${s.slice(i + 1)}`);
    label += s.slice(from, q);
    if (s.charCodeAt(q + 1) !== 39) {
      if (s.charCodeAt(q + 1) !== 61) fault(`missing "=" after label '${label}'`);
      if (label === '') fault('empty label');
      return [label, q + 1];
    }
    label += "'";
    from = q + 2;
  }
}

const isSpace = (s: string, i: number): boolean => /\s/.test(s.charAt(i));

/** Parses the perfdata part of a plugin's output (everything after the first `|`). */
export function parsePerfdata(text: string): PerfdataResult {
  const items: PerfItem[] = [];
  const errors: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text, i)) i++;
    if (i >= text.length) break;
    let label = '';
    try {
      const [read, eq] = readLabel(text, i);
      label = read;
      let end = eq + 1;
      while (end < text.length && !isSpace(text, end)) end++;
      i = end;
      const item = parseItemData(label, text.slice(eq + 1, end));
      if (item !== undefined) items.push(item);
    } catch (e) {
      const reason = reasonOf(e);
      errors.push(label === '' ? reason : `'${label}': ${reason}`);
      // Resynchronise at the next space: a quote left open swallows the rest of the text.
      while (i < text.length && !isSpace(text, i)) i++;
      if (reason.startsWith('unterminated quoted label')) i = text.length;
    }
  }
  return { items, errors };
}

const SERVICE_TAB_FIELDS = 8; // [SERVICEPERFDATA] TIMET HOSTNAME SERVICEDESC EXECTIME LATENCY OUTPUT PERFDATA
const HOST_TAB_FIELDS = 6; // [HOSTPERFDATA] TIMET HOSTNAME EXECTIME OUTPUT PERFDATA

interface PerfLine {
  timet: string;
  host: string;
  service: string;
  output: string;
  perfdata: string;
}

/** The service name pnp4nagios uses for host perfdata. */
export const HOST_SERVICE = '_HOST_';

function splitTemplateLine(fields: string[]): PerfLine {
  const isService = fields[0] === '[SERVICEPERFDATA]';
  const want = isService ? SERVICE_TAB_FIELDS : HOST_TAB_FIELDS;
  if (fields.length < want) fault(`expected ${want} tab-separated fields, got ${fields.length}`);
  const last = fields.length - 1;
  return {
    timet: fields[1] ?? '',
    host: fields[2] ?? '',
    service: isService ? fields[3] ?? '' : HOST_SERVICE,
    // A tab inside the plugin output shifts the perfdata: it is always the last field.
    output: fields.slice(isService ? 6 : 4, last).join('\t'),
    perfdata: fields[last] ?? '',
  };
}

function splitKeyValueLine(fields: string[]): PerfLine {
  const kv = new Map<string, string>();
  for (const f of fields) {
    const sep = f.indexOf('::');
    if (sep === -1) fault(`field "${f}" is not KEY::value`);
    kv.set(f.slice(0, sep), f.slice(sep + 2));
  }
  const type = kv.get('DATATYPE');
  if (type !== 'SERVICEPERFDATA' && type !== 'HOSTPERFDATA') fault(`unknown DATATYPE "${type ?? ''}"`);
  const prefix = type === 'SERVICEPERFDATA' ? 'SERVICE' : 'HOST';
  const perfdata = kv.get(`${prefix}PERFDATA`);
  if (perfdata === undefined) fault(`missing ${prefix}PERFDATA::`);
  return {
    timet: kv.get('TIMET') ?? fault('missing TIMET::'),
    host: kv.get('HOSTNAME') ?? fault('missing HOSTNAME::'),
    service: prefix === 'SERVICE' ? kv.get('SERVICEDESC') ?? fault('missing SERVICEDESC::') : HOST_SERVICE,
    output: kv.get(`${prefix}OUTPUT`) ?? '',
    perfdata,
  };
}

function splitLine(line: string): PerfLine {
  const fields = line.split('\t');
  const first = fields[0] ?? '';
  const parsed =
    first === '[SERVICEPERFDATA]' || first === '[HOSTPERFDATA]' ? splitTemplateLine(fields)
      : first.startsWith('DATATYPE::') ? splitKeyValueLine(fields)
        : fault('expected a [SERVICEPERFDATA], [HOSTPERFDATA] or DATATYPE:: line');
  if (!/^\d{1,12}$/.test(parsed.timet)) fault(`bad TIMET "${parsed.timet}" (epoch seconds expected)`);
  if (parsed.host.trim() === '') fault('empty host name');
  if (parsed.service.trim() === '') fault('empty service description');
  return parsed;
}

/**
 * Parses a Nagios perfdata file into canonical points. A bad line is reported and skipped; a
 * bad item is reported against its line while the line's other items are kept.
 */
export function parseNagiosPerfdataFile(body: string): ParseResult {
  const set = new PointSet();
  const errors: LineError[] = [];
  let lines = 0;
  eachLine(body, (line, lineNo) => {
    if (skipBlanks(line, 0) >= line.length || line.startsWith('#')) return;
    lines++;
    guardLine(errors, lineNo, line, () => {
      const l = splitLine(line);
      const timeNs = secondsToNs(Number(l.timet)) ?? fault(`TIMET out of range: ${l.timet}`);
      const { items, errors: itemErrors } = parsePerfdata(l.perfdata);
      for (const reason of itemErrors) errors.push({ line: lineNo, reason, text: errorText(line) });
      addPerfdataPoints(set, items, { host: l.host, service: l.service, timeNs });
    });
  });
  return { points: set.points(), errors, lines };
}
