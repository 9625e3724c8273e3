import { describe, expect, it } from 'vitest';
import { jsonInParts } from './json-parts.ts';

const joined = (value: Record<string, unknown>): { text: string; parts: number } => {
  let text = '';
  let parts = 0;
  for (const part of jsonInParts(value)) {
    text += part;
    parts++;
  }
  return { text, parts };
};

describe('jsonInParts', () => {
  it("writes JSON.stringify's text, character for character", async () => {
    const values: Record<string, unknown>[] = [
      {},
      { version: 2, records: [], silences: [{ id: 's"1', matchers: { host: 'a\nb' } }], outbox: [null, undefined, () => 1, { at: new Date(0), n: NaN }] },
      { skipped: undefined, nested: { list: [1, [2, 3]] }, text: 'æøå €', flag: false, nothing: null },
    ];
    for (const value of values) expect(joined(value).text).toBe(JSON.stringify(value));
  });

  it('hands a long array over in several parts', async () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({ key: `alert|customer|host-${i}|disk /var`, summary: 'x'.repeat(100) }));
    const { text, parts } = joined({ version: 2, records });
    expect(text).toBe(JSON.stringify({ version: 2, records }));
    expect(parts).toBeGreaterThan(1);
  });
});
