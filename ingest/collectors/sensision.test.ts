import { describe, expect, it } from 'vitest';
import { parseSensision, parseSensisionValue } from './sensision.ts';

const NOW_US = 1_700_000_000_000_000n;

/** noderig's Readme sample (formats.md §1a), as beamium posts it. */
const NODERIG = `1484828198557102// os.cpu{} 2.5202020226869237
1484828198560976// os.mem{} 24.328345730457112
1484828198557435// os.load1{} 0.63
1484828198561366// os.net.bytes{direction=in} 858
1484828197570759// os.disk.fs{disk=/dev/sda1}{mount=/} 4.967614357908193
`;

describe('parseSensision', () => {
  it('reads noderig output, raw "/" in label values and the mount attribute included', () => {
    const r = parseSensision(NODERIG, NOW_US);
    expect(r.errors).toEqual([]);
    expect(r.lines).toBe(5);
    expect(r.samples[0]).toEqual({ className: 'os.cpu', labels: {}, attributes: {}, value: 2.5202020226869237, timeUs: 1484828198557102n, line: 1 });
    expect(r.samples[3]).toEqual({ className: 'os.net.bytes', labels: { direction: 'in' }, attributes: {}, value: 858, timeUs: 1484828198561366n, line: 4 });
    expect(r.samples[4]).toEqual({
      className: 'os.disk.fs', labels: { disk: '/dev/sda1' }, attributes: { mount: '/' }, value: 4.967614357908193, timeUs: 1484828197570759n, line: 5,
    });
  });

  it('takes the default time without a timestamp, and T-relative times', () => {
    const r = parseSensision('// os.load1{} 1\nT-1000000// os.load1{} 2\nT+5/48.8:2.3/100 os.load1{} 3', NOW_US);
    expect(r.errors).toEqual([]);
    expect(r.samples.map((s) => s.timeUs)).toEqual([NOW_US, NOW_US - 1_000_000n, NOW_US + 5n]);
  });

  it('accepts locations as LAT:LON or an HHCode and an elevation, and checks them', () => {
    const r = parseSensision('1/48.8:-2.3/ a{} 1\n2/123456/ a{} 1\n3//-20 a{} 1\n4/91:0/ a{} 1\n5/1:2/x a{} 1\n6/a:b/ a{} 1', NOW_US);
    expect(r.samples.map((s) => s.timeUs)).toEqual([1n, 2n, 3n]);
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [4, 'bad latitude "91"'],
      [5, 'bad elevation "x"'],
      [6, 'bad latitude "a"'],
    ]);
  });

  it('URL-decodes class names, label keys and values, and string values; "+" stays "+"', () => {
    const r = parseSensision("// my%7Bclass%7D{k%3Dx=a%2Cb%20c,p=1+1}{at%20tr=%C3%A9} 'hello%20world%27+'", NOW_US);
    expect(r.errors).toEqual([]);
    expect(r.samples[0]).toMatchObject({ className: 'my{class}', labels: { 'k=x': 'a,b c', p: '1+1' }, attributes: { 'at tr': 'é' }, value: "hello world'+" });
  });

  it('reads the value types of the GTS input format', () => {
    expect(parseSensisionValue('42')).toBe(42);
    expect(parseSensisionValue('-4.2e3')).toBe(-4200);
    expect(parseSensisionValue('T')).toBe(true);
    expect(parseSensisionValue('false')).toBe(false);
    expect(parseSensisionValue('TRUE')).toBe(true);
    expect(parseSensisionValue("'a%20b'")).toBe('a b');
    expect(parseSensisionValue('"x"')).toBe('x');
    expect(parseSensisionValue('NaN')).toBeNaN();
    expect(parseSensisionValue('-Infinity')).toBe(-Infinity);
    expect(parseSensisionValue('+Inf')).toBe(Infinity);
  });

  it('continues the previous series on "=" lines, but not after a bad line', () => {
    const r = parseSensision('1// os.load1{host=a}{x=y} 1\n=2// 2\n=3/1:1/ 3\nbad\n=4// 4', NOW_US);
    expect(r.samples.map((s) => [s.className, s.labels, s.attributes, s.value, s.timeUs])).toEqual([
      ['os.load1', { host: 'a' }, { x: 'y' }, 1, 1n],
      ['os.load1', { host: 'a' }, { x: 'y' }, 2, 2n],
      ['os.load1', { host: 'a' }, { x: 'y' }, 3, 3n],
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(r.errors[1]?.reason).toBe('continuation line ("=") without a good line before it');
  });

  it('reports bad lines with their number and a precise reason, and keeps the others', () => {
    const body = [
      '1// good{} 1',
      '1484828198557102 os.cpu{} 2',
      '1/ os.cpu{} 2',
      'abc// os.cpu{} 2',
      '// os.cpu 2',
      '// {} 2',
      '// os cpu{} 2',
      '// os.cpu{a} 2',
      '// os.cpu{a=1,a=2} 2',
      '// os.cpu{a=%ZZ} 2',
      '// os.cpu{a=1 2',
      "// os.cpu{} 'open",
      '// os.cpu{} 1 2',
      '// os.cpu{}{a=1 2',
      '// os.cpu{}x 2',
      '// os.cpu{}',
      '99999999999999999999// os.cpu{} 1',
      '// os.cpu{} 99999999999999999999',
      '// os.cpu{=1} 2',
      '2// good{} 2',
    ].join('\n');
    const r = parseSensision(body, NOW_US);
    expect(r.samples.map((s) => s.value)).toEqual([1, 2]);
    expect(r.lines).toBe(20);
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'missing "TS/LAT:LON/ELEV" prefix (write "//" when there is neither time nor position)'],
      [3, 'missing "TS/LAT:LON/ELEV" prefix (write "//" when there is neither time nor position)'],
      [4, 'bad timestamp "abc" (microseconds expected)'],
      [5, 'missing "{" after the class name (labels are required; write {} for none)'],
      [6, 'empty class name'],
      [7, 'unencoded space in class name "os cpu"'],
      [8, 'label "a" has no "="'],
      [9, 'duplicate label "a"'],
      [10, 'bad URL encoding in label value "%ZZ"'],
      [11, 'unterminated label set'],
      [12, "unterminated string value 'open"],
      [13, 'unsupported value "1 2" (expected LONG, DOUBLE, BOOLEAN or \'…\' STRING)'],
      [14, 'unterminated attribute set'],
      [15, 'expected a space before the value'],
      [16, 'missing value'],
      [17, 'timestamp out of range: 99999999999999999999 µs'],
      [18, 'LONG value out of range: 99999999999999999999'],
      [19, 'empty label name'],
    ]);
  });

  it('skips blank lines and # comments without counting them', () => {
    expect(parseSensision('\n# comment\n   \n', NOW_US)).toEqual({ samples: [], errors: [], lines: 0 });
  });
});
