import { describe, expect, it } from 'vitest';
import { perfdataToCanonical, toBaseUnit } from './nagios-mapping.ts';
import { parseNagiosPerfdataFile, parsePerfdata, parsePerfRange } from './nagios-perfdata.ts';

const f = (value: number) => ({ type: 'float', value });
const MIB = 1024 * 1024;
const T = 1_700_000_000n * 1_000_000_000n;
const ctx = { host: 'web1', service: 'Check', timeNs: T };

// Plugin output as monitoring-plugins prints it (formats.md §5); the perfdata is after the '|'.
const LOAD_V23 = 'load1=0.210;15.000;30.000;0; load5=0.150;10.000;25.000;0; load15=0.100;5.000;20.000;0; ';
const LOAD_V3 = "'load1'=0.21;~:100.0;~:100.0;0; 'load5'=0.15;~:100.0;~:100.0;0; 'load15'=0.1;~:100.0;~:100.0;0;";
const DISK_V22 = '/=2643MB;5948;5958;0;5968 /boot=68MB;88;93;0;98';
const DISK_V23 = "/=412090368B;826277888;929562624;0;1032847360 '/ (inodes)'=2449;;;0;155518";
const DISK_V3 = "'/'=569763840B;@~:206729625.600000;@~:103364812.800000;0;1033648128";

describe('parsePerfdata', () => {
  it('reads check_load 2.3 output, trailing empty fields and all', () => {
    const r = parsePerfdata(LOAD_V23);
    expect(r.errors).toEqual([]);
    expect(r.items[0]).toEqual({
      label: 'load1', value: 0.21, uom: '',
      warn: { start: 0, end: 15, inside: false }, crit: { start: 0, end: 30, inside: false }, min: 0,
    });
    expect(r.items.map((i) => i.label)).toEqual(['load1', 'load5', 'load15']);
  });

  it('reads check_load 3 output: quoted labels and ~: ranges', () => {
    const r = parsePerfdata(LOAD_V3);
    expect(r.errors).toEqual([]);
    expect(r.items[2]).toEqual({
      label: 'load15', value: 0.1, uom: '',
      warn: { start: -Infinity, end: 100, inside: false }, crit: { start: -Infinity, end: 100, inside: false }, min: 0,
    });
  });

  it('reads check_disk 2.2 (MB), 2.3 (B, inodes) and 3 (@ ranges) items', () => {
    expect(parsePerfdata(DISK_V22).items[0]).toEqual({
      label: '/', value: 2643, uom: 'MB', warn: { start: 0, end: 5948, inside: false }, crit: { start: 0, end: 5958, inside: false }, min: 0, max: 5968,
    });
    expect(parsePerfdata(DISK_V23).items[1]).toEqual({ label: '/ (inodes)', value: 2449, uom: '', min: 0, max: 155518 });
    expect(parsePerfdata(DISK_V3).items[0]?.warn).toEqual({ start: -Infinity, end: 206729625.6, inside: true });
  });

  it("unquotes labels ('' is a quote), skips U without an error, and parses every range form", () => {
    const r = parsePerfdata("'it''s a test'=1s 'x'=U;1;2 rta=0.5ms;;;; plain=3c");
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => [i.label, i.value, i.uom])).toEqual([["it's a test", 1, 's'], ['rta', 0.5, 'ms'], ['plain', 3, 'c']]);
    expect(parsePerfRange('10')).toEqual({ start: 0, end: 10, inside: false });
    expect(parsePerfRange('10:')).toEqual({ start: 10, end: Infinity, inside: false });
    expect(parsePerfRange('~:10')).toEqual({ start: -Infinity, end: 10, inside: false });
    expect(parsePerfRange('10:20')).toEqual({ start: 10, end: 20, inside: false });
    expect(parsePerfRange('@10:20')).toEqual({ start: 10, end: 20, inside: true });
  });

  it('reports a bad item by label and keeps the items around it', () => {
    const r = parsePerfdata("a=1 b=x c=1,5 d=1;abc e=1;;;;5;6 noequals 'f'g=1 h=2;20:10 i=3MB;;;0MB;8MB 'open=1");
    expect(r.items.map((i) => [i.label, i.value])).toEqual([['a', 1], ['i', 3]]);
    expect(r.items[1]).toMatchObject({ min: 0, max: 8 });
    expect(r.errors).toEqual([
      "'b': bad value \"x\"",
      "'c': decimal comma in value \"1,5\"",
      "'d': bad threshold \"abc\"",
      "'e': more than 5 \";\"-separated fields",
      'missing "=" in "noequals"',
      'missing "=" after label \'f\'',
      "'h': threshold start above its end: 20:10",
      "unterminated quoted label 'open=1",
    ]);
  });
});

