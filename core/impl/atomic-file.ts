import { mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `parts` to a temporary file beside `path`, fsyncs it and renames it over `path`: a crash
 * leaves the old file or the new one, never half of either. Parts are written one by one, so a
 * large file is never one string in memory.
 */
export async function writeFileAtomically(path: string, parts: string | Iterable<string> | AsyncIterable<string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    if (typeof parts === 'string') await handle.writeFile(parts);
    else for await (const part of parts) await handle.write(part);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}
