/**
 * For tests: stand-ins for findmnt, lvs, vgs, lvcreate, lvextend, lvreduce, lvremove, resize2fs
 * and xfs_growfs, so the grow-filesystem job runs its real script against one pretend volume
 * (vg0/data, device /dev/mapper/vg0-data) whose sizes live in small files. Every call is logged.
 * Real LVM needs root, block devices and a volume group no test machine should lend.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FAKE_TOOLS = ['findmnt', 'lvs', 'vgs', 'lvcreate', 'lvextend', 'lvreduce', 'lvremove', 'resize2fs', 'xfs_growfs'] as const;
const MUTATING = new Set(['lvcreate', 'lvextend', 'lvreduce', 'lvremove', 'resize2fs', 'xfs_growfs']);

/** The stand-in itself: one bash script, linked under each tool's name. */
const TOOL = readFileSync(new URL('./fake-lvm-tool.sh', import.meta.url), 'utf8');

export interface FakeLvm {
  /** PATH with the stand-ins first. */
  path: string;
  /** Environment the stand-ins read. */
  env: Record<string, string>;
  stateDir: string;
  /** The sizes and snapshots as they stand, by file name. */
  state(): Record<string, string>;
  calls(): string[];
  mutatingCalls(): string[];
}

export function fakeLvm(root: string, volume: { mount: string; fstype: string; lvBytes: number; fsBytes: number; vgFreeBytes: number }): FakeLvm {
  const bin = join(root, 'bin');
  const stateDir = join(root, 'lvm');
  const log = join(root, 'calls.log');
  mkdirSync(bin, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(bin, 'fake-lvm-tool'), TOOL, { mode: 0o755 });
  for (const t of FAKE_TOOLS) symlinkSync('fake-lvm-tool', join(bin, t));
  const files = { fstype: volume.fstype, lv_size: String(volume.lvBytes), fs_size: String(volume.fsBytes), vg_free: String(volume.vgFreeBytes) };
  for (const [name, value] of Object.entries(files)) writeFileSync(join(stateDir, name), `${value}\n`);
  writeFileSync(log, '');
  const calls = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    path: `${bin}:${process.env.PATH ?? ''}`,
    env: { FAKE_LVM_DIR: stateDir, FAKE_LVM_LOG: log, FAKE_MOUNT: volume.mount },
    stateDir,
    state: () => Object.fromEntries(readdirSync(stateDir).sort().map((f) => [f, readFileSync(join(stateDir, f), 'utf8').trim()])),
    calls,
    mutatingCalls: () => calls().filter((c) => MUTATING.has(c.split(' ')[0] ?? '')),
  };
}
