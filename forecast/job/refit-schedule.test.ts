import { describe, expect, it } from 'vitest';
import { refitDue, refitHourOf } from './refit-schedule.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TODAY = 20_000 * DAY;

describe('refitDue', () => {
  it("refits a fit of an earlier day from the host's own hour, and one two days old at once", () => {
    const host = 'db1';
    const hour = refitHourOf(host);
    expect(refitDue(host, TODAY, TODAY, TODAY + 23 * HOUR)).toBe(false); // fitted on today's days
    expect(refitDue(host, TODAY - DAY, TODAY, TODAY + hour * HOUR)).toBe(true);
    if (hour > 0) expect(refitDue(host, TODAY - DAY, TODAY, TODAY + hour * HOUR - 1)).toBe(false);
    expect(refitDue(host, TODAY - 2 * DAY, TODAY, TODAY)).toBe(true);
  });

  it('spreads a fleet over the hours of the day', () => {
    const perHour = new Array<number>(24).fill(0);
    for (let i = 0; i < 24_000; i++) perHour[refitHourOf(`h${i}`)]! += 1;
    expect(Math.min(...perHour)).toBeGreaterThan(800);
    expect(Math.max(...perHour)).toBeLessThan(1200);
  });
});
