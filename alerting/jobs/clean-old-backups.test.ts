import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJobBundle, type JobBundle } from './job-bundle.ts';
import { diskAlert, runScript, sandbox, treeSnapshot, type Sandbox } from './job-sandbox.ts';

const DAY_MS = 86_400_000;

let box: Sandbox;
let data: string;
let backups: string;
let bundle: JobBundle;
let env: Record<string, string>;

function age(path: string, days: number): void {
  const t = new Date(Date.now() - days * DAY_MS);
  utimesSync(path, t, t);
}

beforeEach(async () => {
  box = sandbox();
  data = join(box.dir, 'srv');
  backups = join(data, 'backups');
  mkdirSync(join(backups, 'weekly-2026-09'), { recursive: true });
  writeFileSync(join(backups, 'weekly-2026-09', 'db.sql.gz'), 'old weekly dump');
  writeFileSync(join(backups, 'daily-2026-10-01.tar'), 'old daily');
  writeFileSync(join(backups, 'daily-2026-11-19.tar'), 'recent daily');
  age(join(backups, 'weekly-2026-09', 'db.sql.gz'), 60);
  age(join(backups, 'weekly-2026-09'), 50);
  age(join(backups, 'daily-2026-10-01.tar'), 40);
  age(join(backups, 'daily-2026-11-19.tar'), 2);
  bundle = await writeJobBundle(join(box.dir, 'bundle'), diskAlert(), { type: 'clean-old-backups', backupDir: backups, olderThanDays: 30 });
  env = { RUNWAY_JOB_STATE_DIR: join(box.dir, 'state') };
});
afterEach(() => box.remove());

const auto = (args: string[] = [], extra: Record<string, string> = {}) => runScript(join(bundle.dir, 'AutoAction'), args, { ...env, ...extra });
const revert = (args: string[] = []) => runScript(join(bundle.dir, 'FailureRevert'), args, env);
const quarantine = () => join(data, `.runway-quarantine-${bundle.id}`);

describe('clean-old-backups job', () => {
  it('dry run lists what is older than N days and changes nothing', () => {
    const before = treeSnapshot(data);
    const run = auto();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${backups}/daily-2026-10-01.tar`);
    expect(run.stdout).toContain(`${backups}/weekly-2026-09`);
    expect(run.stdout).not.toContain('daily-2026-11-19');
    expect(run.stdout).toMatch(/same filesystem: instant, and no space is freed until you delete the quarantine/);
    expect(treeSnapshot(data)).toEqual(before);
  });

  it('apply moves old entries to the quarantine, keeping them intact; a second apply has nothing to do', () => {
    const weekly = treeSnapshot(join(backups, 'weekly-2026-09'));
    const run = auto(['--apply']);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(backups)).toEqual(['daily-2026-11-19.tar']);
    expect(readdirSync(quarantine()).sort()).toEqual(['daily-2026-10-01.tar', 'weekly-2026-09']);
    expect(treeSnapshot(join(quarantine(), 'weekly-2026-09'))).toEqual(weekly);
    expect(run.stdout).toContain(`rm -rf -- '${quarantine()}'`);

    const after = treeSnapshot(data);
    const again = auto(['--apply']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/nothing to do/);
    expect(treeSnapshot(data)).toEqual(after);
  });

  it('FailureRevert moves everything back after a failure part-way, leaving the exact previous tree', () => {
    const before = treeSnapshot(data);
    const failed = auto(['--apply'], { RUNWAY_JOB_FAIL_AFTER: '1' });
    expect(failed.status).toBe(1);
    expect(readdirSync(quarantine())).toHaveLength(1);
    const restored = revert(['--apply']);
    expect(restored.status, restored.stderr).toBe(0);
    expect(treeSnapshot(data)).toEqual(before);
    expect(existsSync(quarantine())).toBe(false);
  });

  it('refuses a quarantine inside the backup directory', () => {
    const run = auto(['--apply'], { RUNWAY_JOB_QUARANTINE_DIR: join(backups, 'q') });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/must not be inside/);
    expect(existsSync(join(backups, 'q'))).toBe(false);
  });
});
