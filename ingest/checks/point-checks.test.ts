import { describe, expect, it } from 'vitest';
import { parseLineProtocol } from '../line-protocol.ts';
import { FieldTypeCache } from './field-types.ts';
import { PointChecks } from './point-checks.ts';

/** Each line's problem, checked in order by one request's checks, over a cache that knows `known`. */
function problems(body: string, known = ''): (string | null)[] {
  const cache = new FieldTypeCache();
  if (known) {
    const seed = new PointChecks(cache);
    for (const p of parseLineProtocol(known, { precision: 'ns', nowNs: 0n }).points) seed.problem(p);
    cache.learn(seed.learned);
  }
  const checks = new PointChecks(cache);
  return parseLineProtocol(body, { precision: 'ns', nowNs: 0n }).points.map((p) => checks.problem(p));
}

const conflict = (field: string, type: string, before: string) => `field type conflict: input field "${field}" on measurement "m" is type ${type}, already exists as type ${before}`;

describe('PointChecks: field types of the lines a measurement repeats', () => {
  it('finds a conflict in a line that repeats an accepted line with one type changed', () => {
    expect(problems('m a=1,b=2\nm a=1,b=2\nm a=1,b=2i\nm a=1,b=2')).toEqual([null, null, conflict('b', 'integer', 'float'), null]);
  });

  it('finds it against the types InfluxDB holds, after lines that passed', () => {
    expect(problems('m a=1,b=2i\nm a=1,b=2i\nm a=1,b=2', 'm b=1i')).toEqual([null, null, conflict('b', 'float', 'integer')]);
  });

  it('checks lines of two alternating kinds, and a third kind, field by field', () => {
    const body = ['m a=1', 'm b=1i', 'm a=1', 'm b=1i', 'm c="x"', 'm a=1', 'm b=1', 'm c=1'].join('\n');
    expect(problems(body)).toEqual([null, null, null, null, null, null, conflict('b', 'float', 'integer'), conflict('c', 'float', 'string')]);
  });

  it('does not take a line with more, fewer or reordered fields for an accepted one', () => {
    expect(problems('m a=1,b=2\nm a=1,b=2,c=3\nm a=1,b=2,c=3i')).toEqual([null, null, conflict('c', 'integer', 'float')]);
    expect(problems('m a=1,b=2\nm a=1\nm b=2,a=1i')).toEqual([null, null, conflict('a', 'integer', 'float')]);
  });

  it('keeps measurements apart', () => {
    expect(problems('m a=1\nn a=1i\nm a=1\nn a=1i\nn a=1')).toEqual([null, null, null, null, conflict('a', 'float', 'integer').replace('"m"', '"n"')]);
  });

  it('notes reserved measurements however often they come, and checks nothing else of them', () => {
    const checks = new PointChecks(new FieldTypeCache());
    for (const p of parseLineProtocol('forecast value=1\ncpu a=1\nforecast value=1i', { precision: 'ns', nowNs: 0n }).points) expect(checks.problem(p)).toBeNull();
    expect(() => checks.assertNoReserved()).toThrow(expect.objectContaining({ code: 'RUNWAY_ERR_INGEST_RESERVED' }));
  });
});
