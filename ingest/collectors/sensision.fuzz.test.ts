import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TIME_NS, MIN_TIME_NS } from '../line-protocol-tokens.ts';
import {
  assertWellFormedErrors, assertWellFormedPoint, batchOf, bodyOf, finiteDouble, fuzz, identifier, junk, lineCount, mutated,
} from './fuzz-support.ts';
import { mapNoderig, parseNoderig } from './noderig-mapping.ts';
import { parseSensision, type SensisionSample, type SensisionValue } from './sensision.ts';

const NOW_US = 1_700_000_000_000_000n;
const ALPHABET = "/:{}=,% '\"#T\t\r=+-.0123eEaosNI\u00e9";

/** Two ways writers encode: everything (encodeURIComponent), or only what the format needs (noderig: raw '/'). */
const encoders = fc.constantFrom(
  (s: string) => encodeURIComponent(s),
  (s: string) => s.replace(/[%{},=\s']/g, (c) => encodeURIComponent(c)),
);
const text = (min = 0) => fc.string({ unit: 'grapheme', minLength: min, maxLength: 8 });

/** A value and one way to write it. */
const value: fc.Arbitrary<[SensisionValue, (enc: (s: string) => string) => string]> = fc.oneof(
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }).map((n): [SensisionValue, () => string] => [n, () => String(n)]),
  finiteDouble().map((d): [SensisionValue, () => string] => [d, () => (/^-?\d+$/.test(String(d)) ? `${d}.0` : String(d))]),
  fc.constantFrom<[SensisionValue, string]>([true, 'T'], [false, 'F'], [true, 'true'], [false, 'FALSE'], [NaN, 'NaN'], [-Infinity, '-Infinity'])
    .map(([v, t]): [SensisionValue, () => string] => [v, () => t]),
  fc.tuple(text(), fc.constantFrom("'", '"')).map(([s, q]): [SensisionValue, (enc: (s: string) => string) => string] => [s, (enc) => q + enc(s) + q]),
);

const pairs = fc.uniqueArray(fc.tuple(text(1), text()), { selector: ([k]) => k, maxLength: 3 });

const goodLine = fc
  .record({
    timeUs: fc.option(fc.bigInt(-9_000_000_000_000_000n, 9_000_000_000_000_000n)),
    geo: fc.option(fc.tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }))),
    elevation: fc.option(fc.integer()),
    className: text(1),
    labels: pairs,
    attributes: fc.option(pairs),
    value,
    enc: encoders,
    gap: fc.constantFrom(' ', '  ', '\t'),
  })
  .map((g) => {
    const kv = (ps: [string, string][]) => ps.map(([k, v]) => `${g.enc(k)}=${g.enc(v)}`).join(',');
    const geo = g.geo === null ? '' : `${g.geo[0]}:${g.geo[1]}`;
    const head = `${g.timeUs ?? ''}/${geo}/${g.elevation ?? ''}`;
    const attrs = g.attributes === null ? '' : `{${kv(g.attributes)}}`;
    const [v, write] = g.value;
    const expected: Omit<SensisionSample, 'line'> = {
      className: g.className, labels: Object.fromEntries(g.labels), attributes: Object.fromEntries(g.attributes ?? []),
      value: v, timeUs: g.timeUs ?? NOW_US,
    };
    return { text: `${head}${g.gap}${g.enc(g.className)}{${kv(g.labels)}}${attrs}${g.gap}${write(g.enc)}`, expected };
  });

/** Lines Warp 10 rejects, each for a known reason. */
const badLine = fc.tuple(identifier(), fc.nat(9)).map(([c, which]) => [
  `${c}{} 1`,
  `// ${c} 1`,
  `// ${c}{a} 1`,
  `// ${c}{} `,
  `// ${c}{} 'open`,
  `abc// ${c}{} 1`,
  `// ${c}{a=%ZZ} 1`,
  `// ${c}{} 1 2`,
  '// {} 1',
  `// ${c}{}{x=1 1`,
][which] as string);

