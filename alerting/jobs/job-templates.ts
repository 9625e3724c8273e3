import { dirname, join } from 'node:path';
import type { CleanOldBackupsJob, CleanSmallFilesJob, DebugLoggingOffJob, GrowFilesystemJob, JobContext, JobTemplate, RotateLogsJob } from './job-kinds.ts';
import type { JobSetting } from './script-common.ts';

const MB = 1e6;
const GB = 1e9;

/** Where AutoAction keeps what FailureRevert needs; outside the paths it changes. */
const stateSetting = (id: string): JobSetting => ({
  name: 'STATE_DIR',
  value: `/var/lib/runway-jobs/${id}`,
  doc: 'Where AutoAction saves what FailureRevert needs (created with mode 700). Remove it once the result checks out.',
});

export function rotateLogs(kind: RotateLogsJob, { id }: JobContext): JobTemplate {
  const minBytes = kind.minBytes ?? 100 * MB;
  const pattern = kind.pattern ?? '*.log';
  return {
    title: `Rotate logs over ${(minBytes / MB).toFixed(0)} MB under ${kind.logDir}`,
    settings: [
      { name: 'LOG_DIR', value: kind.logDir, doc: 'Directory searched for oversized logs (subdirectories too, not other filesystems).' },
      { name: 'MIN_BYTES', value: String(minBytes), doc: 'Logs larger than this many bytes are rotated.' },
      { name: 'PATTERN', value: pattern, doc: 'File name pattern of logs (find -name).' },
      stateSetting(id),
    ],
    what:
      `AutoAction finds every file matching \`${pattern}\` larger than ${minBytes} bytes under \`${kind.logDir}\`, staying on that filesystem. ` +
      'For each it writes a compressed copy, `<name>.<UTC time>.gz`, beside it, then empties the log in place, as logrotate\'s `copytruncate` does: ' +
      'the program writing the log keeps its open file and goes on writing from the start. Before it changes anything it copies every such log to `$STATE_DIR/originals`.',
    risk:
      '- Lines written between the compression and the emptying of a log are lost (a known property of copytruncate; usually a fraction of a second).\n' +
      '- Saving the originals needs as much free space as the logs take. On a nearly full disk, point `RUNWAY_JOB_STATE_DIR` at a directory on another filesystem, or AutoAction stops with exit 2. The space is gained for good once you remove the state directory.\n' +
      '- If logs grow like this again, the lasting fix is a logrotate rule (`size`, `rotate`, `compress`) for them, or less verbose logging.',
    verify:
      `- \`df -h ${kind.logDir}\` shows the space back, less the compressed copies.\n` +
      `- \`ls -l ${kind.logDir}\` shows the \`.gz\` copies beside the emptied logs; \`zcat <copy> | tail\` shows their last lines.\n` +
      '- The programs still write their logs (`tail -f <log>`).\n' +
      '- When satisfied, remove the saved originals: `rm -rf "$STATE_DIR"` (the path is printed by AutoAction).',
    revert:
      'FailureRevert removes the `.gz` copies this run made and writes each saved original back into its log file (the same file, so programs holding it open keep it). ' +
      'Lines logged after the rotation are overwritten by the original content.',
    scripts: { auto: 'rotate-logs.auto.sh', revert: 'rotate-logs.revert.sh' },
  };
}

export function debugLoggingOff(kind: DebugLoggingOffJob, { id }: JobContext): JobTemplate {
  const key = kind.key ?? 'log_level';
  const from = kind.from ?? 'debug';
  const to = kind.to ?? 'info';
  return {
    title: `Turn debug logging off in ${kind.configFile}`,
    settings: [
      { name: 'CONFIG_FILE', value: kind.configFile, doc: 'The configuration file to change.' },
      { name: 'KEY', value: key, doc: 'Name of the setting (matched regardless of case).' },
      { name: 'FROM', value: from, doc: 'Value to replace.' },
      { name: 'TO', value: to, doc: 'Value to set instead.' },
      stateSetting(id),
    ],
    what:
      `In \`${kind.configFile}\`, every line setting \`${key}\` to \`${from}\` (written \`key = value\`, \`key: value\` or \`key value\`, quoted or not, with or without a trailing comment; the name matched regardless of case) ` +
      `gets \`${to}\` instead. Nothing else in the file changes. A copy of the file goes to \`$STATE_DIR/backup/config\` first. ` +
      'The program reading the file must then be reloaded or restarted; AutoAction does not do that, as it does not know which service reads the file.',
    risk:
      '- The logs carry less detail from now on.\n' +
      "- A format this pattern does not match (a one-line YAML map, an include file) is left alone; AutoAction then says there is nothing to do. Check the dry run's list of lines.\n" +
      '- Debug output already written stays on disk: rotate or remove it separately (see the rotate-logs job).',
    verify:
      `- \`grep -in ${key} ${kind.configFile}\` shows \`${to}\`.\n` +
      '- Reload the program (for example `systemctl reload <service>`) and check that it runs without errors (`systemctl status <service>`, its log).\n' +
      '- Over the next day the log grows much more slowly (`ls -l`, `du -sh`).',
    revert: 'FailureRevert copies the saved file back over the config (content, mode and time). Reload the program again afterwards.',
    scripts: { auto: 'debug-logging-off.auto.sh', revert: 'debug-logging-off.revert.sh' },
  };
}

