import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertWellFormedErrors, assertWellFormedPoint, batchOf, bodyOf, fuzz, identifier, junk, lineCount, mutated,
} from './fuzz-support.ts';
import { parseRtmProbes } from './rtm-probes.ts';

const ALPHABET = '{}[]":,.\\ \t0123456789-+eEmetricvaluestampnull\u00e9';

const metric = fc.oneof(
  fc.constantFrom('rtm.hw.cpu.number', 'os.load.processesup', 'os.load.processesactive', 'rtm.info.uptime'),
  identifier('a-z', 'a-z0-9._-', 20),
  fc.string({ maxLength: 10 }),
);
const probeValue = fc.oneof(fc.integer().map(String), fc.double().map(String), fc.string({ maxLength: 10 }), fc.constant('/usr/bin/x'));

const probeLine = fc
  .record({ metric, timestamp: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.double()), value: probeValue })
  .map((o) => JSON.stringify(o));

describe('RTM probe parser, fuzzed', () => {
  it('never throws on malformed bodies, and what it returns is well-formed', () => {
    const line = fc.oneof(junk(ALPHABET, 60), mutated(probeLine, ALPHABET), fc.json({ maxDepth: 2 }), probeLine);
    fuzz(
      'rtm-probes: malformed bodies',
      fc.tuple(bodyOf(line), fc.constantFrom('h', 'ns1.ovh.net', '', 'a\nb')),
      ([body, host]) => {
        const r = parseRtmProbes(body, host);
        r.points.forEach((p) => assertWellFormedPoint(p));
        assertWellFormedErrors(r.errors, lineCount(body));
      },
      8_000,
    );
  });

  it('in a mix of good and bad lines, keeps every good probe by value and reports every bad line by number', () => {
    // Distinct metric names per line, so each good line is one field of one point.
    const good = fc
      .record({ n: fc.nat(1e9), timestamp: fc.integer({ min: 1, max: 4_000_000_000 }), numeric: fc.boolean(), v: fc.integer({ min: -1e6, max: 1e6 }) })
      .map(({ n, timestamp, numeric, v }) => {
        const metric = `rtm.info.m${n}`;
        const value = numeric ? String(v) : `v${v}`;
        const expected = { metric, timeNs: BigInt(timestamp) * 1_000_000_000n, field: numeric ? { type: 'float', value: v } : { type: 'string', value } };
        return { text: JSON.stringify({ metric, timestamp, value }), expected };
      });
    const bad = fc.tuple(identifier(), fc.nat(5)).map(([m, which]) => [
      `{"metric":"${m}","timestamp":1}`,
      `{"metric":"${m}","value":"1"}`,
      `{"metric":"","timestamp":1,"value":"1"}`,
      `{"metric":"${m}","timestamp":1,"value":"1"`,
      `["${m}"]`,
      `{"metric":"${m}","timestamp":"soon","value":"1"}`,
    ][which] as string);
    fuzz(
      'rtm-probes: good/bad batches',
      batchOf(good, bad, false).filter((b) => new Set(b.good.map((g) => g.expected.metric)).size === b.good.length),
      (batch) => {
        const r = parseRtmProbes(batch.body, 'h');
        expect(r.errors.map((e) => e.line)).toEqual(batch.bad);
        expect(r.lines).toBe(batch.good.length + batch.bad.length);
        const found = r.points.flatMap((p) => Object.entries(p.fields).map(([metric, field]) => ({ metric, timeNs: p.timeNs, field })));
        expect(found).toHaveLength(batch.good.length);
        for (const g of batch.good) expect(found).toContainEqual(g.expected);
      },
      3_000,
    );
  });
});