describe('perfdataToCanonical', () => {
  it('maps check_load to system load1/5/15', () => {
    expect(perfdataToCanonical(parsePerfdata(LOAD_V3).items, ctx)).toEqual([
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(0.21), load5: f(0.15), load15: f(0.1) }, timeNs: T },
    ]);
  });

  it('maps check_disk 2.2: MB are 1024 × 1024 bytes, max is the size', () => {
    const points = perfdataToCanonical(parsePerfdata(DISK_V22).items, ctx);
    expect(points[0]).toEqual({
      measurement: 'disk', tags: { host: 'web1', mount: '/' }, timeNs: T,
      fields: { used_bytes: f(2643 * MIB), total_bytes: f(5968 * MIB), used_percent: f((2643 / 5968) * 100) },
    });
    expect(points[1]?.tags).toEqual({ host: 'web1', mount: '/boot' });
  });

  it('maps check_disk 2.3: bytes, and the inode item', () => {
    expect(perfdataToCanonical(parsePerfdata(DISK_V23).items, ctx)).toEqual([
      {
        measurement: 'disk', tags: { host: 'web1', mount: '/' }, timeNs: T,
        fields: {
          used_bytes: f(412090368), total_bytes: f(1032847360), used_percent: f((412090368 / 1032847360) * 100),
          inodes_used: f(2449), inodes_total: f(155518),
        },
      },
    ]);
  });

  it('reads check_disk 3 values as free space: its thresholds alert below a limit', () => {
    const [p] = perfdataToCanonical(parsePerfdata(DISK_V3).items, ctx);
    expect(p?.fields.used_bytes).toEqual(f(1033648128 - 569763840));
    expect(p?.fields.total_bytes).toEqual(f(1033648128));
  });

  it('maps a % item on a mount to used_percent, and keeps it over the computed one', () => {
    const [p] = perfdataToCanonical(parsePerfdata('/var=50MB;;;0;100 /var=42%;80;90').items, ctx);
    expect(p?.fields.used_percent).toEqual(f(42));
  });

  it('keeps everything else under nagios, tagged with the service, in base units', () => {
    const points = perfdataToCanonical(parsePerfdata('rta=0.52ms;3000;5000;0 pl=0%;80;100;0 swap=2GB;;;0 time=1.5s users=3 c1=7c').items, {
      ...ctx, service: 'PING',
    });
    expect(points).toEqual([
      {
        measurement: 'nagios', tags: { host: 'web1', service: 'PING' }, timeNs: T,
        fields: { rta: f(0.00052), pl: f(0), swap: f(2 * 1024 ** 3), time: f(1.5), users: f(3), c1: f(7) },
      },
    ]);
    expect(toBaseUnit(5, 'us')).toBeCloseTo(5e-6, 15);
    expect(toBaseUnit(1, 'kB')).toBe(1024);
    expect(toBaseUnit(3, 'bogus')).toBe(3);
  });
});

describe('parseNagiosPerfdataFile', () => {
  it('reads the default service and host templates and pnp4nagios key::value lines', () => {
    const body = [
      `[SERVICEPERFDATA]\t1700000000\tweb1\tCurrent Load\t0.011\t0.102\tOK - load average: 0.21, 0.15, 0.10\t${LOAD_V23}`,
      `[HOSTPERFDATA]\t1700000000\tweb1\t4.012\tPING OK - Packet loss = 0%, RTA = 0.52 ms\trta=0.520000ms;3000.000000;5000.000000;0.000000 pl=0%;80;100;0`,
      `DATATYPE::SERVICEPERFDATA\tTIMET::1700000060\tHOSTNAME::db1\tSERVICEDESC::Disk\tSERVICEPERFDATA::${DISK_V23}\tSERVICECHECKCOMMAND::check_disk!20%!10%\tHOSTSTATE::UP\tSERVICESTATE::OK`,
      `DATATYPE::HOSTPERFDATA\tTIMET::1700000060\tHOSTNAME::db1\tHOSTPERFDATA::rta=1ms;;;0\tHOSTCHECKCOMMAND::check-host-alive`,
    ].join('\n');
    const r = parseNagiosPerfdataFile(body);
    expect(r.errors).toEqual([]);
    expect(r.lines).toBe(4);
    const T2 = 1_700_000_060n * 1_000_000_000n;
    expect(r.points).toEqual([
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(0.21), load5: f(0.15), load15: f(0.1) }, timeNs: T },
      { measurement: 'nagios', tags: { host: 'web1', service: '_HOST_' }, fields: { rta: f(0.00052), pl: f(0) }, timeNs: T },
      {
        measurement: 'disk', tags: { host: 'db1', mount: '/' }, timeNs: T2,
        fields: {
          used_bytes: f(412090368), total_bytes: f(1032847360), used_percent: f((412090368 / 1032847360) * 100),
          inodes_used: f(2449), inodes_total: f(155518),
        },
      },
      { measurement: 'nagios', tags: { host: 'db1', service: '_HOST_' }, fields: { rta: f(0.001) }, timeNs: T2 },
    ]);
  });

  it('reports bad lines and bad items by line number, keeping good items of the same line', () => {
    const body = [
      '[SERVICEPERFDATA]\t1700000000\tweb1\tX\t0\t0\tOK\ta=1 b=zz c=2',
      '[SERVICEPERFDATA]\t1700000000\tweb1\tX\tOK\ta=1',
      '[SERVICEPERFDATA]\tyesterday\tweb1\tX\t0\t0\tOK\ta=1',
      'something else',
      'DATATYPE::SERVICEPERFDATA\tTIMET::1700000000\tHOSTNAME::web1\tSERVICEPERFDATA::a=1',
      'DATATYPE::SERVICEPERFDATA\tTIMET::1700000000\tnot a pair',
      '[HOSTPERFDATA]\t99999999999\t\t0\tOK\ta=1',
      '[SERVICEPERFDATA]\t1700000000\tweb1\tX\t0\t0\tOK (no perfdata)\t',
    ].join('\n');
    const r = parseNagiosPerfdataFile(body);
    expect(r.points).toEqual([
      { measurement: 'nagios', tags: { host: 'web1', service: 'X' }, fields: { a: f(1), c: f(2) }, timeNs: T },
    ]);
    expect(r.lines).toBe(8);
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [1, "'b': bad value \"zz\""],
      [2, 'expected 8 tab-separated fields, got 6'],
      [3, 'bad TIMET "yesterday" (epoch seconds expected)'],
      [4, 'expected a [SERVICEPERFDATA], [HOSTPERFDATA] or DATATYPE:: line'],
      [5, 'missing SERVICEDESC::'],
      [6, 'field "not a pair" is not KEY::value'],
      [7, 'empty host name'],
    ]);
  });
});
