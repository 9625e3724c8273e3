import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPoint } from '../core/line-protocol-format.ts';
import type { FieldValue, MetricPoint } from '../core/schema.ts';
import {
  assertWellFormedErrors, assertWellFormedPoint, batchOf, bodyOf, finiteDouble, fuzz, identifier, junk, lineCount, mutated,
} from './collectors/fuzz-support.ts';
import { PRECISIONS, parseLineProtocol, type Precision } from './line-protocol.ts';
import { MAX_TIME_NS, MIN_TIME_NS } from './line-protocol-tokens.ts';

const NOW = 1_700_000_000_000_000_000n;
const ALPHABET = ' ,=\\"#\tabcxyz019.-+eEiuTtfF\r';

/** Names with every character the format escapes, but no backslash (kept literally, it is ambiguous before a special). */
const name = fc.stringMatching(/^[a-zA-Z0-9_ ,=."-]{1,10}$/);
const measurement = name.filter((m) => !m.startsWith('#'));
const key = name.filter((k) => k !== 'time');

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  finiteDouble().map((value): FieldValue => ({ type: 'float', value })),
  fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map((value): FieldValue => ({ type: 'int', value })),
  fc.bigInt(0n, 2n ** 64n - 1n).map((value): FieldValue => ({ type: 'uint', value })),
  fc.string({ maxLength: 12 }).filter((s) => !s.includes('\n')).map((value): FieldValue => ({ type: 'string', value })),
  fc.boolean().map((value): FieldValue => ({ type: 'bool', value })),
);

const goodPoint: fc.Arbitrary<MetricPoint> = fc.record({
  measurement,
  tags: fc.dictionary(key, name, { maxKeys: 3 }),
  fields: fc.dictionary(key, fieldValue, { minKeys: 1, maxKeys: 4 }),
  timeNs: fc.bigInt(MIN_TIME_NS, MAX_TIME_NS),
});

const good = goodPoint.map((p) => ({ text: formatPoint(p), expected: p }));

/** Lines InfluxDB rejects, each for a known reason. */
const bad = fc
  .tuple(identifier('a-z', 'a-z0-9_', 8), identifier('a-z', 'a-z0-9_', 8), fc.nat(10))
  .map(([m, k, which]) => [
    m,
    `${m} ${k}=`,
    `${m} ${k}="open`,
    `${m},${k}= f=1`,
    `${m} ${k}=1 12x`,
    `${m} ${k}=1,`,
    `${m} ${k}=abc`,
    `,${k}=v f=1`,
    `${m} ${k}=1i2`,
    `${m},time=x f=1`,
    `${m} =1`,
  ][which] as string);

/**
 * Lines from a small vocabulary, so that measurements and keys recur at the same positions from
 * line to line (what the scanner learns from), with near misses among them: prefixes of one
 * another, escapes, '=' and backslashes, "time", and a field set that varies in shape.
 */
const NAMES = ['cpu', 'cpu2', 'cp', 'c\\ pu', 'cpu\\,x', 'a=b', 'k\\y', 'k\\', 'time', '__proto__', 'é', 'x'];
const recurringLine = fc
  .tuple(
    fc.constantFrom(...NAMES.filter((n) => n !== 'time')),
    fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom('v', 'w\\ x', '1')), { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom('1', '2i', '"s"', 'true', '-0.5')), { maxLength: 4 }),
    fc.constantFrom('', ' 1', ' 2'),
  )
  .map(([m, tags, fields, ts]) => m + tags.map(([k, v]) => `,${k}=${v}`).join('') + (fields.length > 0 ? ' ' : '') + fields.map(([k, v]) => `${k}=${v}`).join(',') + ts);
const recurring = fc.oneof(recurringLine, mutated(recurringLine, ALPHABET));

/** Where the lines of a body start, and its end: the bounds a range may have. */
function lineBounds(body: string): number[] {
  const bounds = [0];
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) bounds.push(i + 1);
  if (bounds.at(-1) !== body.length) bounds.push(body.length);
  return bounds;
}

const precision = fc.constantFrom(...(Object.keys(PRECISIONS) as string[]).map((p) => PRECISIONS[p] as Precision));

describe('line-protocol parser, fuzzed', () => {
  it('never throws, and what it returns is well-formed, for malformed and edge-case bodies', () => {
    const line = fc.oneof(junk(ALPHABET, 40), mutated(good.map((g) => g.text), ALPHABET));
    fuzz(
      'line-protocol: malformed bodies',
      fc.tuple(bodyOf(line), precision),
      ([body, p]) => {
        const r = parseLineProtocol(body, { precision: p, nowNs: NOW });
        for (const point of r.points) assertWellFormedPoint(point, { raw: true });
        assertWellFormedErrors(r.errors, lineCount(body));
        if (r.points.length + r.errors.length !== r.lines) throw new Error('every counted line is a point or an error');
      },
      12_000,
    );
  });

  it('in a mix of good and bad lines, returns every good point and reports every bad line by number', () => {
    fuzz(
      'line-protocol: good/bad batches',
      batchOf(good, bad),
      (batch) => {
        const r = parseLineProtocol(batch.body, { precision: 'ns', nowNs: NOW });
        expect(r.points).toEqual(batch.good.map((g) => g.expected));
        expect(r.errors.map((e) => e.line)).toEqual(batch.bad);
        expect(r.lines).toBe(batch.good.length + batch.bad.length);
      },
      4_000,
    );
  });

  it('parses each line of a body as it would parse that line alone: what it remembers from line to line changes no result', () => {
    fuzz(
      'line-protocol: lines alone',
      bodyOf(recurring, 12),
      (body) => {
        const whole = parseLineProtocol(body, { precision: 'ns', nowNs: NOW });
        const alone = body.split('\n').map((line) => parseLineProtocol(line, { precision: 'ns', nowNs: NOW }));
        expect(whole.points).toEqual(alone.flatMap((r) => r.points));
        expect(whole.errors).toEqual(alone.flatMap((r, i) => r.errors.map((e) => ({ ...e, line: i + 1 }))));
        expect(whole.lines).toBe(alone.reduce((n, r) => n + r.lines, 0));
      },
      4_000,
    );
  });

  it('parses a range of lines of a body as it parses that slice of it', () => {
    fuzz(
      'line-protocol: ranges',
      fc.tuple(bodyOf(recurring, 12), fc.nat(), fc.nat()),
      ([body, a, b]) => {
        const bounds = lineBounds(body);
        const [from, to] = [bounds[a % bounds.length] as number, bounds[b % bounds.length] as number].sort((x, y) => x - y) as [number, number];
        const opts = { precision: 'ns' as const, nowNs: NOW };
        expect(parseLineProtocol(body, { ...opts, from, to })).toEqual(parseLineProtocol(body.slice(from, to), opts));
      },
      2_000,
    );
  });
});
