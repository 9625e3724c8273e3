import { describe, expect, it } from 'vitest';
import { parseBackfillColumn, parseBackfillCsv, parseBackfillTime } from './csv-backfill.ts';

const f = (value: number) => ({ type: 'float', value });
const NS = (ms: number) => BigInt(ms) * 1_000_000n;

describe('parseBackfillCsv', () => {
  it('maps measurement.field and disk:<mount>.field columns to canonical points, one per measurement and mount', () => {
    const r = parseBackfillCsv(
      [
        'time,host,system.load1,system.n_cpus,mem.used_percent,disk:/var.used_bytes,disk:/var.total_bytes,disk:/.used_percent',
        '2024-03-01T00:00:00Z,web1,0.42,4,37.5,1.2e10,5e10,81',
        '1709337600,web1,0.5,,,,,82',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.lines).toBe(2);
    const t1 = Date.UTC(2024, 2, 1);
    const t2 = Date.UTC(2024, 2, 2);
    expect(r.points).toEqual([
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(0.42), n_cpus: f(4) }, timeNs: NS(t1) },
      { measurement: 'mem', tags: { host: 'web1' }, fields: { used_percent: f(37.5) }, timeNs: NS(t1) },
      { measurement: 'disk', tags: { host: 'web1', mount: '/var' }, fields: { used_bytes: f(1.2e10), total_bytes: f(5e10), used_percent: f(24) }, timeNs: NS(t1) },
      { measurement: 'disk', tags: { host: 'web1', mount: '/' }, fields: { used_percent: f(81) }, timeNs: NS(t1) },
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(0.5) }, timeNs: NS(t2) },
      { measurement: 'disk', tags: { host: 'web1', mount: '/' }, fields: { used_percent: f(82) }, timeNs: NS(t2) },
    ]);
  });

  it('takes the host from the options when there is no host column, and mounts with dots and quoted commas', () => {
    const r = parseBackfillCsv('time,"disk:/mnt/a,b.v2.used_percent",cpu.usage_percent\n1709251200000,50,12.5\n', { host: 'db1' });
    expect(r.errors).toEqual([]);
    expect(r.points.map((p) => [p.measurement, p.tags])).toEqual([
      ['disk', { host: 'db1', mount: '/mnt/a,b.v2' }],
      ['cpu', { host: 'db1' }],
    ]);
  });

  it('reads semicolon-separated spreadsheet exports', () => {
    const r = parseBackfillCsv('time;host;system.load5\n2024-03-01 12:00;web1;1.5\n');
    expect(r.errors).toEqual([]);
    expect(r.points[0]).toEqual({ measurement: 'system', tags: { host: 'web1' }, fields: { load5: f(1.5) }, timeNs: NS(Date.UTC(2024, 2, 1, 12)) });
  });

  it('reports bad header columns once, ignores those columns, and reads the rest', () => {
    const r = parseBackfillCsv('time,host,system.load_1,disk.used_bytes,net.bytes,system.load1,system.load1\n1,h,1,2,3,4,5\n');
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [1, 'column "system.load_1": "load_1" is not a system field (use load1, load5, load15, n_cpus); the column is ignored'],
      [1, 'column "disk.used_bytes": disk columns need a mount, e.g. disk:/var.used_bytes; the column is ignored'],
      [1, 'column "net.bytes": unknown measurement "net" (use system, cpu, mem, disk); the column is ignored'],
      [1, 'duplicate column "system.load1"; the column is ignored'],
    ]);
    expect(r.points).toEqual([{ measurement: 'system', tags: { host: 'h' }, fields: { load1: f(4) }, timeNs: NS(1000) }]);
  });

  it('rejects bad rows whole, with their line number and reason, and keeps the others', () => {
    const body = [
      'time,host,system.load1',
      '# a comment',
      '2024-03-01T00:00:00Z,web1,1',
      'yesterday,web1,1',
      '2024-03-01T00:00:00Z,web1,abc',
      '2024-03-01T00:00:00Z,web1',
      '1709251200123456,web1,1',
      '2024-03-01T00:00:00Z,,1',
      '"2024-03-01T00:00:00Z,web1,1',
      '',
      '2024-03-01T00:01:00+01:00,web1,NaN',
      '2024-03-01T00:02:00+0100,web1,2',
    ].join('\n');
    const r = parseBackfillCsv(body);
    expect(r.lines).toBe(9);
    expect(r.points).toEqual([
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(1) }, timeNs: NS(Date.UTC(2024, 2, 1)) },
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(2) }, timeNs: NS(Date.UTC(2024, 1, 29, 23, 2)) },
    ]);
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [4, 'bad time "yesterday" (ISO 8601, epoch seconds or epoch milliseconds)'],
      [5, 'column "system.load1": bad number "abc"'],
      [6, 'expected 3 cells, got 2'],
      [7, 'epoch "1709251200123456" is too large for seconds or milliseconds (µs and ns are not accepted)'],
      [8, 'no host: fill the host column or give a default host'],
      [9, 'unterminated quoted cell'],
    ]);
  });

  it('reports an unusable header once and reads no rows', () => {
    const r = parseBackfillCsv('host,time,system.load1\nweb1,1,1\n');
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([[1, 'the first column must be "time"']]);
    expect(r.points).toEqual([]);
    expect(parseBackfillCsv('').errors).toEqual([{ line: 1, reason: 'empty CSV: no header', text: '' }]);
  });
});

describe('backfill CSV pieces', () => {
  it('names columns by the convention', () => {
    expect(parseBackfillColumn('disk:/srv/data.inodes_used')).toEqual({ measurement: 'disk', field: 'inodes_used', mount: '/srv/data' });
    expect(parseBackfillColumn('mem:/x.used_bytes')).toBe('column "mem:/x.used_bytes": only disk columns take a mount');
    expect(parseBackfillColumn('load1')).toMatch(/is not <measurement>.<field>/);
  });

  it('reads times as ISO 8601 (UTC without a zone) or epoch seconds or milliseconds', () => {
    expect(parseBackfillTime('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseBackfillTime('2024-03-01T10:20:30.5')).toBe(Date.UTC(2024, 2, 1, 10, 20, 30, 500));
    expect(parseBackfillTime('2024-03-01T10:20:30-02:00')).toBe(Date.UTC(2024, 2, 1, 12, 20, 30));
    expect(parseBackfillTime('1709251200.5')).toBe(1709251200500);
    expect(parseBackfillTime('1709251200500')).toBe(1709251200500);
  });
});
