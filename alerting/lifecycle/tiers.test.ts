import { describe, expect, it } from 'vitest';
import { tierOf } from './tiers.ts';

describe('lead-time tiers with hysteresis', () => {
  it('grades crossings by days left', () => {
    expect([3, 7, 8, 30, 31, 90, 91].map((d) => tierOf(d, null))).toEqual(['critical', 'critical', 'warning', 'warning', 'notice', 'notice', null]);
    expect(tierOf(null, null)).toBeNull();
  });

  it('escalates at once but de-escalates only past the bound plus a margin', () => {
    expect(tierOf(6, 'warning')).toBe('critical');
    expect(tierOf(8, 'critical')).toBe('critical'); // 7 + 1 day margin
    expect(tierOf(8.5, 'critical')).toBe('warning');
    expect(tierOf(32, 'warning')).toBe('warning'); // 30 + 3 days margin
    expect(tierOf(34, 'warning')).toBe('notice');
    expect(tierOf(98, 'notice')).toBe('notice');
    expect(tierOf(100, 'notice')).toBeNull();
    expect(tierOf(null, 'warning')).toBeNull();
  });
});
