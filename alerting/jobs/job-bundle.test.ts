import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRunwayError } from '../../core/errors.ts';
import { alertCandidates } from '../early-warning.ts';
import { fingerprintOf } from '../notifier.ts';
import { runwayRow } from '../test-rows.ts';
import { jobId, writeJobBundle } from './job-bundle.ts';
import { JOB_KINDS, suggestJobKinds, type JobKind } from './job-kinds.ts';
import { diskAlert, loadAlert, sandbox, type Sandbox } from './job-sandbox.ts';

const KINDS: JobKind[] = [
  { type: 'rotate-logs', logDir: '/var/log/shop' },
  { type: 'debug-logging-off', configFile: '/etc/shop/app.conf' },
  { type: 'clean-old-backups', backupDir: '/srv/backups', olderThanDays: 30 },
  { type: 'clean-small-files', filesDir: '/var/lib/php/sessions', olderThanDays: 30 },
  { type: 'grow-filesystem' },
];

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.remove());

async function refusal(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('writeJobBundle', () => {
  it('writes README.md and two executable bash scripts that parse, for every kind', async () => {
    expect(Object.keys(JOB_KINDS).sort()).toEqual(KINDS.map((k) => k.type).sort());
    for (const kind of KINDS) {
      const dir = join(box.dir, kind.type);
      const bundle = await writeJobBundle(dir, diskAlert(), kind, { nowMs: Date.UTC(2026, 10, 21, 9) });
      expect(bundle.id).toBe(`${fingerprintOf(diskAlert().labels)}-${kind.type}`);
      expect(bundle.files.map((f) => f.slice(dir.length + 1))).toEqual(['README.md', 'AutoAction', 'FailureRevert']);
      for (const script of ['AutoAction', 'FailureRevert']) {
        const path = join(dir, script);
        expect(statSync(path).mode & 0o777, `${kind.type} ${script}`).toBe(0o755);
        const syntax = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
        expect(syntax.status, `${kind.type} ${script}: ${syntax.stderr}`).toBe(0);
        expect(readFileSync(path, 'utf8')).toMatch(/^#!\/usr\/bin\/env bash\n# (AutoAction|FailureRevert) of Runway job /);
      }
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      for (const section of ['## What it does', '## Why', '## Risk', '## How to run', '## How to verify', '## How to revert']) expect(readme, `${kind.type} ${section}`).toContain(section);
      expect(readme).toContain('written 2026-11-21T09:00:00.000Z for the alert **DiskFillingUp** (critical)');
      expect(readme).toContain('- disk /var on web-1 is 80.0 % used of 200 GB; the alert threshold is 90 %.');
      expect(readme).toContain('- It reaches the threshold likely on 2026-11-26 (earliest 2026-11-23, latest 2026-11-30), 5 days after the forecast run.');
      expect(readme).toContain('> disk /var on web-1 is 80.0 % used');
      expect(readme).toContain(`| \`RUNWAY_JOB_STATE_DIR\` | \`/var/lib/runway-jobs/${bundle.id}\` |`);
    }
  });

  it('is honest in the grow-filesystem README: shrinking is no way back, the snapshot is', async () => {
    await writeJobBundle(box.dir, diskAlert(), { type: 'grow-filesystem' });
    const readme = readFileSync(join(box.dir, 'README.md'), 'utf8');
    expect(readme).toContain('Grow the filesystem on /var by 50 GB');
    expect(readme).toContain('The inventory says 200 GB; AutoAction goes by what the host reports.');
    expect(readme).toContain('takes no snapshot unless `RUNWAY_JOB_SNAPSHOT=1`');
    expect(readme).toContain('**Removing the snapshot** (when one was taken): once the above checks out, `sudo lvremove <vg>/<snapshot>`');
    expect(readme).toContain('**Shrinking is not a way back.** XFS cannot shrink at all');
    expect(readme).toContain('`lvconvert --merge <vg>/<snapshot>`');
    expect(readme).toContain('**discards every write made since the snapshot**');
    expect(readme).toContain('Without a snapshot (the default), the way back for the data is your backups.');
  });

  it('says a day\'s growth in the unit the proposal uses: "43 MB", never "0.0 GB"', async () => {
    const slow = { ...diskAlert(), row: runwayRow({ daysLeft: 5, growthPerDay: 0.0215 }) };
    const [c] = alertCandidates([slow.row]);
    await writeJobBundle(box.dir, { ...slow, remediation: c!.remediation }, { type: 'rotate-logs', logDir: '/var/log' });
    const readme = readFileSync(join(box.dir, 'README.md'), 'utf8');
    expect(c!.remediation).toContain('That is about 43 MB a day.');
    expect(readme).toContain('(about 43 MB a day)');
    expect(readme).not.toContain('0.0 GB');
  });

  it('refuses a directory that holds anything, paths that are not absolute, and disk jobs for a load alert', async () => {
    writeFileSync(join(box.dir, 'something'), 'x');
    const full = await refusal(writeJobBundle(box.dir, diskAlert(), KINDS[0]!));
    expect(isRunwayError(full, 'RUNWAY_ERR_JOB_DIR')).toBe(true);

    const relative = await refusal(writeJobBundle(join(box.dir, 'a'), diskAlert(), { type: 'rotate-logs', logDir: 'var/log' }));
    expect(isRunwayError(relative, 'RUNWAY_ERR_JOB_KIND')).toBe(true);
    expect((relative as Error).message).toBe('cannot write a rotate-logs job for this alert: logDir must be an absolute path (got "var/log")');

    const load = await refusal(writeJobBundle(join(box.dir, 'b'), loadAlert(), { type: 'grow-filesystem' }));
    expect((load as Error).message).toMatch(/this alert is about load/);
    await expect(writeJobBundle(join(box.dir, 'c'), loadAlert(), { type: 'debug-logging-off', configFile: '/etc/app.conf' })).resolves.toBeDefined();

    const sizeless = { ...diskAlert(), row: runwayRow({ daysLeft: 5, totalBytes: undefined }) };
    const noTarget = await refusal(writeJobBundle(join(box.dir, 'd'), sizeless, { type: 'grow-filesystem' }));
    expect((noTarget as Error).message).toMatch(/pass growBytes or targetBytes/);
    const badKey = await refusal(writeJobBundle(join(box.dir, 'e'), diskAlert(), { type: 'debug-logging-off', configFile: '/etc/x', key: 'a/b' }));
    expect(isRunwayError(badKey, 'RUNWAY_ERR_JOB_KIND')).toBe(true);
  });

  it('suggests the kinds an alert implies, with stable ids per alert and kind', () => {
    expect(suggestJobKinds(runwayRow({ daysLeft: 5, mount: '/var' }))).toEqual([
      { type: 'rotate-logs', logDir: '/var/log' },
      { type: 'grow-filesystem', mount: '/var' },
    ]);
    expect(suggestJobKinds(runwayRow({ daysLeft: 5, mount: '/var/lib/mysql' }))).toEqual([{ type: 'grow-filesystem', mount: '/var/lib/mysql' }]);
    expect(suggestJobKinds(loadAlert().row)).toEqual([]);
    expect(jobId(diskAlert(), { type: 'rotate-logs' })).toBe(jobId({ labels: { ...diskAlert().labels } }, { type: 'rotate-logs' }));
  });
});
