import { describe, expect, it } from 'vitest';
import { cactiToCanonical, parseCactiXport, parseRrdXport, xportToCanonical } from './rrd-xport.ts';

const f = (value: number) => ({ type: 'float', value });

/** `rrdtool xport` XML as rrdtool 1.4 prints it (rrdxport.pod, formats.md §5). */
const XML = `<?xml version="1.0" encoding="ISO-8859-1"?>

<xport>
  <meta>
    <start>1020611700</start>
    <step>300</step>
    <end>1020612600</end>
    <rows>3</rows>
    <columns>2</columns>
    <legend>
      <entry>load_1min</entry>
      <entry>out bytes &amp; more</entry>
    </legend>
  </meta>
  <data>
    <row><t>1020611700</t><v>3.4000000000e+00</v><v>5.4400000000e+01</v></row>
    <row><t>1020612000</t><v>NaN</v><v>-nan</v></row>
    <row><t>1020612300</t><v>2.0000000000e-01</v><v>inf</v></row>
  </data>
</xport>
`;

/** rrdtool 1.4.x --json: a JavaScript literal, not JSON. */
const JSON_14 = `{ about: 'RRDtool xport JSON output',
  meta: {
    start: 1333111500,
    step: 10,
    end: 1333111500,
    legend: [
      'load_1min',
      'load_5min'
          ]
     },
  data: [
    [ 8.7720000000e+00, 7.0000000000e+00 ],
    [ null, 6.5000000000e+00 ],
    [ 9.0540000000e+00, null  ]
  ]
}
`;

/** rrdtool 1.7 --json --showtime: real JSON, the time as a string in the first column. */
const JSON_17 = `{ "about": "RRDtool graph JSON output",
  "meta": {
    "start": 1465466700,
    "end": 1465467300,
    "step": 300,
    "legend": [
      "hdd_used",
      "hdd_total"
          ]
     },
  "data": [
    [ "1465466700",4.0000000000e+06, 1.0000000000e+07 ],
    [ "1465467000",null, 1.0000000000e+07 ]
  ]
}
`;

describe('parseRrdXport', () => {
  it('reads XML: meta, legend entries with entities, <t> times, NaN and Inf as null', () => {
    const x = parseRrdXport(XML);
    expect(x.errors).toEqual([]);
    expect(x).toMatchObject({ format: 'xml', step: 300, legends: ['load_1min', 'out bytes & more'] });
    expect(x.rows).toEqual([
      { timeMs: 1020611700_000, values: [3.4, 54.4] },
      { timeMs: 1020612000_000, values: [null, null] },
      { timeMs: 1020612300_000, values: [0.2, null] },
    ]);
  });

  it('times XML rows without <t> (rrdtool ≥ 1.5) from meta start and step, and reads --enumds columns', () => {
    const x = parseRrdXport(
      '<xport><meta><start>1000</start><step>60</step><legend><entry>a</entry><entry>b</entry></legend></meta>\n' +
        '<data>\n<row><v0>1e+00</v0><v1>2e+00</v1></row>\n<row><v0>3e+00</v0><v1>NaN</v1></row>\n</data></xport>',
    );
    expect(x.errors).toEqual([]);
    expect(x.rows).toEqual([
      { timeMs: 1_000_000, values: [1, 2] },
      { timeMs: 1_060_000, values: [3, null] },
    ]);
  });

  it('reads the rrdtool 1.4 JavaScript-literal JSON, timing rows from meta start and step', () => {
    const x = parseRrdXport(JSON_14);
    expect(x.errors).toEqual([]);
    expect(x).toMatchObject({ format: 'json', step: 10, legends: ['load_1min', 'load_5min'] });
    expect(x.rows).toEqual([
      { timeMs: 1333111500_000, values: [8.772, 7] },
      { timeMs: 1333111510_000, values: [null, 6.5] },
      { timeMs: 1333111520_000, values: [9.054, null] },
    ]);
  });

  it('reads rrdtool 1.7 JSON with --showtime times', () => {
    const x = parseRrdXport(JSON_17);
    expect(x.errors).toEqual([]);
    expect(x.rows).toEqual([
      { timeMs: 1465466700_000, values: [4e6, 1e7] },
      { timeMs: 1465467000_000, values: [null, 1e7] },
    ]);
  });

  it('reports bad rows against their line and keeps the others', () => {
    const xml = XML.replace('<v>5.4400000000e+01</v></row>', '</row>').replace('<t>1020612000</t>', '<t>soon</t>').replace('<v>inf</v>', '<v>x</v>');
    const x = parseRrdXport(xml);
    expect(x.rows).toEqual([]);
    expect(x.errors.map((e) => [e.line, e.reason])).toEqual([
      [16, 'expected 2 values (one per legend entry), got 1'],
      [17, 'bad <t> "soon" (epoch seconds expected)'],
      [18, 'bad value "x" in column 2'],
    ]);
    expect(x.errors[0]?.text).toBe('    <row><t>1020611700</t><v>3.4000000000e+00</v></row>');

    const json = parseRrdXport(JSON_14.replace('[ null, 6.5000000000e+00 ]', '[ "x", 1, 2, 3 ]'));
    expect(json.rows).toHaveLength(2);
    expect(json.errors.map((e) => [e.line, e.reason])).toEqual([[13, 'expected 2 values (one per legend entry), got 4']]);
  });

  it('reports unreadable documents with the line where reading stopped', () => {
    expect(parseRrdXport('').errors[0]?.reason).toBe('empty body');
    expect(parseRrdXport('hello').errors[0]?.reason).toBe('expected rrdtool xport XML (<xport>) or JSON ({…})');
    expect(parseRrdXport('<xport><data></data></xport>').errors[0]?.reason).toBe('missing <meta>…</meta>');
    const broken = parseRrdXport('{ "meta": {\n "step": 10,\n "legend": [ "a" ] },\n "data": [\n [ 1 ],\n [ 2 \n');
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]?.line).toBe(7);
    expect(broken.errors[0]?.reason).toMatch(/^invalid JSON: unterminated array/);
  });
});

