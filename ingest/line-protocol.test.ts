import { describe, it, expect } from 'vitest';
import type { MetricPoint } from '../core/schema.ts';
import { PRECISIONS, parseLineProtocol, type Precision } from './line-protocol.ts';

const NOW = 1_700_000_000_123_456_789n;

const parse = (body: string, precision: Precision = 'ns') => parseLineProtocol(body, { precision, nowNs: NOW });

/** The one point a good line gives; fails the test with the reason if the line is rejected. */
function one(line: string, precision: Precision = 'ns'): MetricPoint {
  const r = parse(line, precision);
  expect(r.errors).toEqual([]);
  expect(r.points).toHaveLength(1);
  return r.points[0] as MetricPoint;
}

/** The reason a bad line is rejected with. */
function reason(line: string, precision: Precision = 'ns'): string {
  const r = parse(line, precision);
  expect(r.points).toEqual([]);
  expect(r.errors).toHaveLength(1);
  return r.errors[0]?.reason ?? '';
}

const f = (value: number) => ({ type: 'float', value });
const i = (value: bigint) => ({ type: 'int', value });
const u = (value: bigint) => ({ type: 'uint', value });
const s = (value: string) => ({ type: 'string', value });
const b = (value: boolean) => ({ type: 'bool', value });

describe('Telegraf README lines (formats.md §3)', () => {
  it('parses cpu', () => {
    const p = one(
      'cpu,cpu=cpu-total,host=loaner usage_active=17.61,usage_guest=1.03,usage_guest_nice=0,usage_idle=82.38,usage_iowait=0,usage_irq=0,usage_nice=0,usage_softirq=1.03,usage_steal=0,usage_system=4.14,usage_user=11.39 1568760922000000000',
    );
    expect(p.measurement).toBe('cpu');
    expect(p.tags).toEqual({ cpu: 'cpu-total', host: 'loaner' });
    expect(p.fields).toEqual({
      usage_active: f(17.61), usage_guest: f(1.03), usage_guest_nice: f(0), usage_idle: f(82.38), usage_iowait: f(0),
      usage_irq: f(0), usage_nice: f(0), usage_softirq: f(1.03), usage_steal: f(0), usage_system: f(4.14), usage_user: f(11.39),
    });
    expect(p.timeNs).toBe(1568760922000000000n);
  });

  it('parses mem with integer byte counts and float percentages', () => {
    const p = one(
      'mem active=9299595264i,available=16818249728i,available_percent=80.41,buffered=2383761408i,cached=13316689920i,free=1877688320i,total=20913917952i,used=3335778304i,used_percent=15.95 1574712869000000000',
    );
    expect(p.measurement).toBe('mem');
    expect(p.tags).toEqual({});
    expect(p.fields).toEqual({
      active: i(9299595264n), available: i(16818249728n), available_percent: f(80.41), buffered: i(2383761408n),
      cached: i(13316689920n), free: i(1877688320n), total: i(20913917952n), used: i(3335778304n), used_percent: f(15.95),
    });
    expect(p.timeNs).toBe(1574712869000000000n);
  });

  it('parses disk with its five tags', () => {
    const p = one(
      'disk,device=dm-1,fstype=xfs,label=lvg-lv,mode=rw,path=/mnt free=16959598592i,inodes_free=8388605i,inodes_total=8388608i,inodes_used=3i,total=17112760320i,used=153161728i,used_percent=0.895 1677001387000000000',
    );
    expect(p.tags).toEqual({ device: 'dm-1', fstype: 'xfs', label: 'lvg-lv', mode: 'rw', path: '/mnt' });
    expect(p.fields).toEqual({
      free: i(16959598592n), inodes_free: i(8388605n), inodes_total: i(8388608n), inodes_used: i(3n),
      total: i(17112760320n), used: i(153161728n), used_percent: f(0.895),
    });
    expect(p.timeNs).toBe(1677001387000000000n);
  });

  it('parses the three legacy system lines, including uptime_format with a comma and spaces', () => {
    const r = parse(
      [
        'system,host=tyrion load1=3.72,load5=2.4,load15=2.1,n_users=3i,n_cpus=4i 1483964144000000000',
        'system,host=tyrion uptime=1249632i 1483964144000000000',
        'system,host=tyrion uptime_format="14 days, 11:07" 1483964144000000000',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.lines).toBe(3);
    expect(r.points.map((p) => p.fields)).toEqual([
      { load1: f(3.72), load5: f(2.4), load15: f(2.1), n_users: i(3n), n_cpus: i(4n) },
      { uptime: i(1249632n) },
      { uptime_format: s('14 days, 11:07') },
    ]);
    for (const p of r.points) {
      expect(p.measurement).toBe('system');
      expect(p.tags).toEqual({ host: 'tyrion' });
      expect(p.timeNs).toBe(1483964144000000000n);
    }
  });

  it('parses diskio', () => {
    const p = one(
      'diskio,name=sda1 merged_reads=0i,reads=2353i,writes=10i,write_bytes=2117632i,write_time=49i,io_time=1271i,weighted_io_time=1350i,read_bytes=31350272i,read_time=1303i,iops_in_progress=0i,merged_writes=0i 1578326400000000000',
    );
    expect(p.tags).toEqual({ name: 'sda1' });
    expect(Object.keys(p.fields)).toHaveLength(11);
    expect(p.fields.read_bytes).toEqual(i(31350272n));
    expect(p.timeNs).toBe(1578326400000000000n);
  });
});

describe('line-protocol syntax (formats.md §6)', () => {
  it('parses measurement, tags, fields and timestamp', () => {
    const p = one('myMeasurement,tag1=value1,tag2=value2 fieldKey="fieldValue" 1556813561098000000');
    expect(p).toEqual({
      measurement: 'myMeasurement',
      tags: { tag1: 'value1', tag2: 'value2' },
      fields: { fieldKey: s('fieldValue') },
      timeNs: 1556813561098000000n,
    });
  });

  it('allows no tags and no timestamp: the point gets nowNs', () => {
    expect(one('cpu value=1')).toEqual({ measurement: 'cpu', tags: {}, fields: { value: f(1) }, timeNs: NOW });
  });

  it('does not scale nowNs by the precision', () => {
    expect(one('cpu value=1', 's').timeNs).toBe(NOW);
  });

  it('keeps non-ASCII names and values', () => {
    const p = one('température,pièce=séjour valeur="21 °C",😀=1i');
    expect(p.measurement).toBe('température');
    expect(p.tags).toEqual({ pièce: 'séjour' });
    expect(p.fields).toEqual({ valeur: s('21 °C'), '😀': i(1n) });
  });

  it('lets the last of duplicate field keys win', () => {
    expect(one('cpu v=1,w=2,v=3i').fields).toEqual({ v: i(3n), w: f(2) });
  });

  it('accepts repeated spaces between sections and trailing spaces, as InfluxDB 1.x does', () => {
    const p = one('cpu,host=a   v=1   123   ');
    expect(p.fields).toEqual({ v: f(1) });
    expect(p.timeNs).toBe(123n);
    expect(one('cpu v=1 ').timeNs).toBe(NOW);
  });

  it('keeps a tag or field named __proto__ as an ordinary own key', () => {
    const p = one('m,__proto__=x __proto__=1i,constructor=2i');
    expect(Object.hasOwn(p.tags, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(p.tags, '__proto__')?.value).toBe('x');
    expect(Object.getOwnPropertyDescriptor(p.fields, '__proto__')?.value).toEqual(i(1n));
    expect(Object.keys(p.fields)).toEqual(['__proto__', 'constructor']);
  });

  it('accepts tag keys shaped like Object.prototype members, and still detects their duplicates', () => {
    expect(one('m,constructor=a,toString=b v=1').tags).toEqual({ constructor: 'a', toString: 'b' });
    expect(reason('m,constructor=a,constructor=b v=1')).toBe('duplicate tag "constructor"');
  });
});

describe('escaping', () => {
  it('unescapes comma and space in measurements; "=" needs no escape there', () => {
    expect(one('my\\ measurement v=1').measurement).toBe('my measurement');
    expect(one('cpu\\,x v=1').measurement).toBe('cpu,x');
    expect(one('a=b v=1').measurement).toBe('a=b');
    expect(one('a\\=b v=1').measurement).toBe('a\\=b');
  });

  it('unescapes comma, space and "=" in tag keys and tag values', () => {
    const p = one('m,tag\\ key=a\\ b,tag\\,key=c\\,d,tag\\=key=e\\=f v=1');
    expect(p.tags).toEqual({ 'tag key': 'a b', 'tag,key': 'c,d', 'tag=key': 'e=f' });
  });

  it('unescapes comma, space and "=" in field keys', () => {
    const p = one('m field\\ key=1,field\\,key=2,field\\=key=3');
    expect(p.fields).toEqual({ 'field key': f(1), 'field,key': f(2), 'field=key': f(3) });
  });

  it('keeps a backslash before any other character literally', () => {
    const p = one('m\\x,path=C:\\dir\\sub,twice=a\\\\b k\\y="C:\\path\\n" 1');
    expect(p.measurement).toBe('m\\x');
    expect(p.tags).toEqual({ path: 'C:\\dir\\sub', twice: 'a\\\\b' });
    // Telegraf sends a newline inside a string as the two characters \n; InfluxDB stores them as such.
    expect(p.fields).toEqual({ 'k\\y': s('C:\\path\\n') });
  });

  it('unescapes \\" and \\\\ in string fields', () => {
    const p = one('m a="say \\"hi\\"",b="back\\\\slash",c="ends with \\\\",d=""');
    expect(p.fields).toEqual({ a: s('say "hi"'), b: s('back\\slash'), c: s('ends with \\'), d: s('') });
  });

  it('lets quoted strings hold spaces, commas and "="', () => {
    const p = one('m msg="a, b=c d",n=1i 5');
    expect(p.fields).toEqual({ msg: s('a, b=c d'), n: i(1n) });
    expect(p.timeNs).toBe(5n);
  });

  it('does not treat quotes specially outside field values', () => {
    expect(one('"m",t="v" "k"=1').tags).toEqual({ t: '"v"' });
    expect(one('"m",t="v" "k"=1').fields).toEqual({ '"k"': f(1) });
  });
});

describe('field types', () => {
  it('parses floats in every spelling InfluxDB accepts', () => {
    const p = one('m a=1,b=1.0,c=-1.2e+78,d=.5,e=-.5,g=1.,h=1E5,j=2e-3,k=007,l=-0');
    expect(p.fields).toEqual({
      a: f(1), b: f(1), c: f(-1.2e78), d: f(0.5), e: f(-0.5), g: f(1), h: f(1e5), j: f(0.002), k: f(7), l: f(-0),
    });
  });

  it('parses integers and unsigned integers', () => {
    expect(one('m a=1i,b=-1i,c=0i,d=-0i,e=1u,g=0u').fields).toEqual({
      a: i(1n), b: i(-1n), c: i(0n), d: i(0n), e: u(1n), g: u(0n),
    });
  });

  it('accepts int64 min and max, uint64 max, and rejects one beyond', () => {
    expect(one('m v=9223372036854775807i').fields.v).toEqual(i(9223372036854775807n));
    expect(one('m v=-9223372036854775808i').fields.v).toEqual(i(-9223372036854775808n));
    expect(one('m v=18446744073709551615u').fields.v).toEqual(u(18446744073709551615n));
    expect(reason('m v=9223372036854775808i')).toBe('integer out of range for key "v": 9223372036854775808i');
    expect(reason('m v=-9223372036854775809i')).toBe('integer out of range for key "v": -9223372036854775809i');
    expect(reason('m v=18446744073709551616u')).toBe('unsigned integer out of range for key "v": 18446744073709551616u');
    expect(reason('m v=-1u')).toBe('negative unsigned integer for key "v": -1u');
  });

  it('parses every boolean spelling', () => {
    const p = one('m a=t,b=T,c=true,d=True,e=TRUE,g=f,h=F,j=false,k=False,l=FALSE');
    expect(Object.values(p.fields)).toEqual([b(true), b(true), b(true), b(true), b(true), b(false), b(false), b(false), b(false), b(false)]);
  });

  it('rejects other spellings of booleans', () => {
    for (const v of ['tRUE', 'yes', 'on', 'truee', 'FaLsE']) {
      expect(reason(`m v=${v}`)).toBe(`invalid field value for key "v": ${v}`);
    }
  });

  it('rejects NaN and Inf with a hint', () => {
    for (const v of ['NaN', 'nan', 'Inf', 'inf', '-Inf', 'Infinity', '-infinity']) {
      expect(reason(`m v=${v}`)).toBe(`invalid field value for key "v": ${v} (NaN and Inf are not valid field values)`);
    }
  });

  it('rejects malformed numbers', () => {
    for (const v of ['1.1.1', '1e', '1e+', '1.5i', '1e5i', '+1', '0x10', '--1', '1_000', '-', '.', '-i', 'i1', '1i2', '1ii', '1.0u', '12abc']) {
      expect(reason(`m v=${v}`), v).toBe(`invalid field value for key "v": ${v}`);
    }
  });

  it('gives exactly Number(text) for decimals of every length, on the fast path and off it', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const tokens: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const digits = Array.from({ length: 1 + Math.floor(random() * 19) }, () => String(Math.floor(random() * 10))).join('');
      const point = Math.floor(random() * (digits.length + 1));
      const sign = random() < 0.3 ? '-' : '';
      tokens.push(`${sign}${digits.slice(0, point)}.${digits.slice(point)}`.replace(/\.$/, random() < 0.5 ? '.' : ''));
    }
    const r = parse(tokens.map((t) => `m v=${t}`).join('\n'));
    expect(r.errors).toEqual([]);
    r.points.forEach((p, n) => expect(Object.is(p.fields.v?.value, Number(tokens[n])), tokens[n]).toBe(true));
  });

  it('rejects floats beyond float64 range', () => {
    expect(reason('m v=1e400')).toBe('float out of range for key "v": 1e400');
  });
});

