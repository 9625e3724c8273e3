import { RunwayError } from '../../core/errors.ts';
import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { diskWhatIf } from '../what-if.ts';
import { cleanOldBackups, cleanSmallFiles, debugLoggingOff, growFilesystem, rotateLogs } from './job-templates.ts';
import type { JobSetting } from './script-common.ts';

/** Rotate and compress logs over a size under a directory; the originals are kept until the state is removed. */
export interface RotateLogsJob {
  type: 'rotate-logs';
  logDir: string;
  /** Logs larger than this many bytes are rotated; default 100 MB. */
  minBytes?: number;
  /** File name pattern (find -name); default *.log. */
  pattern?: string;
}

/** Set a log-level setting from debug to info in one config file; a copy is kept. */
export interface DebugLoggingOffJob {
  type: 'debug-logging-off';
  configFile: string;
  /** Setting name; default log_level (matched without regard to case, so LogLevel too). */
  key?: string;
  /** Value to replace; default debug. */
  from?: string;
  /** Value to set; default info. */
  to?: string;
}

/** Move backups older than N days to a quarantine directory, from which revert moves them back. */
export interface CleanOldBackupsJob {
  type: 'clean-old-backups';
  backupDir: string;
  olderThanDays: number;
  /** Default: .runway-quarantine-<job> beside backupDir (same filesystem, so moves are instant). */
  quarantineDir?: string;
}

/** Archive and remove old small files (sessions, a mail queue, a cache) under a directory, to free inodes; revert unpacks them. */
export interface CleanSmallFilesJob {
  type: 'clean-small-files';
  filesDir: string;
  olderThanDays: number;
  /** File name pattern (find -name); default every file. */
  pattern?: string;
}

/** Extend the LVM volume under a mount and grow its filesystem online; a snapshot first only when asked for. */
export interface GrowFilesystemJob {
  type: 'grow-filesystem';
  /** Default: the alert's mount. */
  mount?: string;
  /** Bytes to add to the volume as the host reports it at run time; default the step the remediation proposes. */
  growBytes?: number;
  /** A fixed volume size to reach instead, in bytes. */
  targetBytes?: number;
  /**
   * Take a classic LVM snapshot before extending. Off by default: on a busy volume (a live database)
   * every write then costs a copy, and the snapshot breaks when its space fills.
   */
  snapshot?: boolean;
  /** Copy-on-write space of the snapshot, in bytes; default a tenth of the volume, at least 1 GiB. */
  snapshotBytes?: number;
}

export type JobKind = RotateLogsJob | DebugLoggingOffJob | CleanOldBackupsJob | CleanSmallFilesJob | GrowFilesystemJob;
export type JobKindName = JobKind['type'];

/** The kinds, with a line each, for command help. */
export const JOB_KINDS: Record<JobKindName, string> = {
  'rotate-logs': 'compress and empty oversized logs under a directory (originals kept for revert)',
  'debug-logging-off': 'set a log level from debug to info in a config file (copy kept for revert)',
  'clean-old-backups': 'move backups older than N days to a quarantine directory (moved back on revert)',
  'clean-small-files': 'archive and remove files older than N days under a directory, freeing their inodes (unpacked again on revert)',
  'grow-filesystem': 'extend the LVM volume of a mount, sized from the host at run time, and grow its filesystem online (snapshot with --snapshot)',
};

/** What a kind's bundle holds, before it is written out. */
export interface JobTemplate {
  title: string;
  settings: JobSetting[];
  /** Markdown for the README's sections. */
  what: string;
  risk: string;
  verify: string;
  revert: string;
  /** Script bodies under scripts/. */
  scripts: { auto: string; revert: string };
}

export interface JobContext {
  id: string;
  row: RunwayRow;
}

