import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeLvm, type FakeLvm } from './fake-lvm.ts';
import { writeJobBundle, type JobBundle } from './job-bundle.ts';
import { diskAlert, runScript, sandbox, type Sandbox } from './job-sandbox.ts';

const GB = 1e9;

let box: Sandbox;
let bundle: JobBundle;

beforeEach(async () => {
  box = sandbox();
  // The alert's disk: /var, 200 GB in the inventory; the remediation proposes +50 GB.
  bundle = await writeJobBundle(join(box.dir, 'bundle'), diskAlert(), { type: 'grow-filesystem' });
});
afterEach(() => box.remove());

function volume(over: Partial<Parameters<typeof fakeLvm>[1]> = {}, root = box.dir): FakeLvm {
  return fakeLvm(root, { mount: '/var', fstype: 'ext4', lvBytes: 200 * GB, fsBytes: 196 * GB, vgFreeBytes: 100 * GB, ...over });
}

function run(lvm: FakeLvm, script: 'AutoAction' | 'FailureRevert', args: string[] = [], extra: Record<string, string> = {}) {
  return runScript(join(bundle.dir, script), args, { ...lvm.env, RUNWAY_JOB_STATE_DIR: join(box.dir, 'state'), ...extra }, lvm.path);
}

const snapshotName = () => `data-runway-${bundle.id.slice(0, 8)}`;
const WITH_SNAPSHOT = { RUNWAY_JOB_SNAPSHOT: '1' };

describe('grow-filesystem job (against stand-in LVM tools)', () => {
  it('dry run only checks and prints the plan with the exact commands, sized from the volume the host reports', () => {
    const lvm = volume({ lvBytes: 180 * GB, fsBytes: 176 * GB }); // the inventory says 200 GB; the host knows better
    const before = lvm.state();
    const dry = run(lvm, 'AutoAction');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Target: 230000000000 bytes, the volume's 180000000000 bytes as the host reports them plus 50000000000.");
    expect(dry.stdout).toContain('1. no snapshot (RUNWAY_JOB_SNAPSHOT=0): the way back for the data is your backups');
    expect(dry.stdout).toContain('lvextend --size 230000000000b vg0/data   (+50000000000 bytes)');
    expect(dry.stdout).toContain('resize2fs /dev/mapper/vg0-data   (online, while /var stays mounted)');
    expect(lvm.mutatingCalls()).toEqual([]);
    expect(lvm.state()).toEqual(before);
  });

  it('apply extends and grows online without a snapshot by default; a second apply has nothing to do', () => {
    const lvm = volume();
    const applied = run(lvm, 'AutoAction', ['--apply']);
    expect(applied.status, applied.stderr).toBe(0);
    expect(lvm.mutatingCalls()).toEqual(['lvextend --size 250000000000b -- vg0/data', 'resize2fs /dev/mapper/vg0-data']);
    expect(lvm.state()).toMatchObject({ lv_size: '250000000000', fs_size: '245000000000', vg_free: '50000000000' });

    const again = run(lvm, 'AutoAction', ['--apply']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/nothing to do: vg0\/data was grown from 200000000000 to 250000000000 bytes on .*; remove .*state\.done to run this job again/);
    expect(lvm.mutatingCalls()).toHaveLength(2);
  });

  it('with --snapshot it snapshots first and says how to remove the snapshot', async () => {
    bundle = await writeJobBundle(join(box.dir, 'with-snapshot'), diskAlert(), { type: 'grow-filesystem', snapshot: true });
    const lvm = volume();
    const applied = run(lvm, 'AutoAction', ['--apply']);
    expect(applied.status, applied.stderr).toBe(0);
    expect(lvm.mutatingCalls()).toEqual([
      `lvcreate --snapshot --size 20000000000b --name ${snapshotName()} -- vg0/data`,
      'lvextend --size 250000000000b -- vg0/data',
      'resize2fs /dev/mapper/vg0-data',
    ]);
    expect(lvm.state()).toMatchObject({ lv_size: '250000000000', vg_free: '30000000000', [`snap-${snapshotName()}`]: '20000000000' });
    expect(applied.stdout).toContain(`remove the snapshot: lvremove vg0/${snapshotName()}`);
  });

  it('FailureRevert refuses to shrink a grown filesystem and explains the snapshot merge', () => {
    const lvm = volume();
    expect(run(lvm, 'AutoAction', ['--apply'], WITH_SNAPSHOT).status).toBe(0);
    const after = lvm.state();
    const refused = run(lvm, 'FailureRevert', ['--apply']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('was grown (196000000000 -> 245000000000 bytes) and is not shrunk back: XFS cannot shrink');
    expect(refused.stderr).toContain(`lvconvert --merge vg0/${snapshotName()}`);
    expect(refused.stderr).toContain('discards every write since the snapshot');
    expect(lvm.state()).toEqual(after);
  });

  it('after a failure before the filesystem grew, FailureRevert reduces the volume back and drops the snapshot', () => {
    const lvm = volume();
    const before = lvm.state();
    const failed = run(lvm, 'AutoAction', ['--apply'], { ...WITH_SNAPSHOT, RUNWAY_JOB_FAIL_AFTER: '2' });
    expect(failed.status).toBe(1);
    expect(lvm.state().lv_size).toBe('250000000000');
    const restored = run(lvm, 'FailureRevert', ['--apply']);
    expect(restored.status, restored.stderr).toBe(0);
    expect(lvm.state()).toEqual(before);
  });

  it('a real tool failure (resize2fs) is exit 1, and FailureRevert restores the volume', () => {
    const lvm = volume();
    const before = lvm.state();
    const failed = run(lvm, 'AutoAction', ['--apply'], { FAKE_LVM_FAIL_GROW: '1' });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('running: resize2fs /dev/mapper/vg0-data');
    expect(failed.stderr).toContain('resize2fs: pretend I/O error');
    expect(failed.stderr).toMatch(/FAILED: line \d+: .* exited with status 1/);
    expect(run(lvm, 'FailureRevert', ['--apply']).status).toBe(0);
    expect(lvm.state()).toEqual(before);
  });

  it('a snapshot asked for without room stops with exit 2; without one it grows; without room to grow it stops', () => {
    const tight = volume({ vgFreeBytes: 60 * GB, fstype: 'xfs' });
    const noRoom = run(tight, 'AutoAction', ['--apply'], WITH_SNAPSHOT);
    expect(noRoom.status).toBe(2);
    expect(noRoom.stderr).toContain('vg0 has room for the extension (50000000000 bytes) but not also for the snapshot asked for (20000000000 bytes)');
    expect(tight.mutatingCalls()).toEqual([]);
    const dry = run(tight, 'AutoAction');
    expect(dry.stdout).toContain('xfs_growfs /var');
    expect(run(tight, 'AutoAction', ['--apply']).status).toBe(0);
    expect(tight.mutatingCalls().map((c) => c.split(' ')[0])).toEqual(['lvextend', 'xfs_growfs']);

    const full = volume({ vgFreeBytes: 10 * GB }, join(box.dir, 'second'));
    const refused = run(full, 'AutoAction', ['--apply'], { RUNWAY_JOB_STATE_DIR: join(box.dir, 'second', 'state') });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/vg0 has 10000000000 bytes free .* add a disk to the volume group first/);
    expect(full.mutatingCalls()).toEqual([]);
  });

  it('stops with exit 2 when the mount point is not mounted', () => {
    const lvm = volume({ mount: '/srv' });
    const res = run(lvm, 'AutoAction');
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/\/var is not a mount point/);
  });
});
