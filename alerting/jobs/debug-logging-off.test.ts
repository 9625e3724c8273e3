import { chmodSync, existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJobBundle, type JobBundle } from './job-bundle.ts';
import type { DebugLoggingOffJob } from './job-kinds.ts';
import { diskAlert, runScript, sandbox, treeSnapshot, type Sandbox } from './job-sandbox.ts';

const CONFIG = [
  '# shop settings',
  '# log_level = debug   (a comment: left alone)',
  'log_level = debug',
  '  LOG_LEVEL: "debug"  # verbose while we chase the bug',
  'log_level_extra = debug',
  'other = debug',
  '',
].join('\n');

let box: Sandbox;
let conf: string;
let bundle: JobBundle;
let env: Record<string, string>;

async function setUp(kind: Omit<DebugLoggingOffJob, 'type' | 'configFile'> = {}, text = CONFIG) {
  writeFileSync(join(box.dir, 'real.conf'), text);
  chmodSync(join(box.dir, 'real.conf'), 0o640);
  // Programs often read their config through a link; the link must stay a link.
  symlinkSync('real.conf', join(box.dir, 'app.conf'));
  conf = join(box.dir, 'app.conf');
  bundle = await writeJobBundle(join(box.dir, 'bundle'), diskAlert(), { type: 'debug-logging-off', configFile: conf, ...kind });
  env = { RUNWAY_JOB_STATE_DIR: join(box.dir, 'state') };
}

beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.remove());

const auto = (args: string[] = [], extra: Record<string, string> = {}) => runScript(join(bundle.dir, 'AutoAction'), args, { ...env, ...extra });
const revert = (args: string[] = []) => runScript(join(bundle.dir, 'FailureRevert'), args, env);
const tree = () => treeSnapshot(box.dir).filter((e) => !e.path.startsWith('bundle') && !e.path.startsWith('state'));

describe('debug-logging-off job', () => {
  it('dry run shows the lines it would change and changes nothing', async () => {
    await setUp();
    const before = tree();
    const run = auto();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('3:log_level = debug');
    expect(run.stdout).toContain('4:  LOG_LEVEL: "debug"');
    expect(run.stdout).not.toContain('log_level_extra');
    expect(run.stdout).toMatch(/run with --apply to change 2 line\(s\)/);
    expect(tree()).toEqual(before);
  });

  it('apply sets the level on those lines only, through the link; a second apply has nothing to do', async () => {
    await setUp();
    const run = auto(['--apply']);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(box.dir, 'real.conf'), 'utf8')).toBe(CONFIG.replace('log_level = debug\n', 'log_level = info\n').replace('"debug"', '"info"'));
    expect(lstatSync(conf).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(box.dir, 'real.conf')).mode & 0o777).toBe(0o640);
    expect(run.stdout).toMatch(/reload or restart the program/);
    const after = tree();
    const again = auto(['--apply']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/nothing to do: .* has no line setting log_level to debug/);
    expect(tree()).toEqual(after);
  });

  it('handles "key value" syntax such as Apache\'s LogLevel', async () => {
    await setUp({ key: 'LogLevel', to: 'warn' }, '<VirtualHost *:80>\n    LogLevel debug\n</VirtualHost>\n');
    expect(auto(['--apply']).status).toBe(0);
    expect(readFileSync(conf, 'utf8')).toBe('<VirtualHost *:80>\n    LogLevel warn\n</VirtualHost>\n');
  });

  it('FailureRevert puts the file back exactly after a failure', async () => {
    await setUp();
    const before = tree();
    const failed = auto(['--apply'], { RUNWAY_JOB_FAIL_AFTER: '1' });
    expect(failed.status).toBe(1);
    expect(tree()).not.toEqual(before);
    const restored = revert(['--apply']);
    expect(restored.status, restored.stderr).toBe(0);
    expect(tree()).toEqual(before);
    expect(existsSync(join(box.dir, 'state'))).toBe(false);
  });

  it('stops with exit 2 when the file is missing or the key is not a plain name', async () => {
    await setUp();
    expect(auto([], { RUNWAY_JOB_CONFIG_FILE: join(box.dir, 'missing.conf') }).status).toBe(2);
    const bad = auto([], { RUNWAY_JOB_KEY: 'log/level' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/RUNWAY_JOB_KEY must be a plain setting name/);
  });
});
