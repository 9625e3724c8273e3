import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VAR_DIR = fileURLToPath(new URL('../../var/', import.meta.url));

/** A fresh directory under var/ (git-ignored) for one test's files, e.g. a spool. */
export function tempDir(name: string): { path: string; remove: () => void } {
  const path = join(VAR_DIR, `${name}-${randomBytes(4).toString('hex')}`);
  mkdirSync(path, { recursive: true });
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
