import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertWellFormedErrors, assertWellFormedPoint, finiteDouble, fuzz, junk, lineCount, mutated } from './fuzz-support.ts';
import { cactiToCanonical, parseRrdXport, xportToCanonical, type RrdRow, type RrdXport } from './rrd-xport.ts';

const XML_ALPHABET = '<>/=" \n\t&;0123456789.eE+-NaInfxportmetarowvtdlegndy';
const JSON_ALPHABET = `{}[]:,'" \n\t0123456789.eE+-nulNaInfmetadastrpg`;
const LEGENDS = ['load_1min', 'load_5min', 'load_15min', 'hdd_used', 'hdd_total', 'hdd_free', 'mem_total', 'mem_free', 'mem_buffers', 'mem_cache', 'traffic_in'];

/** A document's content: legends, a start, a step, rows of values (null = NaN). */
const content = fc
  .record({
    legends: fc.uniqueArray(fc.constantFrom(...LEGENDS), { minLength: 1, maxLength: 4 }),
    start: fc.integer({ min: 315_532_800, max: 4_000_000_000 }),
    step: fc.constantFrom(1, 60, 300, 86_400),
    rowCount: fc.nat(6),
  })
  .chain((c) =>
    fc.record({
      legends: fc.constant(c.legends),
      start: fc.constant(c.start),
      step: fc.constant(c.step),
      values: fc.array(fc.array(fc.option(finiteDouble(), { freq: 4 }), { minLength: c.legends.length, maxLength: c.legends.length }), {
        minLength: c.rowCount, maxLength: c.rowCount,
      }),
      showTime: fc.boolean(),
    }),
  );

type Content = typeof content extends fc.Arbitrary<infer C> ? C : never;

/** As rrdtool prints values: %0.10e. */
const num = (v: number | null) => (v === null ? 'NaN' : v.toExponential(10));
/** What a printed value reads back as: ±Inf (a value rounded past the double range) is unknown too. */
const printed = (v: number | null) => (v === null || !Number.isFinite(Number(num(v))) ? null : Number(num(v)));

function toXml(c: Content): string {
  const rows = c.values.map((vs, i) => `    <row>${c.showTime ? `<t>${c.start + i * c.step}</t>` : ''}${vs.map((v) => `<v>${num(v)}</v>`).join('')}</row>`);
  return `<?xml version="1.0" encoding="ISO-8859-1"?>\n\n<xport>\n  <meta>\n    <start>${c.start}</start>\n    <step>${c.step}</step>\n` +
    `    <legend>\n${c.legends.map((l) => `      <entry>${l}</entry>`).join('\n')}\n    </legend>\n  </meta>\n  <data>\n${rows.join('\n')}\n  </data>\n</xport>\n`;
}

function toJson(c: Content): string {
  const rows = c.values.map((vs, i) => `    [ ${c.showTime ? `"${c.start + i * c.step}",` : ''}${vs.map((v) => (v === null ? 'null' : num(v))).join(', ')} ]`);
  return `{ "about": "RRDtool graph JSON output",\n  "meta": {\n    "start": ${c.start},\n    "step": ${c.step},\n` +
    `    "legend": [\n${c.legends.map((l) => `      "${l}"`).join(',\n')}\n          ]\n     },\n  "data": [\n${rows.join(',\n')}\n  ]\n}\n`;
}

function assertWellFormedXport(x: RrdXport, body: string): void {
  assertWellFormedErrors(x.errors, lineCount(body) + 1);
  for (const row of x.rows) {
    if (!Number.isFinite(row.timeMs)) throw new Error('bad row time');
    if (row.values.length !== x.legends.length) throw new Error('row width differs from the legend');
    for (const v of row.values) if (v !== null && !Number.isFinite(v)) throw new Error('non-finite value');
  }
  for (const p of xportToCanonical(x, 'h', { mount: '/' })) assertWellFormedPoint(p);
}

describe('rrdtool xport parser, fuzzed', () => {
  it('never throws on malformed XML, and what it returns is well-formed', () => {
    const body = fc.oneof(junk(XML_ALPHABET, 120), mutated(content.map(toXml), XML_ALPHABET), mutated(mutated(content.map(toXml), XML_ALPHABET), XML_ALPHABET));
    fuzz('rrd-xport: malformed XML', body, (b) => assertWellFormedXport(parseRrdXport(b), b), 6_000);
  });

  it('never throws on malformed JSON (both rrdtool dialects), and what it returns is well-formed', () => {
    const js14 = content.map((c) => toJson(c).replace(/"(about|meta|start|step|legend|data)"/g, '$1').replace(/"/g, "'"));
    const body = fc.oneof(junk(JSON_ALPHABET, 120), mutated(content.map(toJson), JSON_ALPHABET), mutated(js14, JSON_ALPHABET));
    fuzz('rrd-xport: malformed JSON', body, (b) => assertWellFormedXport(parseRrdXport(b), b), 6_000);
  });

  it('reads every row of good XML and JSON documents by value and time', () => {
    fuzz(
      'rrd-xport: good documents',
      fc.tuple(content, fc.boolean()),
      ([c, xml]) => {
        const x = parseRrdXport(xml ? toXml(c) : toJson(c));
        const expected: RrdRow[] = c.values.map((vs, i) => ({ timeMs: (c.start + i * c.step) * 1000, values: vs.map(printed) }));
        expect(x.errors).toEqual([]);
        expect(x.legends).toEqual(c.legends);
        expect(x.rows).toEqual(expected);
      },
      2_000,
    );
  });

  it('maps any Cacti legend and value to null or a well-formed point', () => {
    fuzz(
      'cacti mapping: random values',
      fc.tuple(
        fc.oneof(fc.constantFrom(...LEGENDS, ' LOAD_1MIN ', 'hdd_used\n'), fc.string({ maxLength: 8 })),
        fc.double(),
        fc.constantFrom('h', '', ' ', 'a\nb'),
        fc.oneof(fc.double(), fc.integer({ min: 0, max: 4e12 })),
        fc.record({ mount: fc.constantFrom('/', '', '/var\n'), diskUnitBytes: fc.double() }, { requiredKeys: [] }),
      ),
      ([legend, value, host, timeMs, options]) => {
        const p = cactiToCanonical(legend, value, host, timeMs, options);
        if (p !== null) assertWellFormedPoint(p);
      },
      3_000,
    );
  });
});
