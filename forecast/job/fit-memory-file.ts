import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { createInterface } from 'node:readline';
import { writeFileAtomically } from '../../core/impl/atomic-file.ts';
import type { FitMemory, HostFit } from './forecast-job.ts';

/**
 * The fit memory on disk, so that the first cycle after a restart of `runway serve` refits only the
 * hosts that are due, not every series (at 10,000 hosts, minutes instead of seconds). One JSON line
 * per host after a header, written host by host, so that neither writing nor reading holds the
 * event loop or the whole file as one string. Numbers JSON cannot hold (NaN, ±Infinity: a series
 * without a current value, a host never marked) are written as {"$n": "NaN"}.
 */
const FORMAT = 1;

interface Header {
  format: number;
  /** forecastCodeVersion() of the process that wrote it: fits made by other code are not kept. */
  code: string;
  days: FitMemory['days'];
}

interface Logger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const encode = (_: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? { $n: String(v) } : v);
const decode = (_: string, v: unknown): unknown => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  const n = (v as { $n?: unknown }).$n;
  return keys.length === 1 && typeof n === 'string' ? Number(n) : v;
};

/** The forecast job and the store it reads through: what they import, file by file, makes the fits. */
const FIT_ENTRIES = ['forecast/job/forecast-job.ts', 'core/impl/influx-http-store.ts'];

/** Relative module specifiers: `from '…'`, a bare `import '…'` and `import('…')`. */
const LOCAL_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * A fingerprint of the code that makes forecasts and rows: every file the forecast job and its
 * store import, directly or through others, and the installed version of each package those files
 * name (a date-holidays upgrade moves the calendars). An upgrade that changes any of them refits
 * every host at its first cycle, as a restart did before fits were kept; one that changes only
 * ingest, alerting or the rest of core/ keeps them, and spares a fleet that refit.
 */
export async function forecastCodeVersion(root = join(import.meta.dirname, '..', '..')): Promise<string> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const dependencies = Object.keys(manifest.dependencies ?? {});
  const files = new Set<string>();
  const packages = new Set<string>();
  const texts = new Map<string, Buffer>();
  const queue = [...FIT_ENTRIES];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const text = await readFile(join(root, file));
    texts.set(file, text);
    const source = text.toString('utf8');
    for (const [, specifier] of source.matchAll(LOCAL_IMPORT)) queue.push(posix.join(posix.dirname(file), specifier!));
    for (const name of dependencies) if (source.includes(`'${name}'`) || source.includes(`"${name}"`)) packages.add(name);
  }
  const hash = createHash('sha256');
  for (const file of [...files].sort()) hash.update(`${file}\0`).update(texts.get(file)!).update('\0');
  for (const name of [...packages].sort()) {
    const installed = JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    hash.update(`${name}@${installed.version}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

export function saveFitMemory(path: string, memory: FitMemory, code: string): Promise<void> {
  async function* lines(): AsyncGenerator<string> {
    const header: Header = { format: FORMAT, code, days: memory.days };
    yield `${JSON.stringify(header)}\n`;
    let batch = '';
    for (const [host, fit] of memory.hosts) {
      batch += `${JSON.stringify({ host, fit }, encode)}\n`;
      if (batch.length < 1 << 18) continue;
      yield batch;
      batch = '';
    }
    if (batch) yield batch;
  }
  return writeFileAtomically(path, lines());
}

const isFit = (f: unknown): f is HostFit => {
  if (typeof f !== 'object' || f === null) return false;
  const o = f as Record<string, unknown>;
  return typeof o.hash === 'string' && typeof o.fitToMs === 'number' && typeof o.fittedAtMs === 'number' && typeof o.markSeenMs === 'number'
    && Array.isArray(o.rows) && Array.isArray(o.failures) && Array.isArray(o.bands);
};

/**
 * The memory the last process wrote, or an empty one: without a file, with one written by other
 * code (every host is then fitted, and the log says why), or with a damaged header. A damaged host
 * line loses that host's fit only.
 */
export async function loadFitMemory(path: string, code: string, log: Logger): Promise<FitMemory> {
  const memory: FitMemory = { days: null, hosts: new Map() };
  let stream;
  try {
    stream = createReadStream(path, 'utf8');
    await new Promise((resolve, reject) => stream!.once('open', resolve).once('error', reject));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return memory;
    log.error({ file: path, reason: (e as Error).message }, `fit memory ${path} cannot be read; every host is fitted in the first cycle`);
    return memory;
  }
  let header: Header | null = null;
  let damaged = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line, decode);
    } catch {
      parsed = null;
    }
    if (header === null) {
      const h = parsed as Partial<Header> | null;
      if (h?.format !== FORMAT || typeof h.code !== 'string') {
        stream.destroy();
        log.error({ file: path }, `fit memory ${path} has no header of format ${FORMAT}; every host is fitted in the first cycle`);
        return memory;
      }
      if (h.code !== code) {
        stream.destroy();
        log.info({ file: path, written: h.code, running: code }, `fit memory ${path} was written by other forecasting code; every host is fitted in the first cycle`);
        return memory;
      }
      header = h as Header;
      continue;
    }
    const entry = parsed as { host?: unknown; fit?: unknown } | null;
    if (typeof entry?.host === 'string' && isFit(entry.fit)) memory.hosts.set(entry.host, entry.fit);
    else damaged++;
  }
  memory.days = header?.days ?? null;
  if (damaged > 0) log.error({ file: path, damaged }, `fit memory ${path}: ${damaged} damaged line(s) left out; their hosts are fitted in the first cycle`);
  log.info({ file: path, hosts: memory.hosts.size }, `fit memory read from ${path}: ${memory.hosts.size} host(s)`);
  return memory;
}
