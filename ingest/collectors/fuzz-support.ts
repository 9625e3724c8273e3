import fc from 'fast-check';
import { CANONICAL, TAG_CUSTOMER, type MetricPoint } from '../../core/schema.ts';
import type { LineError } from '../line-protocol.ts';
import { MAX_TIME_NS, MIN_TIME_NS } from '../line-protocol-tokens.ts';

/**
 * Shared pieces of the collector fuzz tests (`*.fuzz.test.ts`): input arbitraries, the checks
 * every parser's output must pass, and a runner that reports how many inputs each test generated.
 * Checks throw plain Errors rather than use expect(): they run a hundred thousand times.
 */

function fail(what: string, detail: unknown): never {
  const text = JSON.stringify(detail, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  throw new Error(`${what}: ${text}`);
}

/**
 * A point Runway can store: non-empty measurement; tags with non-empty keys and values, no
 * line breaks and no customer tag (the route adds it); at least one field; finite floats, and
 * canonical fields always floats; a bigint time InfluxDB can store. `raw` is for the line-protocol
 * parser, whose points are not canonical yet.
 */
export function assertWellFormedPoint(p: MetricPoint, options: { raw?: boolean } = {}): void {
  // A lone CR ends no line in line protocol; collector parsers remove both anyway.
  const lineBreak = options.raw ? /\n/ : /[\r\n]/;
  if (typeof p.measurement !== 'string' || p.measurement === '') fail('empty measurement', p);
  if (lineBreak.test(p.measurement)) fail('line break in the measurement', p);
  for (const [k, v] of Object.entries(p.tags)) {
    if (k === '' || typeof v !== 'string' || v === '') fail('empty tag key or value', p);
    if (lineBreak.test(k) || lineBreak.test(v)) fail('line break in a tag', p);
    if (k === TAG_CUSTOMER && !options.raw) fail('customer tag set by a parser', p);
  }
  const fields = Object.entries(p.fields);
  if (fields.length === 0) fail('point without fields', p);
  // Raw line protocol is mapped to canonical later (telegraf-mapping.ts): its types are as sent.
  const canonical: readonly string[] = options.raw ? [] : (CANONICAL as Record<string, readonly string[]>)[p.measurement] ?? [];
  for (const [k, v] of fields) {
    if (k === '' || lineBreak.test(k)) fail('bad field key', p);
    if (v.type === 'float' && !Number.isFinite(v.value)) fail('non-finite float', p);
    if (canonical.includes(k) && v.type !== 'float') fail(`canonical field ${k} is not a float`, p);
    if (v.type === 'string' && lineBreak.test(v.value)) fail('line break in a string field', p);
  }
  if (typeof p.timeNs !== 'bigint' || p.timeNs < MIN_TIME_NS || p.timeNs > MAX_TIME_NS) fail('bad timeNs', p);
}

/** Errors name lines that exist, with a reason, and never a bug caught by the per-line guard. */
export function assertWellFormedErrors(errors: readonly LineError[], lineCount: number): void {
  for (const e of errors) {
    if (!Number.isInteger(e.line) || e.line < 1 || e.line > Math.max(1, lineCount)) fail('error on a line that does not exist', e);
    if (typeof e.reason !== 'string' || e.reason === '') fail('error without a reason', e);
    if (e.reason.startsWith('unexpected parser error')) fail('parser bug', e);
    if (typeof e.text !== 'string' || e.text.length > 200) fail('bad error text', e);
  }
}

/** Lines a body has as eachLine counts them. */
export const lineCount = (body: string): number => (body === '' ? 0 : body.split('\n').length - (body.endsWith('\n') ? 1 : 0));

/** Runs a property for numRuns generated inputs and logs the count, so the suite's total can be reported. */
export function fuzz<T>(name: string, arb: fc.Arbitrary<T>, check: (value: T) => void, numRuns: number): void {
  fc.assert(
    fc.property(arb, (v) => {
      check(v);
    }),
    { numRuns },
  );
  console.info(`[fuzz] ${name}: ${numRuns} generated inputs`);
}

/** One character: mostly from `alphabet` (the format's own punctuation), sometimes any code point. */
export function charFrom(alphabet: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...Array.from(alphabet)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  );
}

/** Strings of up to maxLength characters drawn by charFrom(alphabet). */
export const junk = (alphabet: string, maxLength = 60): fc.Arbitrary<string> =>
  fc.string({ unit: charFrom(alphabet), maxLength });

/** A good input with 1–4 random edits (insert, delete, replace), the near misses parsers trip on. */
export function mutated(base: fc.Arbitrary<string>, alphabet: string): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), ins: fc.string({ unit: charFrom(alphabet), maxLength: 3 }) });
  return fc.tuple(base, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([s, edits]) =>
    edits.reduce((acc, e) => {
      const at = e.at % (acc.length + 1);
      return acc.slice(0, at) + e.ins + acc.slice(at + e.del);
    }, s),
  );
}

/** Bodies of several lines from `line`, joined by LF or CRLF, sometimes with a final newline. */
export function bodyOf(line: fc.Arbitrary<string>, maxLines = 8): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(line, { maxLength: maxLines }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([lines, eol, final]) => lines.join(eol) + (final && lines.length > 0 ? eol : ''));
}

/** A good/bad line mix: the body, and the 1-based numbers of the good and the bad lines. */
export interface Batch<G> {
  body: string;
  good: { line: number; expected: G }[];
  bad: number[];
}

/**
 * Interleaves generated good lines (each with the value it must parse to), bad lines, and lines
 * every parser skips (blank lines, and `#` comments when `comments`).
 */
export function batchOf<G>(
  good: fc.Arbitrary<{ text: string; expected: G }>,
  bad: fc.Arbitrary<string>,
  comments = true,
): fc.Arbitrary<Batch<G>> {
  const filler = comments ? fc.constantFrom('', '   ', '# a comment', '\t') : fc.constantFrom('', '   ', '\t');
  const entry = fc.oneof(
    { weight: 5, arbitrary: good.map((g) => ({ kind: 'good' as const, ...g })) },
    { weight: 3, arbitrary: bad.map((text) => ({ kind: 'bad' as const, text })) },
    { weight: 1, arbitrary: filler.map((text) => ({ kind: 'skip' as const, text })) },
  );
  return fc.array(entry, { maxLength: 12 }).map((entries) => {
    const batch: Batch<G> = { body: entries.map((e) => e.text).join('\n'), good: [], bad: [] };
    entries.forEach((e, i) => {
      if (e.kind === 'good') batch.good.push({ line: i + 1, expected: e.expected });
      else if (e.kind === 'bad') batch.bad.push(i + 1);
    });
    return batch;
  });
}

/** Identifier-ish names: what keeps generated good lines unambiguous. */
export const identifier = (first = 'a-zA-Z_', rest = 'a-zA-Z0-9_', max = 12): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[${first}][${rest}]{0,${max - 1}}$`));

/** Doubles with -0 folded to 0: text formats cannot tell them apart in every parser. */
export const finiteDouble = (): fc.Arbitrary<number> =>
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (d === 0 ? 0 : d));
