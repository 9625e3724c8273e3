import { describe, expect, it } from 'vitest';
import { isRunwayError } from '../core/errors.ts';
import { parseCsvSeries } from './csv-input.ts';

const at = (iso: string): number => Date.parse(iso);

function lineError(text: string): { line: unknown; reason: unknown; message: string } {
  try {
    parseCsvSeries(text, 'data.csv');
  } catch (e) {
    if (isRunwayError(e, 'RUNWAY_ERR_CSV_LINE')) return { line: e.details.line, reason: e.details.reason, message: e.message };
    throw e;
  }
  throw new Error('expected a RUNWAY_ERR_CSV_LINE');
}

describe('parseCsvSeries', () => {
  it('reads ISO 8601 with and without zones (no zone = UTC) and the SQL-like form', () => {
    const csv = [
      'time,value',
      '2026-11-21T10:00:00Z,1',
      '2026-11-21T10:00:00+02:00,2',
      '2026-11-21T10:00:00,3',
      '2026-11-21 10:00:00,4',
      '2026-11-21,5',
      '2026-11-21T10:00:00.250Z,6',
      '2026-11-21 10:00:00 +0100,7',
      '2026-11-21T10:00,8',
      '2028-02-29T23:59:59.5Z,9',
    ].join('\n');
    expect(parseCsvSeries(csv, 'x.csv')).toEqual([
      { timeMs: at('2026-11-21T10:00:00Z'), value: 1 },
      { timeMs: at('2026-11-21T08:00:00Z'), value: 2 },
      { timeMs: at('2026-11-21T10:00:00Z'), value: 3 },
      { timeMs: at('2026-11-21T10:00:00Z'), value: 4 },
      { timeMs: at('2026-11-21T00:00:00Z'), value: 5 },
      { timeMs: at('2026-11-21T10:00:00.250Z'), value: 6 },
      { timeMs: at('2026-11-21T09:00:00Z'), value: 7 },
      { timeMs: at('2026-11-21T10:00:00Z'), value: 8 },
      { timeMs: at('2028-02-29T23:59:59.500Z'), value: 9 },
    ]);
  });

  it('reads the forms programs write as Date.parse does, over two centuries, and refuses days that do not exist', () => {
    let seed = 11;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const iso = Array.from({ length: 400 }, () => new Date(Date.UTC(1900, 0, 1) + (next() % 73_000) * 86_400_000 + (next() % 86_400_000)).toISOString());
    const forms = iso.flatMap((t) => [t, t.slice(0, 10), `${t.slice(0, 19)}Z`, `${t.slice(0, 21)}Z`, `${t.slice(0, 22)}Z`]);
    const parsed = parseCsvSeries(['time,value', ...forms.map((t) => `${t},1`)].join('\n'), 'x.csv');
    expect(parsed.map((p) => p.timeMs)).toEqual(forms.map((t) => Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t)));
    for (const bad of ['2027-02-29', '2026-04-31T00:00:00Z', '2026-11-21T10:60:00Z']) {
      expect(lineError(`time,value\n${bad},1`).line).toBe(2);
    }
  });

  it('tells epoch seconds from milliseconds (and finer units) by magnitude', () => {
    const ms = at('2026-11-21T10:00:00Z');
    const csv = `ts,y\n${ms / 1000},1\n${ms},2\n${ms * 1000},3\n${ms}000000,4\n${ms / 1000}.5,5\n`;
    expect(parseCsvSeries(csv, 'x.csv').map((s) => s.timeMs)).toEqual([ms, ms, ms, ms, ms + 500]);
  });

  it('accepts any row order, blank lines, CRLF, a BOM, quoted fields and extra columns', () => {
    const csv = '\uFEFF"time","value","label"\r\n\r\n"2026-11-22",  "1e3" ,x\r\n2026-11-21 , -2.5,"a, ""b"""\r\n\r\n';
    expect(parseCsvSeries(csv, 'x.csv')).toEqual([
      { timeMs: at('2026-11-22T00:00:00Z'), value: 1000 },
      { timeMs: at('2026-11-21T00:00:00Z'), value: -2.5 },
    ]);
  });

  it('names the physical line of a malformed row', () => {
    const csv = ['time,value', '2026-01-01,1', '', '2026-01-02,2', '2026-01-03,3', '', '2026-01-06,abc'].join('\n');
    const e = lineError(csv);
    expect(e.line).toBe(7);
    expect(e.message).toBe('line 7: "abc" is not a number');
  });

  it.each([
    ['time,value\n2026-01-01,', 2, 'is not a number'],
    ['time,value\n2026-01-01', 2, 'expected two fields'],
    ['time,value\nyesterday,1', 2, 'is not a timestamp'],
    ['time,value\n2026-02-30,1', 2, 'is not a valid time'],
    ['time,value\n2026-02-29T00:00:00Z,1', 2, 'is not a valid time'],
    ['time,value\n2026-01-01,0x10', 2, 'is not a number'],
    ['time,value\n2026-01-01,1e999', 2, 'out of range'],
    ['time,value\n2026-01-01,"1', 2, 'unterminated quoted field'],
    ['time,value\n2026-01-01,"1"2', 2, 'unexpected text after the quoted field'],
    ['\n\ntime\n', 3, 'header needs two columns'],
    ['2026-01-01,1\n2026-01-02,2', 1, 'expected a header row'],
    ['time,value\n12:00,1', 2, 'is not a timestamp'],
  ])('rejects %j at line %i', (csv, line, reason) => {
    const e = lineError(csv);
    expect(e.line).toBe(line);
    expect(String(e.reason)).toContain(reason);
  });

  it('reports a file without data rows', () => {
    for (const csv of ['', '\n\n', 'time,value\n', 'time,value\n\n  \n']) {
      expect(() => parseCsvSeries(csv, 'empty.csv')).toThrow(
        expect.objectContaining({ code: 'RUNWAY_ERR_CSV_EMPTY', message: 'empty.csv: no data rows after the header' }),
      );
    }
  });

  it('reads a file the same whether its line ends, quotes or characters take the plain or the general reader', () => {
    const rows = ['\uFEFFtime , value,note', '', '2026-01-01T00:00:00Z,1.5,x', '  2026-01-02 , -2 ', '1767398400,3e2', '2026-01-04T06:30:00.25Z,+4,,', '   ', '2026-01-05,.5'];
    const plain = parseCsvSeries(rows.join('\n'), 'a.csv');
    // CRLF line ends, a quoted cell and a character outside ASCII send the same rows through csv-parse.
    expect(parseCsvSeries(rows.join('\r\n'), 'b.csv')).toEqual(plain);
    expect(parseCsvSeries(rows.map((r, i) => (i === 2 ? '"2026-01-01T00:00:00Z",1.5,x' : r)).join('\n'), 'c.csv')).toEqual(plain);
    expect(parseCsvSeries(rows.map((r, i) => (i === 2 ? r.replace(',x', ',ø') : r)).join('\n'), 'd.csv')).toEqual(plain);
    expect(plain.map((s) => s.value)).toEqual([1.5, -2, 300, 4, 0.5]);
  });

  it('reads every value as Number() does, to the last bit, and through the general reader alike', () => {
    let seed = 11;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const values = Array.from({ length: 20_000 }, (_, i) => {
      const sign = ['', '-', '+'][i % 3]!;
      const whole = digits(Math.floor(random() * 12));
      const fraction = digits(Math.floor(random() * 12));
      // Up to 24 digits, so both the short form and Number()'s own reading of longer ones are met.
      const body = i % 5 === 0 ? `${whole || '0'}.` : i % 7 === 0 ? `.${fraction || '5'}` : fraction ? `${whole || '0'}.${fraction}` : whole || '7';
      return i % 11 === 0 ? String(random() * 10 ** Math.floor(random() * 30 - 10)) : `${sign}${body}`;
    });
    const rows = ['time,value', ...values.map((v, i) => `${new Date(Date.UTC(2000, 0, 1 + i)).toISOString()},${v}`)];
    const plain = parseCsvSeries(rows.join('\n'), 'p.csv');
    plain.forEach((s, i) => expect(Object.is(s.value, Number(values[i]))).toBe(true));
    expect(parseCsvSeries(rows.join('\r\n'), 'g.csv')).toEqual(plain);
  });

  it('dates every day from year 100 to 9999 as Date.parse does', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const first = Date.UTC(100, 0, 1);
    const times = Array.from({ length: 20_000 }, (_, i) => {
      const iso = new Date(first + Math.floor(random() * (Date.UTC(9999, 11, 31) - first))).toISOString();
      return [iso, iso.slice(0, 10), `${iso.slice(0, 19)}Z`, '2024-02-29', '2000-02-29T23:59:59Z', '2100-03-01'][i % 6]!;
    });
    const samples = parseCsvSeries(['time,value', ...times.map((t) => `${t},1`)].join('\n'), 'x.csv');
    expect(samples.map((s) => s.timeMs)).toEqual(times.map((t) => Date.parse(t)));
  });
});
