import { eachLine, fault, guardLine, setOwn, skipBlanks, isBlankCode, type LineError } from './common.ts';

/**
 * Prometheus text exposition format 0.0.4 (formats.md §4), as node_exporter serves it:
 *
 *   # HELP name doc
 *   # TYPE name counter|gauge|histogram|summary|untyped
 *   name{label="value",...} value [timestamp_ms]
 *
 * Label values escape `\\`, `\"` and `\n`; any other escape is an error, as in Prometheus' own
 * parser. Values are Go floats: decimal, hex (`0x1p-2`), `NaN`, `+Inf`, `-Inf` (any case, and
 * `Infinity`). The timestamp is an optional int64 in milliseconds.
 *
 * `#` lines (HELP, TYPE and plain comments) are skipped without validation: Runway maps samples
 * by metric name, so metadata carries nothing it needs. A CR before the newline is tolerated.
 */

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The sample's own timestamp, or the default time given to the parser. */
  timeMs: number;
}

export interface PromParseResult {
  samples: PromSample[];
  errors: LineError[];
  /** Sample lines seen, good or bad (blank and `#` lines are not counted). */
  lines: number;
}

/** InfluxDB stores ns in int64: about ±9.22e18 ns, so ±9.22e12 ms. */
const MAX_ABS_TIME_MS = 9_223_372_036_854;

const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isMetricStart = (c: number): boolean => isNameStart(c) || c === 58; // ':'
const isMetricChar = (c: number): boolean => isMetricStart(c) || isDigitCode(c);
const isLabelChar = (c: number): boolean => isNameStart(c) || isDigitCode(c);

const GO_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GO_HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;
const GO_INF = /^([+-]?)(?:inf|infinity)$/i;

/** strconv.ParseFloat's syntax; undefined for anything else, and for overflow (Go's ErrRange). */
export function parseGoFloat(token: string): number | undefined {
  if (GO_DECIMAL.test(token)) {
    const n = Number(token);
    return Number.isFinite(n) ? n : undefined;
  }
  if (/^nan$/i.test(token)) return NaN;
  const inf = GO_INF.exec(token);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  const hex = GO_HEX.exec(token);
  if (hex && (hex[2] !== '' || hex[3] !== '')) {
    const digits = (hex[2] ?? '') + (hex[3] ?? '');
    const mantissa = Number.parseInt(digits, 16);
    const exponent = Number(hex[4]) - 4 * (hex[3] ?? '').length;
    const n = mantissa * 2 ** exponent;
    if (!Number.isFinite(n)) return undefined;
    return hex[1] === '-' ? -n : n;
  }
  return undefined;
}

/** Reads one sample line; holds the cursor so each step need not return pairs. */
class SampleScanner {
  private i = 0;

  private readonly s: string;
  private readonly defaultTimeMs: number;
  constructor(
    s: string,
    defaultTimeMs: number,
  ) {
    this.s = s;
    this.defaultTimeMs = defaultTimeMs;
  }

  scan(): PromSample {
    const name = this.scanName();
    const labels: Record<string, string> = {};
    this.i = skipBlanks(this.s, this.i); // Prometheus allows blanks before the '{' too
    if (this.s.charCodeAt(this.i) === 123) this.scanLabels(name, labels); // '{'
    this.i = skipBlanks(this.s, this.i);
    if (this.i >= this.s.length) fault(`missing value for "${name}"`);
    const valueText = this.token();
    const value = parseGoFloat(valueText);
    if (value === undefined) {
      fault(GO_DECIMAL.test(valueText) ? `value out of range: ${valueText}` : `invalid value "${valueText}" for "${name}"`);
    }
    return { name, labels, value, timeMs: this.scanTimestamp() };
  }

  private token(): string {
    const start = this.i;
    while (this.i < this.s.length && !isBlankCode(this.s.charCodeAt(this.i))) this.i++;
    return this.s.slice(start, this.i);
  }

