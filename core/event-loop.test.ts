import { describe, expect, it } from 'vitest';
import { mapInSlices } from './event-loop.ts';

describe('mapInSlices', () => {
  it('maps like Array.map, in order', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    expect(await mapInSlices(items, (i) => i * 2, 0)).toEqual(items.map((i) => i * 2));
    expect(await mapInSlices([], (i: number) => i)).toEqual([]);
  });

  it('lets the event loop run between slices of a long map', async () => {
    const items = Array.from({ length: 2048 }, (_, i) => i);
    let ranAt = -1;
    let mapped = 0;
    setImmediate(() => (ranAt = mapped));
    // A slice of 0 ms yields at every look at the clock: the callback waiting runs mid-map.
    await mapInSlices(items, (i) => (mapped++, i), 0);
    expect(ranAt).toBeGreaterThan(0);
    expect(ranAt).toBeLessThan(items.length);
  });
});
