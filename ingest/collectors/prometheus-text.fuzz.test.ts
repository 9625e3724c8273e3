import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertWellFormedErrors, assertWellFormedPoint, batchOf, bodyOf, finiteDouble, fuzz, identifier, junk, lineCount, mutated,
} from './fuzz-support.ts';
import { NodeExporterMapper } from './node-exporter-mapping.ts';
import { parsePrometheusText, type PromSample } from './prometheus-text.ts';

const DEFAULT_MS = 1_700_000_000_000;
const ALPHABET = '{}",=\\ \t#\r+-.eEIiNnaf019_:x\u00e9';

const metricName = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,15}$/);
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/);
const labelValue = fc.string({
  unit: fc.oneof(fc.constantFrom('\\', '"', '\n', '{', '}', ',', '=', ' ', '\t', '\u00e9', '\u20ac', '\u{1F600}'), fc.string({ minLength: 1, maxLength: 1 })),
  maxLength: 10,
});
const blank = fc.constantFrom(' ', '\t', '  ', ' \t');
const escapeLabel = (v: string) => v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c));

/** A value and one way Prometheus may print it. */
const value: fc.Arbitrary<[number, string]> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(finiteDouble(), fc.boolean()).map(([v, exp]): [number, string] => [v, exp ? v.toExponential() : String(v)]) },
  { weight: 1, arbitrary: fc.constantFrom<[number, string]>([NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'], [Infinity, 'Inf'], [0.25, '0x1p-2']) },
);

const goodLine = fc
  .record({
    name: metricName,
    labels: fc.uniqueArray(fc.tuple(labelName, labelValue), { selector: ([k]) => k, maxLength: 4 }),
    value,
    time: fc.option(fc.integer({ min: -9_000_000_000_000, max: 9_000_000_000_000 })),
    style: fc.tuple(blank, blank, fc.boolean(), fc.boolean()),
  })
  .map(({ name, labels, value: [v, text], time, style: [b1, b2, braces, trailingComma] }) => {
    const pairs = labels.map(([k, val]) => `${k}="${escapeLabel(val)}"`);
    const set = pairs.length > 0 || braces ? `{${pairs.join(',')}${trailingComma && pairs.length > 0 ? ',' : ''}}` : '';
    const expected: PromSample = { name, labels: Object.fromEntries(labels), value: v, timeMs: time ?? DEFAULT_MS };
    return { text: `${name}${set}${b1}${text}${time === null ? '' : b2 + String(time)}`, expected };
  });

/** Lines Prometheus' own parser rejects, each for a known reason. */
const badLine = fc.tuple(identifier(), identifier(), fc.nat(9)).map(([n, l, which]) => [
  `${n}{${l}="open`,
  `${n} notanumber`,
  `${n}{1${l}="x"} 1`,
  `${n} 1 2 3`,
  `${n}{${l}="x"}`,
  `${n} 1 1.5`,
  `{${l}="b"} 1`,
  `${n}{${l}="x\\q"} 1`,
  `${n}{${l}="x",${l}="y"} 1`,
  `${n}-x 1`,
][which] as string);

function assertSample(s: PromSample): void {
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(s.name)) throw new Error(`bad name ${s.name}`);
  for (const [k, v] of Object.entries(s.labels)) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k) || typeof v !== 'string') throw new Error(`bad label ${k}`);
  }
  if (typeof s.value !== 'number') throw new Error('value is not a number');
  if (!Number.isInteger(s.timeMs) || Math.abs(s.timeMs) > 9_223_372_036_854) throw new Error(`bad time ${s.timeMs}`);
}

describe('Prometheus text parser, fuzzed', () => {
  it('never throws on malformed bodies, and what it returns is well-formed and maps to well-formed points', () => {
    const mapper = new NodeExporterMapper({ maxHosts: 3 });
    const line = fc.oneof(junk(ALPHABET, 50), mutated(goodLine.map((g) => g.text), ALPHABET));
    fuzz(
      'prometheus-text: malformed bodies',
      fc.tuple(bodyOf(line), fc.constantFrom('a', 'b', 'c', 'd')),
      ([body, host]) => {
        const r = parsePrometheusText(body, DEFAULT_MS);
        r.samples.forEach(assertSample);
        assertWellFormedErrors(r.errors, lineCount(body));
        if (r.samples.length + r.errors.length !== r.lines) throw new Error('every counted line is a sample or an error');
        for (const p of mapper.map(r.samples, host)) assertWellFormedPoint(p);
      },
      12_000,
    );
  });

  it('in a mix of good and bad lines, returns every good sample by value and reports every bad line by number', () => {
    fuzz(
      'prometheus-text: good/bad batches',
      batchOf(goodLine, badLine),
      (batch) => {
        const r = parsePrometheusText(batch.body, DEFAULT_MS);
        expect(r.samples).toEqual(batch.good.map((g) => g.expected));
        expect(r.errors.map((e) => e.line)).toEqual(batch.bad);
        expect(r.lines).toBe(batch.good.length + batch.bad.length);
      },
      4_000,
    );
  });

  it('maps any node_exporter-like samples to well-formed points, cpu within 0–100, state bounded', () => {
    const names = fc.constantFrom(
      'node_load1', 'node_load5', 'node_load15', 'node_cpu_seconds_total', 'node_filesystem_size_bytes', 'node_filesystem_free_bytes',
      'node_filesystem_avail_bytes', 'node_filesystem_files', 'node_filesystem_files_free', 'node_memory_MemTotal_bytes',
      'node_memory_MemAvailable_bytes', 'node_memory_MemFree_bytes', 'node_memory_Buffers_bytes', 'node_memory_Cached_bytes', 'other',
    );
    const sample: fc.Arbitrary<PromSample> = fc.record({
      name: names,
      labels: fc.record(
        {
          cpu: fc.constantFrom('0', '1', '2'), mode: fc.constantFrom('idle', 'user', 'system', 'iowait'),
          mountpoint: fc.constantFrom('/', '/var', '', 'a\nb'), fstype: fc.constantFrom('ext4', 'tmpfs', 'xfs'),
          device: fc.constantFrom('/dev/sda1', 'rootfs', ''),
        },
        { requiredKeys: [] },
      ),
      value: fc.oneof(fc.double(), fc.integer({ min: 0, max: 1e6 })),
      timeMs: fc.oneof(fc.constant(DEFAULT_MS), fc.integer({ min: DEFAULT_MS, max: DEFAULT_MS + 600_000 }), fc.double()),
    });
    const mapper = new NodeExporterMapper({ maxHosts: 2 });
    fuzz(
      'node-exporter mapping: random samples',
      fc.tuple(fc.array(sample, { maxLength: 30 }), fc.constantFrom('a', 'b', 'c', '', ' ')),
      ([samples, host]) => {
        for (const p of mapper.map(samples, host)) {
          assertWellFormedPoint(p);
          const usage = p.fields.usage_percent;
          if (p.measurement === 'cpu' && (usage?.type !== 'float' || usage.value < 0 || usage.value > 100)) throw new Error('cpu out of range');
        }
        if (mapper.trackedHosts > 2) throw new Error('state not bounded');
      },
      3_000,
    );
  });
});
