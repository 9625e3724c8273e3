import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertWellFormedErrors, assertWellFormedPoint, bodyOf, finiteDouble, fuzz, identifier, junk, lineCount, mutated,
} from './fuzz-support.ts';
import { perfdataToCanonical } from './nagios-mapping.ts';
import { parseNagiosPerfdataFile, parsePerfdata, type PerfItem, type PerfRange } from './nagios-perfdata.ts';

const ALPHABET = "'=;:@~ \t.-+0123456789eEUBKMGTsmu%c/()|";
const T = 1_700_000_000n * 1_000_000_000n;

const label = fc.oneof(
  fc.constantFrom('load1', 'load5', 'load15', '/', '/var', '/ (inodes)', '/var (inodes)', 'rta', 'pl', "it's"),
  fc.string({ minLength: 1, maxLength: 10 }),
);
const uom = fc.constantFrom('', 's', 'ms', 'us', '%', 'B', 'KB', 'kB', 'MB', 'GB', 'TB', 'c', 'MiB', 'bogus');
const num = finiteDouble().filter((d) => Math.abs(d) < 1e300);
const range: fc.Arbitrary<[PerfRange, string]> = fc
  .tuple(fc.boolean(), fc.oneof(fc.constant(-Infinity), num), num)
  .map(([inside, a, b]): [PerfRange, string] => {
    const [start, end] = a <= b ? [a, b] : [b, a];
    const text = `${inside ? '@' : ''}${start === -Infinity ? '~' : String(start)}:${String(end)}`;
    return [{ start, end, inside }, text];
  });

/** A good item and how a plugin might print it (quoted or not, trailing fields dropped or not). */
const goodItem = fc
  .record({ label, value: num, uom, warn: fc.option(range), crit: fc.option(range), min: fc.option(num), max: fc.option(num), quote: fc.boolean() })
  .filter((g) => (g.quote || /^[^'=\s]+$/.test(g.label)) && !/^\s*$/.test(g.label))
  .map((g) => {
    const shownLabel = g.quote ? `'${g.label.replace(/'/g, "''")}'` : g.label;
    const fields = [`${g.value}${g.uom}`, g.warn?.[1] ?? '', g.crit?.[1] ?? '', g.min === null ? '' : String(g.min), g.max === null ? '' : String(g.max)];
    const item: PerfItem = { label: g.label, value: g.value, uom: g.uom };
    if (g.warn) item.warn = g.warn[0];
    if (g.crit) item.crit = g.crit[0];
    if (g.min !== null) item.min = g.min;
    if (g.max !== null) item.max = g.max;
    return { text: `${shownLabel}=${fields.join(';').replace(/;+$/, '')}`, item };
  });

const badItem = fc.tuple(identifier(), fc.nat(5)).map(([l, which]) => [`${l}=x`, `${l}=1;abc`, `${l}`, `${l}=1;;;;5;6`, `${l}=1,5`, `${l}=2;20:10`][which] as string);

describe('Nagios perfdata parser, fuzzed', () => {
  it('never throws on malformed perfdata, and its items map to well-formed points', () => {
    const good = fc.array(goodItem.map((g) => g.text), { maxLength: 5 }).map((items) => items.join(' '));
    fuzz(
      'nagios-perfdata: malformed perfdata',
      fc.oneof(junk(ALPHABET, 80), mutated(good, ALPHABET)),
      (text) => {
        const r = parsePerfdata(text);
        for (const item of r.items) {
          if (item.label === '' || !Number.isFinite(item.value)) throw new Error(`bad item ${JSON.stringify(item)}`);
          for (const rg of [item.warn, item.crit]) if (rg && !(rg.start <= rg.end)) throw new Error('bad range');
        }
        for (const e of r.errors) if (e === '' || e.includes('unexpected parser error')) throw new Error(e);
        for (const p of perfdataToCanonical(r.items, { host: 'h', service: 's', timeNs: T })) assertWellFormedPoint(p);
      },
      8_000,
    );
  });

  it('in a mix of good and bad items, returns every good item by value and one error per bad item', () => {
    const entry = fc.oneof(goodItem.map((g) => ({ good: true as const, ...g })), badItem.map((text) => ({ good: false as const, text })));
    fuzz(
      'nagios-perfdata: good/bad items',
      fc.array(entry, { maxLength: 8 }),
      (entries) => {
        const r = parsePerfdata(entries.map((e) => e.text).join(' '));
        expect(r.items).toEqual(entries.flatMap((e) => (e.good ? [e.item] : [])));
        expect(r.errors).toHaveLength(entries.filter((e) => !e.good).length);
      },
      3_000,
    );
  });

  it('never throws on malformed perfdata files, and what it returns is well-formed', () => {
    const perf = fc.array(goodItem.map((g) => g.text), { maxLength: 4 }).map((items) => items.join(' '));
    const template = fc
      .tuple(fc.integer({ min: 0, max: 9_999_999_999 }), fc.constantFrom('web1', 'db 1', ''), fc.constantFrom('Load', 'Disk /'), perf, fc.nat(3))
      .map(([t, host, service, p, kind]) => [
        `[SERVICEPERFDATA]\t${t}\t${host}\t${service}\t0.01\t0.1\tOK\t${p}`,
        `[HOSTPERFDATA]\t${t}\t${host}\t0.01\tPING OK\t${p}`,
        `DATATYPE::SERVICEPERFDATA\tTIMET::${t}\tHOSTNAME::${host}\tSERVICEDESC::${service}\tSERVICEPERFDATA::${p}`,
        `DATATYPE::HOSTPERFDATA\tTIMET::${t}\tHOSTNAME::${host}\tHOSTPERFDATA::${p}`,
      ][kind] as string);
    const line = fc.oneof(junk(`${ALPHABET}[]\tSERVICEPERFDATAHOST:`, 60), mutated(template, `${ALPHABET}\t[]:`), template);
    fuzz(
      'nagios-perfdata: malformed files',
      bodyOf(line),
      (body) => {
        const r = parseNagiosPerfdataFile(body);
        r.points.forEach((p) => assertWellFormedPoint(p));
        assertWellFormedErrors(r.errors, lineCount(body));
      },
      6_000,
    );
  });
});