export function cleanOldBackups(kind: CleanOldBackupsJob, { id }: JobContext): JobTemplate {
  const quarantineDir = kind.quarantineDir ?? join(dirname(kind.backupDir), `.runway-quarantine-${id}`);
  const days = kind.olderThanDays;
  return {
    title: `Move backups older than ${days} days out of ${kind.backupDir}`,
    settings: [
      { name: 'BACKUP_DIR', value: kind.backupDir, doc: 'Directory whose old entries are moved.' },
      { name: 'OLDER_THAN_DAYS', value: String(days), doc: 'Entries last modified at least this many days ago are moved.' },
      { name: 'QUARANTINE_DIR', value: quarantineDir, doc: 'Where they are moved to; its parent must exist, and it must not be inside BACKUP_DIR.' },
      stateSetting(id),
    ],
    what:
      `Every entry (file or directory) directly inside \`${kind.backupDir}\` last modified at least ${days} days ago moves into \`${quarantineDir}\`. Nothing is deleted. ` +
      'A quarantine on the same filesystem as the backups (the default) makes the move instant but frees no space until you delete the quarantine; ' +
      'one on another filesystem frees the space at once but needs room there, which AutoAction checks.',
    risk:
      '- An old backup may be the only copy of something, or the base that newer incremental backups depend on. Compare the dry run\'s list with your retention scheme before `--apply`, and keep the quarantine until you are sure.\n' +
      '- A backup program that expects its old files may complain until they are back.',
    verify:
      `- \`ls -la ${kind.backupDir}\` lists only recent backups, and \`ls -la ${quarantineDir}\` the old ones.\n` +
      "- Run the backup program's own check or listing.\n" +
      `- When sure, free the space: \`rm -rf ${quarantineDir} "$STATE_DIR"\`.`,
    revert: 'FailureRevert moves every quarantined entry back to its place, newest move first, and removes the quarantine directory when this job created it and it is empty again.',
    scripts: { auto: 'clean-old-backups.auto.sh', revert: 'clean-old-backups.revert.sh' },
  };
}

export function cleanSmallFiles(kind: CleanSmallFilesJob, { id }: JobContext): JobTemplate {
  const days = kind.olderThanDays;
  const pattern = kind.pattern ?? '*';
  return {
    title: `Remove files older than ${days} days under ${kind.filesDir} to free inodes`,
    settings: [
      { name: 'FILES_DIR', value: kind.filesDir, doc: 'Directory whose old files are removed (subdirectories too, not other filesystems).' },
      { name: 'OLDER_THAN_DAYS', value: String(days), doc: 'Files last modified at least this many days ago are removed.' },
      { name: 'PATTERN', value: pattern, doc: 'File name pattern (find -name) of the files to remove.' },
      stateSetting(id),
    ],
    what:
      `Every file under \`${kind.filesDir}\` (staying on that filesystem) matching \`${pattern}\` and last modified at least ${days} days ago is packed into one archive, ` +
      '`$STATE_DIR/files.tar.gz`, and then removed. Each file takes an inode; the archive takes one, so the inodes are free at once. ' +
      'The dry run counts the files per directory, most first, so you see which sessions, queues or caches hold them. Directories stay.',
    risk:
      "- A file that is old but still used (a long-lived session, a deferred mail still retried, a cache entry) is gone for the program that uses it: a user is logged out, a deferred mail is not retried, a cache refills. Check the dry run's directories.\n" +
      '- The archive needs space for the files (compressed); on a filesystem with no bytes left either, point `RUNWAY_JOB_STATE_DIR` at another filesystem.\n' +
      "- If files pile up like this again, the lasting fix is the program's own clean-up (PHP's `session.gc_maxlifetime` with a working gc, a queue lifetime, a cache expiry) or a filesystem with more inodes.",
    verify:
      `- \`df -i ${kind.filesDir}\` shows the inodes back.\n` +
      '- The programs using the directory still work (a login, a test mail, a page that fills the cache).\n' +
      '- When satisfied, remove the archive: `rm -rf "$STATE_DIR"` (the path is printed by AutoAction).',
    revert: 'FailureRevert unpacks the archive into the directory, putting every removed file back with its mode and modification time; a file created since under the same name is kept as it is.',
    scripts: { auto: 'clean-small-files.auto.sh', revert: 'clean-small-files.revert.sh' },
  };
}