function assertSample(s: SensisionSample, lines: number): void {
  if (typeof s.className !== 'string' || s.className === '') throw new Error('empty class name');
  for (const rec of [s.labels, s.attributes]) {
    for (const [k, v] of Object.entries(rec)) if (k === '' || typeof v !== 'string') throw new Error('bad label');
  }
  if (!['number', 'boolean', 'string'].includes(typeof s.value)) throw new Error('bad value type');
  const ns = s.timeUs * 1000n;
  if (ns < MIN_TIME_NS || ns > MAX_TIME_NS) throw new Error(`time out of range ${s.timeUs}`);
  if (s.line < 1 || s.line > lines) throw new Error('bad line number');
}

describe('Sensision parser, fuzzed', () => {
  it('never throws on malformed bodies, and what it returns is well-formed and maps to well-formed points', () => {
    const line = fc.oneof(junk(ALPHABET, 50), mutated(goodLine.map((g) => g.text), ALPHABET));
    fuzz(
      'sensision: malformed bodies',
      fc.tuple(bodyOf(line), fc.constantFrom(undefined, 'h', '', ' \n ')),
      ([body, fallback]) => {
        const r = parseSensision(body, NOW_US);
        const lines = lineCount(body);
        r.samples.forEach((s) => assertSample(s, lines));
        assertWellFormedErrors(r.errors, lines);
        if (r.samples.length + r.errors.length !== r.lines) throw new Error('every counted line is a sample or an error');
        for (const p of mapNoderig(r.samples, fallback)) assertWellFormedPoint(p);
        const all = parseNoderig(body, { defaultTimeUs: NOW_US, fallbackHost: fallback });
        all.points.forEach((p) => assertWellFormedPoint(p));
        assertWellFormedErrors(all.errors, lines);
      },
      12_000,
    );
  });

  it('in a mix of good and bad lines, returns every good sample by value and reports every bad line by number', () => {
    fuzz(
      'sensision: good/bad batches',
      batchOf(goodLine, badLine),
      (batch) => {
        const r = parseSensision(batch.body, NOW_US);
        expect(r.samples).toEqual(batch.good.map((g) => ({ ...g.expected, line: g.line })));
        expect(r.errors.map((e) => e.line)).toEqual(batch.bad);
        expect(r.lines).toBe(batch.good.length + batch.bad.length);
      },
      4_000,
    );
  });

  it('maps any noderig-like samples to well-formed points', () => {
    const className = fc.constantFrom(
      'os.cpu', 'os.mem', 'os.mem.used', 'os.mem.total', 'os.load1', 'os.load5', 'os.load15', 'os.disk.fs', 'os.disk.fs.used',
      'os.disk.fs.total', 'os.disk.fs.inodes.used', 'os.disk.fs.inodes.total', 'rtm.hw.cpu.number', 'os.load.processesup',
      'rtm.info.x', 'os.net.bytes', 'x\ny',
    );
    const labels = fc.dictionary(fc.constantFrom('host', 'disk', 'mount', 'chore', 'customer', 'time', '', 'a\r'), fc.constantFrom('', 'h', '/dev/sda1', '/', '0', '\n'));
    const sample: fc.Arbitrary<SensisionSample> = fc.record({
      className, labels, attributes: labels,
      value: fc.oneof(fc.double(), fc.boolean(), fc.string({ maxLength: 5 }), fc.constantFrom('12', 'a\nb')),
      timeUs: fc.bigInt(-9_000_000_000_000_000n, 9_000_000_000_000_000n),
      line: fc.constant(1),
    });
    fuzz(
      'noderig mapping: random samples',
      fc.tuple(fc.array(sample, { maxLength: 20 }), fc.constantFrom(undefined, 'fb', '')),
      ([samples, fallback]) => {
        for (const p of mapNoderig(samples, fallback)) assertWellFormedPoint(p);
      },
      3_000,
    );
  });
});