  private scanName(): string {
    const { s } = this;
    if (!isMetricStart(s.charCodeAt(0))) fault(s.charCodeAt(0) === 123 ? 'missing metric name' : `invalid metric name start "${s.charAt(0)}"`);
    let i = 1;
    while (i < s.length && isMetricChar(s.charCodeAt(i))) i++;
    const c = s.charCodeAt(i);
    if (i < s.length && c !== 123 && !isBlankCode(c)) fault(`invalid character "${s.charAt(i)}" in metric name`);
    this.i = i;
    return s.slice(0, i);
  }

  /** `{a="x", b="y",}`; leaves the cursor after the closing brace. */
  private scanLabels(name: string, labels: Record<string, string>): void {
    const { s } = this;
    this.i++;
    for (;;) {
      this.i = skipBlanks(s, this.i);
      if (this.i >= s.length) fault(`unterminated label set of "${name}"`);
      if (s.charCodeAt(this.i) === 125) break; // '}'
      const label = this.scanLabelName();
      if (Object.hasOwn(labels, label)) fault(`duplicate label "${label}"`);
      setOwn(labels, label, this.scanLabelValue(label));
      this.i = skipBlanks(s, this.i);
      const c = s.charCodeAt(this.i);
      if (c === 44) this.i++; // ','
      else if (c === 125) break;
      else fault(this.i >= s.length ? `unterminated label set of "${name}"` : `expected "," or "}" after label "${label}"`);
    }
    this.i++;
  }

  private scanLabelName(): string {
    const { s } = this;
    const start = this.i;
    if (!isNameStart(s.charCodeAt(start))) fault(`invalid label name start "${s.charAt(start)}"`);
    let i = start + 1;
    while (i < s.length && isLabelChar(s.charCodeAt(i))) i++;
    const label = s.slice(start, i);
    i = skipBlanks(s, i);
    if (s.charCodeAt(i) !== 61) fault(`expected "=" after label name "${label}"`);
    this.i = skipBlanks(s, i + 1);
    return label;
  }

  /** A quoted value with `\\`, `\"` and `\n` escapes; leaves the cursor after the closing quote. */
  private scanLabelValue(label: string): string {
    const { s } = this;
    if (s.charCodeAt(this.i) !== 34) fault(`expected '"' to open the value of label "${label}"`);
    let out = '';
    let from = ++this.i;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return out + s.slice(from, i);
      }
      if (c !== 92) continue;
      const next = s.charAt(i + 1);
      if (next !== '\\' && next !== '"' && next !== 'n') fault(`invalid escape "\\${next}" in the value of label "${label}"`);
      out += s.slice(from, i) + (next === 'n' ? '\n' : next);
      from = ++i + 1;
    }
    return fault(`unterminated value of label "${label}"`);
  }

  private scanTimestamp(): number {
    this.i = skipBlanks(this.s, this.i);
    if (this.i >= this.s.length) return this.defaultTimeMs;
    const text = this.token();
    if (!/^[+-]?\d+$/.test(text)) fault(`invalid timestamp "${text}" (int64 milliseconds expected)`);
    const ms = Number(text);
    if (Math.abs(ms) > MAX_ABS_TIME_MS) fault(`timestamp out of range: ${text} ms`);
    if (skipBlanks(this.s, this.i) < this.s.length) fault('unexpected text after the timestamp');
    return ms === 0 ? 0 : ms; // no -0 from "-0"
  }
}

/**
 * Parses a scrape body. Bad lines are reported with their 1-based number and never stop the
 * others. `defaultTimeMs` stamps samples without a timestamp (node_exporter sends none).
 */
export function parsePrometheusText(body: string, defaultTimeMs: number): PromParseResult {
  const samples: PromSample[] = [];
  const errors: LineError[] = [];
  let lines = 0;
  eachLine(body, (line, lineNo) => {
    const start = skipBlanks(line, 0);
    if (start >= line.length || line.charCodeAt(start) === 35) return; // blank or '#'
    lines++;
    guardLine(errors, lineNo, line, () => {
      samples.push(new SampleScanner(start === 0 ? line : line.slice(start), defaultTimeMs).scan());
    });
  });
  return { samples, errors, lines };
}
