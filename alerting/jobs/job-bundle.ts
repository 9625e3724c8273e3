import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunwayError } from '../../core/errors.ts';
import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { fingerprintOf } from '../notifier.ts';
import { jobReadme } from './job-readme.ts';
import { jobTemplate, type JobKind } from './job-kinds.ts';
import { jobScript } from './script-common.ts';

/** What a job is written for: an early warning (EarlyWarning fits) or a delivered alert with its row. */
export interface JobAlert {
  labels: Record<string, string>;
  row: RunwayRow;
  remediation: string;
}

export interface JobBundle {
  /** `<alert fingerprint>-<kind>`: names the bundle and the default state directory on the host. */
  id: string;
  dir: string;
  /** Absolute paths of the files written. */
  files: string[];
}

export const JOB_FILES = { readme: 'README.md', autoAction: 'AutoAction', failureRevert: 'FailureRevert' } as const;

/**
 * Writes a remote service job for the customer's administrator into `dir` (created if missing,
 * refused if it holds anything): README.md (what, why with the evidence, risk, how to run, verify
 * and revert), AutoAction (dry run unless --apply) and FailureRevert. Runway never runs them.
 */
export async function writeJobBundle(dir: string, alert: JobAlert, kind: JobKind, opts: { nowMs?: number } = {}): Promise<JobBundle> {
  const id = jobId(alert, kind);
  const template = jobTemplate(kind, { id, row: alert.row });
  await mkdir(dir, { recursive: true });
  const existing = await readdir(dir);
  if (existing.length > 0) throw new RunwayError('RUNWAY_ERR_JOB_DIR', { dir, reason: `it already holds ${existing.length} entr${existing.length === 1 ? 'y' : 'ies'}; choose a new or empty directory` });

  const files = {
    [JOB_FILES.readme]: jobReadme(template, alert, id, opts.nowMs ?? Date.now()),
    [JOB_FILES.autoAction]: jobScript({ role: 'AutoAction', title: template.title, jobId: id, settings: template.settings, bodyFile: template.scripts.auto }),
    [JOB_FILES.failureRevert]: jobScript({ role: 'FailureRevert', title: template.title, jobId: id, settings: template.settings, bodyFile: template.scripts.revert }),
  };
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, text, { flag: 'wx' });
    if (name !== JOB_FILES.readme) await chmod(path, 0o755);
    written.push(path);
  }
  return { id, dir, files: written };
}

/** Stable per alert and kind, so a bundle written twice for the same alert shares its state directory on the host. */
export function jobId(alert: Pick<JobAlert, 'labels'>, kind: Pick<JobKind, 'type'>): string {
  return `${fingerprintOf(alert.labels)}-${kind.type}`;
}
