import { readFileSync } from 'node:fs';

/**
 * The parts every job script shares: arguments (dry run unless --apply), exit codes, settings
 * read from the environment with the bundle's defaults, the saved-state bookkeeping that
 * FailureRevert relies on, and the rehearsal hook that stops a run after N changes.
 */

/** One setting of a job: read from RUNWAY_JOB_<NAME>, defaulting to the value the bundle was written with. */
export interface JobSetting {
  /** Shell variable name inside the scripts; the environment variable is RUNWAY_JOB_<name>. */
  name: string;
  value: string;
  doc: string;
}

/** Quotes a value for bash, whatever it holds. */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export const envName = (s: JobSetting): string => `RUNWAY_JOB_${s.name}`;

interface ScriptSpec {
  role: 'AutoAction' | 'FailureRevert';
  title: string;
  jobId: string;
  settings: readonly JobSetting[];
  /** File under scripts/ holding the kind's bash for this role. */
  bodyFile: string;
}

/** The bash lives in real .sh files next to this module, so it reads (and checks) as bash rather than as escaped template strings. */
const scriptText = (file: string): string => readFileSync(new URL(`./scripts/${file}`, import.meta.url), 'utf8');

export function jobScript(spec: ScriptSpec): string {
  const purpose =
    spec.role === 'AutoAction'
      ? 'Dry run by default: prints what it would do and changes nothing. With --apply it saves what\n# FailureRevert needs under $STATE_DIR, then makes the changes.'
      : 'Dry run by default: prints what it would restore. With --apply it restores the state AutoAction\n# saved under $STATE_DIR before it changed anything, then removes that saved state.';
  return `#!/usr/bin/env bash
# ${spec.role} of Runway job ${spec.jobId}: ${spec.title}.
# ${purpose}
# Exit codes: 0 done or nothing to do, 1 failed, 2 a precondition is not met (nothing was changed).
# Settings come from RUNWAY_JOB_* environment variables; see README.md next to this script.
set -Eeuo pipefail
export LC_ALL=C

JOB_ID=${shq(spec.jobId)}
${settingLines(spec.settings)}

${scriptText('common.sh').trim()}

${scriptText(spec.bodyFile).trim()}
`;
}

function settingLines(settings: readonly JobSetting[]): string {
  const all: JobSetting[] = [...settings, { name: 'FAIL_AFTER', value: '0', doc: '' }];
  // Two steps, so the default is quoted as a plain shell word and the environment still wins.
  return all.map((s) => `${s.name}=${shq(s.value)}\n${s.name}="\${${envName(s)}:-$${s.name}}"`).join('\n');
}

