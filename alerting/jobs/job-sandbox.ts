/**
 * For tests: a throwaway directory to run job scripts in, a snapshot of a directory tree precise
 * enough to prove a revert put everything back (paths, types, modes, contents, file times), and a
 * runner for the bundle's scripts.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { alertCandidates } from '../early-warning.ts';
import { runwayRow } from '../test-rows.ts';
import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import type { JobAlert } from './job-bundle.ts';

export interface TreeEntry {
  path: string;
  type: 'file' | 'dir' | 'link';
  mode: string;
  /** Files: size, SHA-256 and modification time in ns; links: their target. Directory times are left out: adding and removing entries changes them. */
  detail: string;
}

export function treeSnapshot(root: string, opts: { mtimes?: boolean } = {}): TreeEntry[] {
  const out: TreeEntry[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = lstatSync(path, { bigint: true });
      const rel = relative(root, path);
      const mode = (st.mode & 0o7777n).toString(8);
      if (st.isSymbolicLink()) out.push({ path: rel, type: 'link', mode, detail: readlinkSync(path) });
      else if (st.isDirectory()) {
        out.push({ path: rel, type: 'dir', mode, detail: '' });
        walk(path);
      } else {
        const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
        out.push({ path: rel, type: 'file', mode, detail: `${st.size} ${hash}${opts.mtimes === false ? '' : ` ${st.mtimeNs}`}` });
      }
    }
  };
  walk(root);
  return out;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a bundle script with bash, with only the given RUNWAY_JOB_* settings on top of PATH and HOME. */
export function runScript(script: string, args: string[], env: Record<string, string>, path = process.env.PATH ?? ''): RunResult {
  const res = spawnSync('bash', [script, ...args], { env: { PATH: path, HOME: process.env.HOME ?? '/root', ...env }, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

export interface Sandbox {
  dir: string;
  remove(): void;
}

export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'runway-job-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The critical disk alert of the alerting tests (web-1 /var, 80 % of 200 GB, full in 5 days). */
export function diskAlert(): JobAlert {
  return jobAlertOf(runwayRow({ daysLeft: 5 }), 'critical');
}

export function loadAlert(): JobAlert {
  const row = runwayRow({ daysLeft: 20, metric: 'load_daily_max', resource: 'load', mount: undefined, threshold: 8, current: 6.5, peakForecast: 10.2, driver: 'christmas 2026' });
  return jobAlertOf(row, 'warning');
}

function jobAlertOf(row: RunwayRow, severity: string): JobAlert {
  const [c] = alertCandidates([row]);
  return { labels: { ...c!.labels, severity }, row, remediation: c!.remediation };
}
