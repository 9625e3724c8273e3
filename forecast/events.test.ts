import { describe, expect, it } from 'vitest';
import { customEventRanges, parseEventsCsv } from './events.ts';
import { DAY_MS } from './series.ts';

describe('custom events', () => {
  it('reads name,start,end with inclusive end dates and a prefixed name', () => {
    const ranges = parseEventsCsv('name,start,end\n# spring campaign\ncampaign,2026-03-01,2026-03-07\nmigration,2026-06-10\n', 'events.csv');
    expect(ranges).toEqual([
      { name: 'event:campaign', startMs: Date.UTC(2026, 2, 1), endMs: Date.UTC(2026, 2, 8) },
      { name: 'event:migration', startMs: Date.UTC(2026, 5, 10), endMs: Date.UTC(2026, 5, 10) + DAY_MS },
    ]);
  });

  it('names the file and line of a bad row', () => {
    expect(() => parseEventsCsv('name,start\nsale,2026-13-45\n', 'e.csv')).toThrow(/e\.csv line 2/);
    expect(() => customEventRanges([{ name: 'x', start: '2026-05-02', end: '2026-05-01' }])).toThrow(expect.objectContaining({ code: 'RUNWAY_ERR_FORECAST_EVENT' }));
  });
});
