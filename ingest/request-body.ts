import { isUtf8 } from 'node:buffer';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { RunwayError } from '../core/errors.ts';

const gunzipAsync = promisify(gunzip);

/**
 * zlib's output chunk is 16 KiB by default: a 1 MB body then takes some 60 trips between the
 * thread pool and the event loop, a buffer each, and a copy to join them, which costs more CPU
 * than inflating. Line protocol compresses about 7:1, so a chunk of 8 times the compressed size
 * holds most bodies whole; small bodies keep small chunks, and no chunk exceeds 1 MiB.
 */
const gunzipChunkBytes = (compressedBytes: number): number => Math.min(1024 * 1024, Math.max(16 * 1024, compressedBytes * 8));

/**
 * Decodes a request body as collectors send it: Telegraf gzips by default.
 * The decompressed size is bounded so a small gzip bomb cannot exhaust memory.
 */
export async function decodeBody(raw: Buffer, contentEncoding: string | undefined, limitBytes: number): Promise<string> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return utf8(raw);
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new RunwayError('RUNWAY_ERR_INGEST_BAD_ENCODING', { encoding, reason: 'only gzip and identity are supported' });
  }
  let inflated: Buffer;
  try {
    inflated = await gunzipAsync(raw, { maxOutputLength: limitBytes, chunkSize: gunzipChunkBytes(raw.length) });
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `decompressed body exceeds ${limitBytes} bytes` : (cause as Error).message;
    throw new RunwayError('RUNWAY_ERR_INGEST_BAD_ENCODING', { encoding, reason }, { cause });
  }
  return utf8(inflated);
}

/** The body as text; invalid UTF-8 is refused (400), as rewriting it to U+FFFD would store what nobody sent. */
function utf8(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new RunwayError('RUNWAY_ERR_INGEST_BAD_TEXT');
  return bytes.toString('utf8');
}
