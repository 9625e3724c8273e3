import { setOwn } from './common.ts';

/**
 * A JSON reader lenient enough for every `rrdtool xport --json` there is. rrdtool 1.4.x prints a
 * JavaScript literal rather than JSON (`{ about: 'RRDtool xport JSON output', meta: { start: …`,
 * unquoted keys and single-quoted strings, and its legends are not escaped); later versions print
 * JSON but still do not escape legends. So this reader also accepts bare identifier keys,
 * single-quoted strings taken verbatim, NaN / Infinity / inf in any case, a leading `+`, `.5`,
 * `5.` and trailing commas. It records the line each array and object starts on, so a bad row
 * can be reported against its line, and it never throws.
 */

export type JsonLike = null | boolean | number | string | JsonLike[] | { [key: string]: JsonLike };

export interface RelaxedJson {
  value?: JsonLike;
  error?: { line: number; reason: string };
  /** 1-based line where an array or object of the result starts. */
  lineOf(node: object): number | undefined;
}

const MAX_DEPTH = 64;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const WORD = /[A-Za-z0-9_$.+-]/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Failure {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

class Reader {
  private i = 0;
  line = 1;
  readonly lines = new WeakMap<object, number>();

  private readonly s: string;
  constructor(s: string) {
    this.s = s;
  }

  fail(reason: string): never {
    throw new Failure(reason);
  }

  ws(): void {
    const { s } = this;
    for (; this.i < s.length; this.i++) {
      const c = s.charCodeAt(this.i);
      if (c === 10) this.line++;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) break;
    }
  }

  atEnd(): boolean {
    this.ws();
    return this.i >= this.s.length;
  }

  value(depth: number): JsonLike {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.ws();
    const c = this.s.charAt(this.i);
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'") return this.string();
    return this.word();
  }

  private word(): JsonLike {
    const start = this.i;
    while (this.i < this.s.length && WORD.test(this.s.charAt(this.i))) this.i++;
    const w = this.s.slice(start, this.i);
    if (w === '') this.fail(this.i >= this.s.length ? 'unexpected end of input' : `unexpected "${this.s.charAt(this.i)}"`);
    if (w === 'true' || w === 'false') return w === 'true';
    if (w === 'null') return null;
    if (NUMBER.test(w)) return Number(w);
    if (/^[+-]?nan$/i.test(w)) return NaN;
    if (/^[+-]?inf(?:inity)?$/i.test(w)) return w.startsWith('-') ? -Infinity : Infinity;
    return this.fail(`unexpected "${w.length > 40 ? w.slice(0, 40) + '…' : w}"`);
  }

  private string(): string {
    const { s } = this;
    const quote = s.charAt(this.i++);
    let out = '';
    let from = this.i;
    for (; this.i < s.length; this.i++) {
      const c = s.charAt(this.i);
      if (c === '\n') break;
      if (c === quote) {
        out += s.slice(from, this.i++);
        return out;
      }
      if (c !== '\\' || quote === "'") continue;
      out += s.slice(from, this.i);
      const next = s.charAt(++this.i);
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 1, this.i + 5))) {
        out += String.fromCharCode(Number.parseInt(s.slice(this.i + 1, this.i + 5), 16));
        this.i += 4;
      } else {
        out += ESCAPES[next] ?? '\\' + next; // an unknown escape is kept as written
      }
      from = this.i + 1;
    }
    return this.fail('unterminated string');
  }

  private key(): string {
    this.ws();
    const c = this.s.charAt(this.i);
    if (c === '"' || c === "'") return this.string();
    const start = this.i;
    while (this.i < this.s.length && /[\w$]/.test(this.s.charAt(this.i))) this.i++;
    const key = this.s.slice(start, this.i);
    if (!IDENTIFIER.test(key)) this.fail(this.i >= this.s.length ? 'unexpected end of input' : `expected a key, got "${c}"`);
    return key;
  }

  /** Items until `close`, allowing a trailing comma; `item` reads one. */
  private items(close: string, what: string, item: () => void): void {
    this.i++;
    this.ws();
    while (this.s.charAt(this.i) !== close) {
      item();
      this.ws();
      const c = this.s.charAt(this.i);
      if (c === ',') {
        this.i++;
        this.ws();
      } else if (c !== close) {
        this.fail(this.i >= this.s.length ? `unterminated ${what}` : `expected "," or "${close}" in ${what}, got "${c}"`);
      }
    }
    this.i++;
  }

  private object(depth: number): JsonLike {
    const obj: { [key: string]: JsonLike } = {};
    this.lines.set(obj, this.line);
    this.items('}', 'object', () => {
      const key = this.key();
      this.ws();
      if (this.s.charAt(this.i) !== ':') this.fail(`expected ":" after key "${key}"`);
      this.i++;
      setOwn(obj, key, this.value(depth + 1));
    });
    return obj;
  }

  private array(depth: number): JsonLike {
    const arr: JsonLike[] = [];
    this.lines.set(arr, this.line);
    this.items(']', 'array', () => arr.push(this.value(depth + 1)));
    return arr;
  }
}

/** Parses relaxed JSON; on failure, `error` names the line where reading stopped. */
export function parseRelaxedJson(text: string): RelaxedJson {
  const reader = new Reader(text);
  const lineOf = (node: object) => reader.lines.get(node);
  try {
    const value = reader.value(0);
    if (!reader.atEnd()) reader.fail('unexpected text after the end of the document');
    return { value, lineOf };
  } catch (e) {
    const reason = e instanceof Failure ? e.reason : e instanceof Error ? e.message : 'unreadable input';
    return { error: { line: reader.line, reason }, lineOf };
  }
}
