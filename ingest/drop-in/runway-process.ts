import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where test writes start: an hour ago, so they are live points; older ones would be a backfill, which goes to the history policy's own spool. */
export const LIVE_START_NS = BigInt(Date.now() - 3_600_000) * 1_000_000n;

export interface RunwayProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stderr so far (its log). */
  stderr: () => string;
}

/** Starts `node bin/runway.js serve` as a child process and waits for the address it prints on stderr. */
export function startRunway(env: Record<string, string>): Promise<RunwayProcess> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(RUNWAY_|INFLUX_)/.test(k)));
  const child = spawn(process.execPath, ['bin/runway.js', 'serve'], { cwd: ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runway serve did not start within 60 s:\n${stderr}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const m = /runway: listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stderr: () => stderr });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`runway serve exited (${code}) before listening:\n${stderr}`));
    });
  });
}
