import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertCandidates } from '../early-warning.ts';
import { runwayRow } from '../test-rows.ts';
import { writeJobBundle, type JobBundle } from './job-bundle.ts';
import { suggestJobKinds } from './job-kinds.ts';
import { runScript, sandbox, treeSnapshot, type Sandbox } from './job-sandbox.ts';

const DAY_MS = 86_400_000;

let box: Sandbox;
let sessions: string;
let bundle: JobBundle;
let env: Record<string, string>;

const inodeRow = runwayRow({ daysLeft: 12, metric: 'inodes_used_percent', resource: 'inodes /var/mail', mount: '/var/mail', threshold: 90, current: 86, totalBytes: undefined, inodesTotal: 3_276_800, growthPerDay: 0.3 });
const inodeAlert = () => {
  const [c] = alertCandidates([inodeRow]);
  return { labels: { ...c!.labels, severity: 'warning' }, row: inodeRow, remediation: c!.remediation };
};

function file(path: string, days: number): void {
  writeFileSync(path, `session ${path}`);
  const t = new Date(Date.now() - days * DAY_MS);
  utimesSync(path, t, t);
}

beforeEach(async () => {
  box = sandbox();
  sessions = join(box.dir, 'sessions');
  mkdirSync(join(sessions, 'a'), { recursive: true });
  mkdirSync(join(sessions, 'b'), { recursive: true });
  for (let i = 0; i < 5; i++) file(join(sessions, 'a', `sess_old${i}`), 40 + i);
  file(join(sessions, 'b', 'sess_old'), 35);
  file(join(sessions, 'b', 'sess_new'), 1);
  file(join(sessions, 'b', 'keep.conf'), 90);
  bundle = await writeJobBundle(join(box.dir, 'bundle'), inodeAlert(), { type: 'clean-small-files', filesDir: sessions, olderThanDays: 30, pattern: 'sess_*' });
  env = { RUNWAY_JOB_STATE_DIR: join(box.dir, 'state') };
});
afterEach(() => box.remove());

const auto = (args: string[] = [], extra: Record<string, string> = {}) => runScript(join(bundle.dir, 'AutoAction'), args, { ...env, ...extra });
const revert = (args: string[] = []) => runScript(join(bundle.dir, 'FailureRevert'), args, env);

describe('clean-small-files job', () => {
  it('is what an inode alert suggests, and its dry run counts the old files per directory and changes nothing', () => {
    expect(suggestJobKinds(inodeRow)).toEqual([{ type: 'clean-small-files', filesDir: '/var/spool/postfix/deferred', olderThanDays: 30 }]);
    const before = treeSnapshot(sessions);
    const run = auto();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('6 files under');
    expect(run.stdout).toMatch(new RegExp(`5  ${sessions}/a\\n\\s+1  ${sessions}/b`));
    expect(run.stdout).toMatch(/dry run: nothing changed/);
    expect(treeSnapshot(sessions)).toEqual(before);
  });

  it('apply removes only old matching files (freeing their inodes); a second apply has nothing to do', () => {
    const run = auto(['--apply']);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(sessions, 'a'))).toEqual([]);
    expect(readdirSync(join(sessions, 'b')).sort()).toEqual(['keep.conf', 'sess_new']);
    const again = auto(['--apply']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/nothing to do/);
  });

  it('FailureRevert puts every file back with its time after a failure part-way', () => {
    const before = treeSnapshot(sessions);
    const oldTime = statSync(join(sessions, 'a', 'sess_old0')).mtimeMs;
    const failed = auto(['--apply'], { RUNWAY_JOB_FAIL_AFTER: '2' });
    expect(failed.status).toBe(1);
    expect(readdirSync(join(sessions, 'a'))).toHaveLength(3);
    const restored = revert(['--apply']);
    expect(restored.status, restored.stderr).toBe(0);
    expect(treeSnapshot(sessions)).toEqual(before);
    expect(Math.round(statSync(join(sessions, 'a', 'sess_old0')).mtimeMs / 1000)).toBe(Math.round(oldTime / 1000));
    expect(existsSync(join(box.dir, 'state'))).toBe(false);
  });
});
