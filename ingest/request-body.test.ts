import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isRunwayError } from '../core/errors.ts';
import { decodeBody } from './request-body.ts';

describe('decodeBody', () => {
  it('inflates gzip bodies whole, small ones and ones larger than any output chunk', async () => {
    const line = (n: number) => `cpu,host=web-${n % 97} usage_idle=${n % 100}.5,note="ü" ${n}\n`;
    for (const lines of [1, 50_000]) {
      const text = Array.from({ length: lines }, (_, n) => line(n)).join('');
      expect(await decodeBody(gzipSync(text), 'gzip', 25_000_000)).toBe(text);
    }
  });

  it('passes identity bodies through and refuses a body that inflates past the limit', async () => {
    expect(await decodeBody(Buffer.from('m v=1 1'), undefined, 100)).toBe('m v=1 1');
    const bomb = gzipSync(Buffer.alloc(3_000_000, 'a'));
    const refused = await decodeBody(bomb, 'gzip', 2_000_000).catch((e: unknown) => e);
    expect(isRunwayError(refused, 'RUNWAY_ERR_INGEST_BAD_ENCODING')).toBe(true);
    expect(refused).toMatchObject({ details: { reason: 'decompressed body exceeds 2000000 bytes' } });
  });

  it('refuses invalid UTF-8, plain or gzipped, rather than rewrite it', async () => {
    const invalid = Buffer.concat([Buffer.from('m,host=h note="'), Buffer.from([0xc3, 0x28]), Buffer.from('" 1')]);
    for (const [body, encoding] of [[invalid, undefined], [gzipSync(invalid), 'gzip']] as const) {
      const refused = await decodeBody(body, encoding, 1000).catch((e: unknown) => e);
      expect(isRunwayError(refused, 'RUNWAY_ERR_INGEST_BAD_TEXT')).toBe(true);
    }
    expect(await decodeBody(Buffer.from('m,host=h note="ü" 1'), undefined, 1000)).toBe('m,host=h note="ü" 1');
  });
});
