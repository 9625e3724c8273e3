import { describe, expect, it } from 'vitest';
import { concerns, customEventRanges, parseEventsCsv } from './events.ts';
import { DAY_MS } from './series.ts';

describe('custom events', () => {
  it('reads name,start,end with inclusive end dates and a prefixed name', () => {
    const ranges = parseEventsCsv('name,start,end\n# spring campaign\ncampaign,2026-03-01,2026-03-07\nmigration,2026-06-10\n', 'events.csv');
    expect(ranges).toEqual([
      { name: 'event:campaign', startMs: Date.UTC(2026, 2, 1), endMs: Date.UTC(2026, 2, 8) },
      { name: 'event:migration', startMs: Date.UTC(2026, 5, 10), endMs: Date.UTC(2026, 5, 10) + DAY_MS },
    ]);
  });

  it('takes an optional scope: the customer or host an event concerns', () => {
    const ranges = parseEventsCsv('name,start,end,scope\nflash-sale,2026-11-20,2026-11-22,acme\nmigration,2026-06-10,,db1.acme.example\nblack-friday,2026-11-27\n', 'events.csv');
    expect(ranges.map((r) => r.scope)).toEqual(['acme', 'db1.acme.example', undefined]);
    expect(ranges[1]).toMatchObject({ startMs: Date.UTC(2026, 5, 10), endMs: Date.UTC(2026, 5, 11) });
    expect(concerns(ranges[0]!, { customer: 'acme', host: 'web1' })).toBe(true);
    expect(concerns(ranges[0]!, { customer: 'globex', host: 'web1' })).toBe(false);
    expect(concerns(ranges[1]!, { customer: 'acme', host: 'db1.acme.example' })).toBe(true);
    expect(concerns(ranges[2]!, { customer: 'globex', host: 'web9' })).toBe(true);
    expect(() => parseEventsCsv('name,start,end,scope\nsale,2026-11-20,2026-11-22,acme corp\n', 'e.csv')).toThrow(/e\.csv line 2.*scope/);
  });

  it('names the file and line of a bad row', () => {
    expect(() => parseEventsCsv('name,start\nsale,2026-13-45\n', 'e.csv')).toThrow(/e\.csv line 2/);
    expect(() => customEventRanges([{ name: 'x', start: '2026-05-02', end: '2026-05-01' }])).toThrow(expect.objectContaining({ code: 'RUNWAY_ERR_FORECAST_EVENT' }));
  });
});
