import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { RunwayError } from '../core/errors.ts';

const gunzipAsync = promisify(gunzip);

/**
 * Decodes a request body as collectors send it: Telegraf gzips by default.
 * The decompressed size is bounded so a small gzip bomb cannot exhaust memory.
 */
export async function decodeBody(raw: Buffer, contentEncoding: string | undefined, limitBytes: number): Promise<string> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw.toString('utf8');
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new RunwayError('RUNWAY_ERR_INGEST_BAD_ENCODING', { encoding, reason: 'only gzip and identity are supported' });
  }
  try {
    return (await gunzipAsync(raw, { maxOutputLength: limitBytes })).toString('utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `decompressed body exceeds ${limitBytes} bytes` : (cause as Error).message;
    throw new RunwayError('RUNWAY_ERR_INGEST_BAD_ENCODING', { encoding, reason }, { cause });
  }
}
