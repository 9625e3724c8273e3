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
});