/** The template of a kind for an alert's row; refuses kinds that make no sense for it. */
export function jobTemplate(kind: JobKind, ctx: JobContext): JobTemplate {
  const refuse = (reason: string): never => {
    throw new RunwayError('RUNWAY_ERR_JOB_KIND', { kind: kind.type, reason });
  };
  const frees = kind.type === 'clean-small-files' ? ['disk_used_percent', 'inodes_used_percent'] : kind.type === 'debug-logging-off' ? null : ['disk_used_percent'];
  if (frees && !frees.includes(ctx.row.metric)) refuse(`it frees ${kind.type === 'clean-small-files' ? 'files' : 'disk space'}, and this alert is about ${ctx.row.resource}`);
  if (kind.type === 'grow-filesystem' && ctx.row.metric !== 'disk_used_percent') refuse('it adds bytes, not inodes');
  const absolute = (what: string, path: string | undefined) => {
    if (!path || !path.startsWith('/')) refuse(`${what} must be an absolute path (got "${path ?? ''}")`);
    return path as string;
  };
  switch (kind.type) {
    case 'rotate-logs':
      return rotateLogs({ ...kind, logDir: absolute('logDir', kind.logDir) }, ctx);
    case 'debug-logging-off':
      if (kind.key !== undefined && !/^[A-Za-z0-9_.-]+$/.test(kind.key)) refuse('key must be a plain setting name');
      if (![kind.from, kind.to].every((v) => v === undefined || /^[A-Za-z0-9_]+$/.test(v))) refuse('from and to must be plain words');
      return debugLoggingOff({ ...kind, configFile: absolute('configFile', kind.configFile) }, ctx);
    case 'clean-old-backups':
      if (!Number.isInteger(kind.olderThanDays) || kind.olderThanDays < 1) refuse('olderThanDays must be a whole number of days, at least 1');
      if (kind.quarantineDir !== undefined) absolute('quarantineDir', kind.quarantineDir);
      return cleanOldBackups({ ...kind, backupDir: absolute('backupDir', kind.backupDir) }, ctx);
    case 'clean-small-files':
      if (!Number.isInteger(kind.olderThanDays) || kind.olderThanDays < 1) refuse('olderThanDays must be a whole number of days, at least 1');
      if (kind.pattern !== undefined && !/^[A-Za-z0-9_.*?-]+$/.test(kind.pattern)) refuse('pattern must be a plain file name pattern');
      return cleanSmallFiles({ ...kind, filesDir: absolute('filesDir', kind.filesDir) }, ctx);
    case 'grow-filesystem': {
      const mount = absolute('mount', kind.mount ?? ctx.row.mount);
      const growBytes = kind.growBytes ?? diskWhatIf(ctx.row)?.extraBytes ?? 0;
      if (kind.targetBytes === undefined && !(growBytes > 0)) refuse('how much to grow is unknown (the alert carries no disk size): pass growBytes or targetBytes');
      if (kind.targetBytes !== undefined && !(kind.targetBytes > 0)) refuse('targetBytes must be a positive number of bytes');
      return growFilesystem({ ...kind, mount, growBytes: Math.ceil(growBytes) }, ctx);
    }
  }
}

/** Kinds worth proposing for an alert without further input: those whose parameters the alert itself implies. */
export function suggestJobKinds(row: RunwayRow): JobKind[] {
  if (row.metric === 'inodes_used_percent') return [{ type: 'clean-small-files', filesDir: smallFilesDir(row.mount ?? '/'), olderThanDays: 30 }];
  if (row.metric !== 'disk_used_percent' || !row.mount) return [];
  const out: JobKind[] = [];
  if (['/', '/var', '/var/log'].includes(row.mount)) out.push({ type: 'rotate-logs', logDir: '/var/log' });
  if (row.totalBytes && diskWhatIf(row)) out.push({ type: 'grow-filesystem', mount: row.mount });
  return out;
}

/** Where a filesystem's many small files usually are: a mail queue, or PHP's sessions. */
function smallFilesDir(mount: string): string {
  if (/mail|spool/.test(mount)) return mount.startsWith('/var/spool') ? mount : '/var/spool/postfix/deferred';
  return '/var/lib/php/sessions';
}
