import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJobBundle, type JobBundle } from './job-bundle.ts';
import { diskAlert, runScript, sandbox, treeSnapshot, type Sandbox } from './job-sandbox.ts';

let box: Sandbox;
let logs: string;
let state: string;
let bundle: JobBundle;
let env: Record<string, string>;

const line = (i: number) => `2026-11-20T10:00:${String(i % 60).padStart(2, '0')}Z GET /shop/item/${i} 200\n`;
const logText = (lines: number) => Array.from({ length: lines }, (_, i) => line(i)).join('');

beforeEach(async () => {
  box = sandbox();
  // A quote and spaces in the path check that the bundle's defaults are quoted for bash.
  logs = join(box.dir, "it's logs");
  state = join(box.dir, 'state');
  mkdirSync(join(logs, 'sub'), { recursive: true });
  writeFileSync(join(logs, 'app.log'), logText(4000));
  writeFileSync(join(logs, 'sub', 'worker.log'), logText(3000));
  writeFileSync(join(logs, 'small.log'), logText(5));
  writeFileSync(join(logs, 'notes.txt'), logText(4000));
  utimesSync(join(logs, 'app.log'), new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T10:00:00Z'));
  bundle = await writeJobBundle(join(box.dir, 'bundle'), diskAlert(), { type: 'rotate-logs', logDir: logs, minBytes: 100_000 });
  env = { RUNWAY_JOB_STATE_DIR: state };
});
afterEach(() => box.remove());

const auto = (args: string[] = [], extra: Record<string, string> = {}) => runScript(join(bundle.dir, 'AutoAction'), args, { ...env, ...extra });
const revert = (args: string[] = []) => runScript(join(bundle.dir, 'FailureRevert'), args, env);

describe('rotate-logs job', () => {
  it('dry run lists the oversized logs and changes nothing', () => {
    const before = treeSnapshot(logs);
    const run = auto();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${logs}/app.log`);
    expect(run.stdout).toContain(`${logs}/sub/worker.log`);
    expect(run.stdout).not.toContain('small.log');
    expect(run.stdout).not.toContain('notes.txt');
    expect(run.stdout).toMatch(/DONE: dry run: nothing changed; run with --apply to rotate 2 file\(s\)/);
    expect(treeSnapshot(logs)).toEqual(before);
    expect(existsSync(state)).toBe(false);
  });

  it('apply compresses and empties the logs, keeping their content in the .gz; a second apply has nothing to do', () => {
    const original = readFileSync(join(logs, 'app.log'));
    const run = auto(['--apply']);
    expect(run.status, run.stderr).toBe(0);
    expect(statSync(join(logs, 'app.log')).size).toBe(0);
    expect(statSync(join(logs, 'sub', 'worker.log')).size).toBe(0);
    const gz = readdirSync(logs).find((n) => /^app\.log\.\d{8}T\d{6}Z\.gz$/.test(n));
    expect(gz).toBeDefined();
    expect(gunzipSync(readFileSync(join(logs, gz!))).equals(original)).toBe(true);
    expect(statSync(join(logs, gz!)).mtime.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(readFileSync(join(logs, 'small.log'), 'utf8')).toBe(logText(5));
    expect(readFileSync(join(state, 'originals', 'app.log')).equals(original)).toBe(true);

    const after = treeSnapshot(logs);
    const again = auto(['--apply']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/DONE: nothing to do/);
    expect(treeSnapshot(logs)).toEqual(after);
  });

  it('FailureRevert restores the exact previous tree after a failure part-way, and the job can then run again', () => {
    const before = treeSnapshot(logs);
    // Third change: app.log compressed and emptied, worker.log compressed but not yet emptied.
    const failedRun = auto(['--apply'], { RUNWAY_JOB_FAIL_AFTER: '3' });
    expect(failedRun.status).toBe(1);
    expect(failedRun.stderr).toMatch(/FAILED: rehearsed failure after 3 change\(s\)/);
    expect(treeSnapshot(logs)).not.toEqual(before);

    const dry = revert();
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`restore ${logs}/app.log`);
    expect(treeSnapshot(logs)).not.toEqual(before);

    const restored = revert(['--apply']);
    expect(restored.status, restored.stderr).toBe(0);
    expect(treeSnapshot(logs)).toEqual(before);
    expect(existsSync(state)).toBe(false);
    expect(revert(['--apply']).stdout).toMatch(/nothing to revert/);
    expect(auto(['--apply']).status).toBe(0);
  });

  it('refuses to run over the saved state of an earlier run, and stops with exit 2 on unmet preconditions', () => {
    expect(auto(['--apply'], { RUNWAY_JOB_FAIL_AFTER: '1' }).status).toBe(1);
    const blocked = auto(['--apply']);
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toMatch(/holds the saved state of an earlier run/);

    const missing = auto(['--apply'], { RUNWAY_JOB_LOG_DIR: join(box.dir, 'nope'), RUNWAY_JOB_STATE_DIR: join(box.dir, 'state2') });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/PRECONDITION NOT MET: .*nope is not a directory/);
    expect(existsSync(join(box.dir, 'state2'))).toBe(false);
    expect(auto(['--force']).status).toBe(2);
  });
});