describe('cactiToCanonical', () => {
  const T = 1_700_000_000_000;

  it('maps load averages as they are', () => {
    expect(cactiToCanonical('load_15min', 0.7, 'web1', T)).toEqual({
      measurement: 'system', tags: { host: 'web1' }, fields: { load15: f(0.7) }, timeNs: BigInt(T) * 1_000_000n,
    });
  });

  it('maps hdd_* from Cacti kilobytes to bytes, with the mount from the options', () => {
    expect(cactiToCanonical('hdd_used', 1000, 'web1', T, { mount: '/var', device: 'sda2' })).toEqual({
      measurement: 'disk', tags: { host: 'web1', mount: '/var', device: 'sda2' }, fields: { used_bytes: f(1_024_000) }, timeNs: BigInt(T) * 1_000_000n,
    });
    expect(cactiToCanonical('hdd_total', 5, 'web1', T, { mount: '/', diskUnitBytes: 1 })?.fields).toEqual({ total_bytes: f(5) });
    expect(cactiToCanonical('hdd_used', 1000, 'web1', T)).toBeNull();
  });

  it('maps mem_* from kilobytes, and returns null for unknown legends and unusable values', () => {
    expect(cactiToCanonical('mem_total', 4, 'h', T)?.fields).toEqual({ total_bytes: f(4096) });
    expect(cactiToCanonical('mem_buffers', 1, 'h', T)?.fields).toEqual({ buffered_bytes: f(1024) });
    expect(cactiToCanonical('traffic_in', 1, 'h', T)).toBeNull();
    expect(cactiToCanonical('load_1min', NaN, 'h', T)).toBeNull();
    expect(cactiToCanonical('load_1min', 1, '', T)).toBeNull();
    expect(cactiToCanonical('load_1min', 1, 'h', 1e20)).toBeNull();
  });
});

describe('parseCactiXport', () => {
  it('parses and maps in one step, counting good and bad rows', () => {
    const r = parseCactiXport(XML.replace('<v>NaN</v>', '<v>bad</v>'), 'web1');
    expect(r.points.map((p) => p.fields)).toEqual([{ load1: f(3.4) }, { load1: f(0.2) }]);
    expect(r.errors.map((e) => e.line)).toEqual([17]);
    expect(r.lines).toBe(3);
  });
});

describe('xportToCanonical', () => {
  it('merges a row into one point per measurement and derives used bytes and percentages', () => {
    const x = parseRrdXport(
      '<xport><meta><start>1000</start><step>300</step><legend>' +
        '<entry>mem_total</entry><entry>mem_free</entry><entry>mem_buffers</entry><entry>mem_cache</entry>' +
        '<entry>hdd_used</entry><entry>hdd_free</entry><entry>load_1min</entry><entry>ssCpuIdle</entry>' +
        '</legend></meta><data><row><t>1000</t><v>1000</v><v>100</v><v>50</v><v>250</v><v>300</v><v>100</v><v>0.5</v><v>90</v></row></data></xport>',
    );
    expect(x.errors).toEqual([]);
    expect(xportToCanonical(x, 'web1', { mount: '/' })).toEqual([
      {
        measurement: 'mem', tags: { host: 'web1' }, timeNs: 1_000_000_000_000n,
        fields: {
          total_bytes: f(1_024_000), free_bytes: f(102_400), buffered_bytes: f(51_200), cached_bytes: f(256_000),
          used_bytes: f(614_400), used_percent: f(60),
        },
      },
      {
        measurement: 'disk', tags: { host: 'web1', mount: '/' }, timeNs: 1_000_000_000_000n,
        fields: { used_bytes: f(307_200), free_bytes: f(102_400), used_percent: f(75) },
      },
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(0.5) }, timeNs: 1_000_000_000_000n },
    ]);
  });
});
