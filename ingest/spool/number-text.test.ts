import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeShortDecimal, writeUnsigned } from './number-text.ts';

const buf = Buffer.alloc(64);
const decimal = (v: number): string | null => {
  const end = writeShortDecimal(buf, 0, v);
  return end < 0 ? null : buf.toString('latin1', 0, end);
};

describe('number text', () => {
  it('writes integers below 2^53 as String() does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(0, 9, 10, 1e8 - 1, 1e8, 1e8 + 1, 100_000_000_000_007, 1e15 - 1, 1e15, Number.MAX_SAFE_INTEGER)), (n) => {
        const end = writeUnsigned(buf, 0, n);
        expect(buf.toString('latin1', 0, end)).toBe(String(n));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes short decimals as String() does, and leaves every other float to String()', () => {
    const decimals = fc
      .tuple(fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }), fc.integer({ min: 0, max: 21 }))
      .map(([m, k]) => m / 10 ** k);
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), decimals, fc.constantFrom(0.895, 17.61, -0, 1e-6, 9.99e-7, 0.1 + 0.2, 1e15, 999999999999999.9, 123456789012345.6, 100000000.5, 123456.123456789, 0.000001234567891, 1234567.00000001)), (v) => {
        const text = decimal(v);
        if (text !== null) expect(text).toBe(String(v));
      }),
      { numRuns: 20_000 },
    );
    expect(decimal(17.61)).toBe('17.61');
    expect(decimal(0.005)).toBe('0.005');
    expect(decimal(-3.5)).toBe('-3.5');
    expect(decimal(1e21)).toBeNull();
  });
});
