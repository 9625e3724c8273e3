import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ownString } from './own-string.ts';

const activity = fileURLToPath(new URL('./host-activity.ts', import.meta.url));

/**
 * Heap kept after 20 request bodies of 2 MB each, one host name sliced out of each and kept by
 * HostActivity, the bodies dropped and garbage collected (a separate Node with --expose-gc).
 */
function retainedMb(copy: boolean): number {
  const script = `
    const { HostActivity } = await import(${JSON.stringify(activity)});
    const a = new HostActivity();
    const keep = [];
    for (let i = 0; i < 20; i++) {
      const body = 'cpu,host=shop-' + String(i).padStart(4, '0') + '-web-frontend usage=1 ' + 'x'.repeat(2_000_000) + i;
      const host = body.slice(9, 9 + 23);
      ${copy ? 'a.seen(host, i);' : 'keep.push(host);'}
    }
    globalThis.gc(); globalThis.gc();
    process.stdout.write(String(process.memoryUsage().heapUsed / 1e6));
    void keep;
  `;
  return Number(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' }));
}

describe('ownString', () => {
  it('returns the same text, lone surrogates included', () => {
    for (const s of ['', 'web-01', 'häst-ø-€', 'a\uD800b', 'x'.repeat(100)]) expect(ownString(s)).toBe(s);
  });

  it('lets HostActivity keep host names without keeping the request bodies they were cut from', () => {
    // Slices kept as they are hold all 20 bodies (about 40 MB); copies hold a few bytes each.
    expect(retainedMb(false)).toBeGreaterThan(30);
    expect(retainedMb(true)).toBeLessThan(15);
  });
});