export function growFilesystem(kind: GrowFilesystemJob & { mount: string; growBytes: number }, { id, row }: JobContext): JobTemplate {
  const fixed = kind.targetBytes !== undefined;
  const size = fixed ? `to ${gb(kind.targetBytes!)}` : `by ${gb(kind.growBytes)}`;
  const inventory = row.totalBytes ? `The inventory says ${gb(row.totalBytes)}; AutoAction goes by what the host reports. ` : '';
  return {
    title: `Grow the filesystem on ${kind.mount} ${size}`,
    settings: [
      { name: 'MOUNT', value: kind.mount, doc: 'Mount point of the filesystem to grow.' },
      { name: 'GROW_BYTES', value: String(kind.growBytes), doc: 'Bytes added to the logical volume, whose size is read from the host when AutoAction runs.' },
      { name: 'TARGET_BYTES', value: String(kind.targetBytes ?? 0), doc: 'A fixed size to extend the volume to instead, in bytes; 0: its size at run time plus GROW_BYTES. LVM rounds up to whole extents.' },
      { name: 'SNAPSHOT', value: kind.snapshot ? '1' : '0', doc: '1: take a classic LVM snapshot before extending (see Risk, and remove it afterwards); 0: none.' },
      { name: 'SNAPSHOT_BYTES', value: String(kind.snapshotBytes ?? 0), doc: 'Copy-on-write space of the snapshot in bytes; 0: a tenth of the volume, at least 1 GiB.' },
      stateSetting(id),
    ],
    what:
      `AutoAction checks that \`${kind.mount}\` is an ext2/3/4 or XFS filesystem on an LVM logical volume, reads the volume's size and the volume group's free space from the host, and checks the group has room. Then it ` +
      `${kind.snapshot ? '(1) takes an LVM snapshot of the volume (asked for with `--snapshot`; it stops if the group has no room for it), ' : '(1) takes no snapshot unless `RUNWAY_JOB_SNAPSHOT=1` (the bundle was written without `--snapshot`), '}` +
      `(2) extends the volume ${fixed ? `to ${kind.targetBytes} bytes` : `by ${kind.growBytes} bytes (${gb(kind.growBytes)}, the step Runway's proposal names) beyond the size it has when AutoAction runs`} with \`lvextend\`, and (3) grows the filesystem online to fill it (\`resize2fs\`, or \`xfs_growfs\`). ` +
      `${inventory}The dry run only checks and prints the plan with the exact commands and sizes. ` +
      'When the group lacks the space AutoAction stops with exit 2: add a disk to the group first (`pvcreate`, `vgextend`), or grow the virtual disk and then the physical volume (`pvresize`). ' +
      `Once done it leaves \`$STATE_DIR.done\` saying what it grew, so running it again does nothing; remove that file to grow ${fixed ? 'to the target' : 'by the same step'} again.`,
    risk:
      '- Growing ext4 and XFS online is routine and leaves existing data alone, but it changes the storage of a running system: have a current backup.\n' +
      '- A classic LVM snapshot (`--snapshot`) makes every write to the volume copy the old block first: on a busy database volume that slows every write while the snapshot exists, and the snapshot becomes invalid when its copy-on-write space fills. ' +
      'It is therefore off by default; take it only for a short window, and remove it as soon as the result checks out (see How to verify).\n' +
      '- Thin-provisioned volumes, and filesystems other than ext2/3/4 and XFS, are not handled.',
    verify:
      `- \`df -h ${kind.mount}\` shows the new size; \`lvs\` shows the volume's size${kind.snapshot ? ' and the snapshot' : ''}.\n` +
      '- `dmesg | tail` shows no filesystem errors.\n' +
      '- **Removing the snapshot** (when one was taken): once the above checks out, `sudo lvremove <vg>/<snapshot>` (AutoAction prints the exact command; the name is `<volume>-runway-<first 8 characters of the job id>`). ' +
      '`lvs` then no longer lists it, and writes to the volume are back to full speed. Do it within hours, not days: the longer it lives, the more of its space fills.',
    revert:
      '**Shrinking is not a way back.** XFS cannot shrink at all, and shrinking ext4 means unmounting it, checking it and shrinking the filesystem before the volume; this job never does that.\n\n' +
      'What FailureRevert does: if the run stopped before the filesystem was grown, it reduces the volume back to its recorded size (safe: the filesystem still ends where it did) and removes the snapshot. ' +
      'If the filesystem was grown, it changes nothing and exits 2 with the options:\n\n' +
      '- keep the larger filesystem (the data is unchanged; usually the right choice) and remove the snapshot: `lvremove <vg>/<snapshot>`;\n' +
      '- or, if the content itself must go back, merge the snapshot: `lvconvert --merge <vg>/<snapshot>`. The merge completes at the next activation of the volume (unmount it, `lvchange -an` then `-ay`, or reboot) and **discards every write made since the snapshot**. ' +
      'Whether the volume also returns to its old size depends on the LVM version; check with `lvs` afterwards.\n\n' +
      'Without a snapshot (the default), the way back for the data is your backups.',
    scripts: { auto: 'grow-filesystem.auto.sh', revert: 'grow-filesystem.revert.sh' },
  };
}

const gb = (bytes: number): string => `${(bytes / GB).toFixed(0)} GB`;
