import { readCommandLine, type CommandLine } from '../core/command-line.ts';
import { loadConfig } from '../core/config.ts';
import { loadAlertingState } from '../alerting/lifecycle/alert-state-file.ts';
import type { AlertRecord } from '../alerting/lifecycle/alert-machine.ts';
import { labelsOf } from '../alerting/delivery/notification.ts';
import { fingerprintOf } from '../alerting/notifier.ts';
import { writeJobBundle } from '../alerting/jobs/job-bundle.ts';
import { JOB_KINDS, suggestJobKinds, type JobKind, type JobKindName } from '../alerting/jobs/job-kinds.ts';

const USAGE = `runway job <alert-id> [--kind KIND] [--out DIR] [kind options]

Writes a remote service job for an alert: README.md for the customer's administrator, AutoAction
(dry-run unless run with --apply) and FailureRevert. Runway never runs them itself.
<alert-id> is the alert's fingerprint (as in Alertmanager, the API and e-mails; a unique prefix
will do) or its key. Without --kind the first kind the alert's evidence suggests is used.

Kinds:
${Object.entries(JOB_KINDS).map(([k, d]) => `  ${k.padEnd(18)} ${d}`).join('\n')}

Kind options: --log-dir DIR (rotate-logs), --config-file FILE (debug-logging-off),
--backup-dir DIR --older-than-days N (clean-old-backups), --mount PATH and --snapshot (grow-filesystem:
also take a classic LVM snapshot first, off by default; its README says how to remove it).`;

const VALUES = ['kind', 'out', 'log-dir', 'config-file', 'backup-dir', 'older-than-days', 'mount'] as const;
type JobOptions = CommandLine<(typeof VALUES)[number], 'snapshot'>;

/** `runway job`: one alert from the alert state file → one job bundle folder. */
export async function runJobCommand(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  let options: JobOptions;
  try {
    options = readCommandLine(argv, { values: VALUES, switches: ['snapshot'], positionals: true });
    if (options.positionals.length !== 1) throw new Error(options.positionals.length === 0 ? 'give the alert id' : `give one alert id, not ${options.positionals.join(' ')}`);
  } catch (e) {
    io.stderr(`runway job: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const id = options.positionals[0]!;
  const config = loadConfig();
  const say = (_obj: object, msg: string) => io.stderr(`runway job: ${msg}\n`);
  const state = await loadAlertingState(config.alertStateFile, { info() {}, warn: say, error: say }, { readOnly: true });
  const matches = state.records.filter((r) => r.key === id || fingerprintOf(labelsOf(r)).startsWith(id));
  if (matches.length !== 1) {
    io.stderr(`runway job: ${matches.length === 0 ? `no alert "${id}" in ${config.alertStateFile}` : `"${id}" matches ${matches.length} alerts; give more of the fingerprint`}\n`);
    return 2;
  }
  const record = matches[0]!;
  if (!record.evidence) {
    io.stderr(`runway job: alert ${id} carries no forecast evidence yet; wait for the next forecast run\n`);
    return 2;
  }
  const kind = chooseKind(record, options);
  if (typeof kind === 'string') {
    io.stderr(`runway job: ${kind}\n\n${USAGE}\n`);
    return 2;
  }
  const alert = { labels: labelsOf(record), row: record.evidence, remediation: record.remediation };
  const bundle = await writeJobBundle(options.values.out ?? `jobs/${fingerprintOf(alert.labels)}-${kind.type}`, alert, kind);
  io.stdout(`wrote ${bundle.dir}: ${bundle.files.join(', ')}\nReview README.md, then run AutoAction on the host (dry-run first; --apply to change anything).\n`);
  return 0;
}

/** The kind asked for with its options, or the first one the evidence suggests; a string says what is missing. */
function chooseKind(record: AlertRecord, { values: flags, switches }: JobOptions): JobKind | string {
  const name = flags.kind as JobKindName | undefined;
  if (!name) return suggestJobKinds(record.evidence!)[0] ?? 'this alert suggests no job by itself: choose one with --kind and its options';
  switch (name) {
    case 'rotate-logs':
      return { type: name, logDir: flags['log-dir'] ?? '/var/log' };
    case 'debug-logging-off':
      return flags['config-file'] ? { type: name, configFile: flags['config-file']! } : '--config-file is required for debug-logging-off';
    case 'clean-old-backups': {
      const days = Number(flags['older-than-days']);
      return flags['backup-dir'] && days > 0 ? { type: name, backupDir: flags['backup-dir']!, olderThanDays: days } : '--backup-dir and --older-than-days are required for clean-old-backups';
    }
    case 'grow-filesystem':
      return { type: name, ...(flags['mount'] ? { mount: flags['mount']! } : {}), ...(switches.has('snapshot') ? { snapshot: true } : {}) };
    default:
      return `unknown kind "${String(name)}"`;
  }
}
