import { describe, expect, it } from 'vitest';
import { RunwayError } from '../../core/errors.ts';
import { writeChunkPoints } from './chunk-points.ts';
import type { ChunkOutput } from './forecast-chunk.ts';

const chunk = (lines?: ChunkOutput['lines']): ChunkOutput => ({ rows: [], failures: [], points: [], ...(lines ? { lines } : {}) });
const busy = () => new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { status: 500, reason: 'timeout' });

describe('writeChunkPoints', () => {
  it('tries a write InfluxDB timed out again, and gives up after three attempts', async () => {
    const sent: string[] = [];
    let failures = 2;
    const flaky = { write: async () => {}, writeLines: async (text: string) => { if (failures-- > 0) throw busy(); sent.push(text); } };
    expect(await writeChunkPoints(flaky, chunk({ text: 'a\nb', count: 2 }), 1)).toBe(2);
    expect(sent).toEqual(['a\nb']);
    let attempts = 0;
    const down = { write: async () => {}, writeLines: async () => { attempts++; throw busy(); } };
    await expect(writeChunkPoints(down, chunk({ text: 'a', count: 1 }), 1)).rejects.toThrow(RunwayError);
    expect(attempts).toBe(3);
  });

  it('does not retry what InfluxDB refused, and refuses lines to a writer of points', async () => {
    let attempts = 0;
    const refusing = { write: async () => {}, writeLines: async () => { attempts++; throw new RunwayError('RUNWAY_ERR_STORE_REJECTED', { reason: 'bad' }); } };
    await expect(writeChunkPoints(refusing, chunk({ text: 'a', count: 1 }), 1)).rejects.toThrow(/rejected/);
    expect(attempts).toBe(1);
    await expect(writeChunkPoints({ write: async () => {} }, chunk({ text: 'a', count: 1 }), 1)).rejects.toThrow(/line protocol/);
  });
});