describe('timestamps and precision', () => {
  const cases: [Precision, string, bigint][] = [
    ['ns', '1568760922123456789', 1568760922123456789n],
    ['us', '1568760922123456', 1568760922123456000n],
    ['ms', '1568760922123', 1568760922123000000n],
    ['s', '1568760922', 1568760922000000000n],
    ['m', '26146015', 1568760900000000000n],
    ['h', '435766', 1568757600000000000n],
  ];
  for (const [precision, ts, ns] of cases) {
    it(`scales precision ${precision} exactly`, () => {
      expect(one(`m v=1 ${ts}`, precision).timeNs).toBe(ns);
    });
  }

  it('keeps big nanosecond timestamps exact (beyond 2^53)', () => {
    expect(one('m v=1 1568760922000000001').timeNs).toBe(1568760922000000001n);
  });

  it('accepts negative timestamps', () => {
    expect(one('m v=1 -1').timeNs).toBe(-1n);
    expect(one('m v=1 -1', 's').timeNs).toBe(-1_000_000_000n);
  });

  it('accepts the edges of InfluxDB time range and rejects beyond them', () => {
    expect(one('m v=1 9223372036854775806').timeNs).toBe(9223372036854775806n);
    expect(one('m v=1 -9223372036854775806').timeNs).toBe(-9223372036854775806n);
    expect(reason('m v=1 9223372036854775807')).toMatch(/^timestamp out of range: 9223372036854775807 /);
    expect(reason('m v=1 -9223372036854775807')).toMatch(/^timestamp out of range/);
    expect(reason('m v=1 1568760922000000000', 's')).toMatch(/^timestamp out of range: 1568760922000000000 \(precision s/);
  });

  it('rejects timestamps that are not integers', () => {
    for (const ts of ['abc', '1.5', '1e9', '-', '12a', '+5', '0x1']) expect(reason(`m v=1 ${ts}`), ts).toBe(`bad timestamp "${ts}"`);
  });

  it('rejects text after the timestamp', () => {
    expect(reason('m v=1 12 34')).toBe('unexpected text after timestamp');
  });

  it('maps every accepted precision query value', () => {
    expect({ ...PRECISIONS }).toEqual({ n: 'ns', ns: 'ns', u: 'us', us: 'us', 'µ': 'us', ms: 'ms', s: 's', m: 'm', h: 'h' });
    expect(PRECISIONS.constructor).toBeUndefined();
    expect(PRECISIONS.toString).toBeUndefined();
    expect(PRECISIONS.x).toBeUndefined();
  });
});

describe('bad lines', () => {
  const bad: [string, string][] = [
    ['cpu', 'missing field set'],
    ['cpu,host=a', 'missing field set'],
    ['cpu ', 'missing field set'],
    ['cpu\\ v=1', 'missing field set'],
    [',host=a v=1', 'measurement name is empty'],
    ['cpu,host= v=1', 'empty tag value for key "host"'],
    ['cpu,host=,dc=x v=1', 'empty tag value for key "host"'],
    ['cpu,=a v=1', 'empty tag key'],
    ['cpu,host=a, v=1', 'empty tag key'],
    ['cpu, v=1', 'empty tag key'],
    ['cpu,host v=1', 'missing tag value for key "host"'],
    ['cpu,host=a=b v=1', 'unescaped "=" in tag value for key "host"'],
    ['cpu,host=a,host=b v=1', 'duplicate tag "host"'],
    ['cpu,time=1 v=1', 'tag key "time" is not allowed'],
    ['cpu v', 'missing "=" and value after field key "v"'],
    ['cpu v,w=1', 'missing "=" and value after field key "v"'],
    ['cpu =1', 'empty field key'],
    ['cpu v=1,,w=2', 'empty field key'],
    ['cpu v=1,=2', 'empty field key'],
    ['cpu v=', 'missing value for field "v"'],
    ['cpu v=,w=1', 'missing value for field "v"'],
    ['cpu v= 1', 'missing value for field "v"'],
    ['cpu v=1,', 'trailing comma in field set'],
    ['cpu v=1, 5', 'trailing comma in field set'],
    ['cpu v="abc', 'unterminated string field for key "v"'],
    ['cpu v="abc\\"', 'unterminated string field for key "v"'],
    ['cpu v="a"b', 'unexpected text after string field "v"'],
    ['cpu time=1', 'field key "time" is not allowed (it was the only field)'],
  ];
  for (const [line, why] of bad) {
    it(`rejects ${JSON.stringify(line)}: ${why}`, () => {
      expect(reason(line)).toBe(why);
    });
  }

  it('drops a field named time but keeps the point, as InfluxDB does', () => {
    expect(one('cpu time=1,v=2').fields).toEqual({ v: f(2) });
  });

  it('reports the offending line, truncated to 200 characters', () => {
    const long = `cpu v="${'x'.repeat(300)}`;
    const r = parse(long);
    expect(r.errors[0]?.text).toBe(long.slice(0, 200));
    expect(r.errors[0]?.reason).toBe('unterminated string field for key "v"');
  });

  it('does not cut a surrogate pair in half when truncating', () => {
    const long = `${'a'.repeat(199)}😀 ${'b'.repeat(20)}`;
    expect(parse(long).errors[0]?.text).toBe('a'.repeat(199));
  });
});

describe('batches', () => {
  it('reports 1-based line numbers for bad lines and keeps every good point', () => {
    const body = [
      '# Telegraf batch', //               1 comment
      'cpu,host=a usage_idle=90 1', //     2 good
      '', //                               3 blank
      'cpu,host=a usage_idle=', //         4 bad
      'mem,host=a used=1i 2', //           5 good
      '   ', //                            6 blank
      'disk,host=a,path=/ used="x 3', //   7 bad
      'system,host=a load1=0.5 3', //      8 good
      'system,host=a load1=0.5 3.5', //    9 bad
      '\t  # indented comment', //         10 comment
      'net,host=a bytes_recv=7i 4', //     11 good
    ].join('\n');
    const r = parse(body);
    expect(r.lines).toBe(7);
    expect(r.points.map((p) => p.measurement)).toEqual(['cpu', 'mem', 'system', 'net']);
    expect(r.points.map((p) => p.timeNs)).toEqual([1n, 2n, 3n, 4n]);
    expect(r.errors).toEqual([
      { line: 4, reason: 'missing value for field "usage_idle"', text: 'cpu,host=a usage_idle=' },
      { line: 7, reason: 'unterminated string field for key "used"', text: 'disk,host=a,path=/ used="x 3' },
      { line: 9, reason: 'bad timestamp "3.5"', text: 'system,host=a load1=0.5 3.5' },
    ]);
  });

  it('handles CRLF line endings, including a final one', () => {
    const r = parse('cpu v=1 1\r\nmem v="a b" 2\r\n\r\nbad\r\n');
    expect(r.points.map((p) => [p.measurement, p.fields.v, p.timeNs])).toEqual([
      ['cpu', f(1), 1n],
      ['mem', s('a b'), 2n],
    ]);
    expect(r.errors).toEqual([{ line: 4, reason: 'missing field set', text: 'bad' }]);
  });

  it('trims leading spaces and tabs', () => {
    expect(one(' \t cpu v=1').measurement).toBe('cpu');
  });

  it('gives nothing for empty, blank and comment-only bodies', () => {
    for (const body of ['', '\n', '\r\n\r\n', '# a\n  # b\n\t\n']) {
      expect(parse(body)).toEqual({ points: [], errors: [], lines: 0 });
    }
  });

  it('parses a 100k-line Telegraf body completely (speed is measured in bench/, not here)', () => {
    const lines = [
      'cpu,cpu=cpu-total,host=web-01 usage_guest=0,usage_idle=82.38,usage_iowait=0.1,usage_system=4.14,usage_user=11.39 1568760922000000000',
      'mem,host=web-01 available=16818249728i,total=20913917952i,used=3335778304i,used_percent=15.95 1574712869000000000',
      'disk,device=sda1,fstype=ext4,host=web-01,mode=rw,path=/ free=16959598592i,inodes_used=3i,total=17112760320i,used=153161728i,used_percent=0.895 1677001387000000000',
      'system,host=web-01 load1=3.72,load5=2.4,load15=2.1,n_users=3i,n_cpus=4i 1483964144000000000',
    ];
    const r = parse(Array.from({ length: 100_000 }, (_, n) => lines[n % 4]).join('\n'));
    expect(r.errors).toEqual([]);
    expect(r.points).toHaveLength(100_000);
    expect(r.points[99_999]?.fields.n_cpus).toEqual({ type: 'int', value: 4n });
  });
});
