import { describe, expect, it } from 'vitest';
import { formatPoint, formatPoints } from '../core/line-protocol-format.ts';
import { float, int, str, type MetricPoint } from '../core/schema.ts';
import { parseLineProtocol } from './line-protocol.ts';

const parse = (body: string) => parseLineProtocol(body, { precision: 'ns', nowNs: 0n });

describe('formatting and parsing agree', () => {
  it('round-trips awkward names, values and every field type', () => {
    const point: MetricPoint = {
      measurement: 'disk usage,x',
      tags: { 'mount point': 'C:\\data,1=2', host: 'web 1' },
      fields: {
        'used=percent': float(12.5),
        integral: float(3),
        count: int(-9007199254740993n),
        big: { type: 'uint', value: 18446744073709551615n },
        note: str('say "hi" \\ bye, ok'),
        up: { type: 'bool', value: true },
      },
      timeNs: 1700000000123456789n,
    };
    const line = formatPoint(point);
    expect(line).toContain('integral=3,'); // a float stays a float: no 'i'
    expect(line.indexOf('host=')).toBeLessThan(line.indexOf('mount\\ point=')); // tags sorted
    const back = parse(line);
    expect(back.errors).toEqual([]);
    expect(back.points).toEqual([point]);
  });

  it('leaves out non-finite floats and points left without fields', () => {
    const p = (fields: MetricPoint['fields']): MetricPoint => ({ measurement: 'm', tags: { empty: '' }, fields, timeNs: 1n });
    expect(formatPoint(p({ a: float(NaN), b: float(1) }))).toBe('m b=1 1');
    expect(formatPoints([p({ a: float(Infinity) }), p({ b: float(2) })])).toBe('m b=2 1');
  });
});
