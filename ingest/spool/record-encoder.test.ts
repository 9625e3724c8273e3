import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPoint, formatPoints } from '../../core/line-protocol-format.ts';
import type { FieldValue, MetricPoint } from '../../core/schema.ts';
import { decodeRecord } from './record-codec.ts';
import { RecordEncoder } from './record-encoder.ts';

// The spool's encoder must write exactly the text core's formatter writes: that text is the
// canonical mapping's output as InfluxDB receives it.
const text = fc.oneof(
  fc.constantFrom('cpu', 'host', 'web-1', 'a b', 'x,y', 'k=v', 'q"uote', 'back\\slash', 'ünï', '日本', ''),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 2 }),
);
const name = text.filter((s) => s !== '' && s !== '__proto__');
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const field: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.double().map((value) => ({ type: 'float' as const, value })),
  fc.constantFrom(0.895, 17.61, 1e21, 1e-7, -0, 3335778304).map((value) => ({ type: 'float' as const, value })),
  int64.map((value) => ({ type: 'int' as const, value })),
  // Either side of 2^53, where the digits stop coming from a double.
  fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 1n - 2n ** 53n, -(2n ** 53n), -(2n ** 53n) - 1n).map((value) => ({ type: 'int' as const, value })),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value) => ({ type: 'uint' as const, value })),
  text.map((value) => ({ type: 'string' as const, value })),
  fc.boolean().map((value) => ({ type: 'bool' as const, value })),
);
const point: fc.Arbitrary<MetricPoint> = fc.record({
  measurement: name,
  tags: fc.dictionary(name, text, { maxKeys: 5 }),
  fields: fc.dictionary(name, field, { minKeys: 1, maxKeys: 6 }),
  timeNs: fc.oneof(int64, fc.constant(1_700_000_000_000_000_000n)),
});

function payloads(points: MetricPoint[], batchPoints: number): { text: Buffer[]; lines: number[] } {
  const { data } = RecordEncoder.encode(points, batchPoints);
  const out = { text: [] as Buffer[], lines: [] as number[] };
  for (let at = 0; at < data.length; ) {
    const decoded = decodeRecord(data, at);
    if (decoded.kind !== 'record') throw new Error(`not a record at ${at}: ${decoded.kind}`);
    out.text.push(decoded.record.payload);
    out.lines.push(decoded.record.lines);
    at = decoded.record.end;
  }
  return out;
}

describe('RecordEncoder', () => {
  it('writes exactly what formatPoints writes, in records of at most batchPoints lines', () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), (points, batchPoints) => {
        const { text, lines } = payloads(points, batchPoints);
        const expected = points.map(formatPoint).filter((l) => l !== '');
        // Compared as bytes: what InfluxDB receives (a lone surrogate becomes U+FFFD either way).
        const written = Buffer.concat(text.flatMap((t, i) => (i > 0 ? [Buffer.from('\n'), t] : [t])));
        expect(written.equals(Buffer.from(expected.join('\n'), 'utf8'))).toBe(true);
        expect(lines.reduce((a, b) => a + b, 0)).toBe(expected.length);
        expect(lines.every((n) => n > 0 && n <= batchPoints)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out points with no storable field, and the record when none is left', () => {
    const nan: MetricPoint = { measurement: 'm', tags: {}, fields: { v: { type: 'float', value: Number.NaN } }, timeNs: 1n };
    const ok: MetricPoint = { measurement: 'm', tags: { host: 'h', empty: '' }, fields: { v: { type: 'float', value: 1 } }, timeNs: 2n };
    expect(RecordEncoder.encode([nan, nan], 10)).toMatchObject({ records: 0, points: 0 });
    const { text } = payloads([nan, ok, nan], 10);
    expect(text.map(String)).toEqual([formatPoints([ok])]);
  });

  it('writes keys right after taking back a line that had no storable field', () => {
    const at = (measurement: string, host: string, v: number): MetricPoint => ({ measurement, tags: { host }, fields: { v: { type: 'float', value: v } }, timeNs: 1n });
    const points = [at('longer', 'a', Number.NaN), at('m', 'b', 1), at('m', 'c', 2), at('other', 'd', 3)];
    const { text } = payloads(points, 10);
    expect(text.map(String)).toEqual([formatPoints(points)]);
  });

  it('writes a batch of more distinct keys than it keeps written out', () => {
    const points = Array.from({ length: 2500 }, (_, n): MetricPoint => ({
      measurement: 'm',
      tags: { [`t${n % 1200}`]: 'x' },
      fields: { [`f ${n % 1300}`]: { type: 'int', value: BigInt(n) } },
      timeNs: BigInt(n),
    }));
    const { text } = payloads(points, 5000);
    expect(text.map(String)).toEqual([formatPoints(points)]);
  });
});
