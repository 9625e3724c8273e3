import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { bytesText, isoDay } from '../format.ts';
import { diskWhatIf } from '../what-if.ts';
import type { JobAlert } from './job-bundle.ts';
import type { JobTemplate } from './job-kinds.ts';
import { envName } from './script-common.ts';

const GB = 1e9;

/** README.md of a job bundle, for the customer's administrator: what, why, risk, how to run, verify and revert. */
export function jobReadme(t: JobTemplate, alert: JobAlert, id: string, writtenAtMs: number): string {
  const { row } = alert;
  const settings = t.settings.map((s) => `| \`${envName(s)}\` | \`${s.value.replace(/\|/g, '\\|')}\` | ${s.doc} |`);
  return `# ${t.title}

Runway job \`${id}\`, written ${new Date(writtenAtMs).toISOString()} for the alert **${alert.labels.alertname ?? 'alert'}** (${alert.labels.severity ?? 'unknown severity'})
on ${row.customer} / ${row.host}, ${row.resource}. Runway never runs it: you do, after reading this.

## What it does

${t.what}

## Why

${evidence(row)}

Runway's proposal for this alert:

> ${alert.remediation}

## Risk

${t.risk}

## How to run

1. Read this file and \`AutoAction\`.
2. Dry run, which checks the preconditions and prints the plan without changing anything: \`sudo ./AutoAction\`
3. Apply: \`sudo ./AutoAction --apply\`. It saves what a revert needs before it changes anything.

Running it again is safe: with nothing left to do it says so and exits 0. A run that finds the saved state of an earlier
run stops (exit 2) rather than overwrite it: revert that run, or remove its state once you have checked the result.

| exit code | meaning |
|---|---|
| 0 | done, or nothing to do (also every successful dry run) |
| 1 | failed part-way: run \`FailureRevert\` (see below) |
| 2 | a precondition is not met; nothing was changed; the message says what is missing |

Settings, from environment variables (\`sudo env NAME=value ./AutoAction\`); both scripts read the same ones:

| variable | default | meaning |
|---|---|---|
${settings.join('\n')}
| \`RUNWAY_JOB_FAIL_AFTER\` | \`0\` | For rehearsals only: stop with exit 1 after this many changes (0: never). Point the paths at a copy, run AutoAction with it, then FailureRevert. |

## How to verify

${t.verify}

## How to revert

${t.revert}

Run \`sudo ./FailureRevert\` to see what it would restore, then \`sudo ./FailureRevert --apply\`. It uses the same settings
and exit codes as AutoAction, and removes the saved state once everything is restored.
`;
}

/** The numbers behind the alert, as an administrator would check them. */
function evidence(row: RunwayRow): string {
  const lines: string[] = [];
  const { earliest, likely, latest } = row.crossing;
  if (row.metric === 'disk_used_percent') {
    const size = row.totalBytes ? ` of ${(row.totalBytes / GB).toFixed(0)} GB` : '';
    lines.push(`- ${row.resource} on ${row.host} is ${row.current.toFixed(1)} % used${size}; the alert threshold is ${row.threshold} %.`);
    // The same figure, in the same unit, as the proposal quoted below.
    const whatIf = diskWhatIf(row);
    const perDay = whatIf ? ` (about ${bytesText(whatIf.bytesPerDay)} a day)` : '';
    lines.push(`- The forecast grows it by ${row.growthPerDay.toFixed(2)} percentage points a day${perDay}, to a peak of ${row.peakForecast.toFixed(1)} % within its horizon.`);
  } else if (row.metric === 'load_daily_max') {
    lines.push(`- The daily peak load of ${row.host} was ${row.current.toFixed(2)} recently; it has ${row.threshold} cores.`);
    lines.push(`- The forecast peak is ${row.peakForecast.toFixed(2)}.`);
  } else {
    lines.push(`- ${row.resource} on ${row.host} was ${row.current.toFixed(1)} % recently; the alert threshold is ${row.threshold} %.`);
    lines.push(`- The forecast grows it by ${row.growthPerDay.toFixed(2)} percentage points a day, to a peak of ${row.peakForecast.toFixed(1)} % within its horizon.`);
  }
  lines.push(`- It reaches the threshold likely on ${isoDay(likely)} (earliest ${isoDay(earliest)}, latest ${isoDay(latest)})${row.daysLeft === null ? '' : `, ${row.daysLeft.toFixed(0)} days after the forecast run`}.`);
  lines.push(`- Driver: ${row.driver && row.driver !== 'trend' ? `the ${row.driver} season` : 'steady growth (trend)'}.`);
  lines.push(`- Forecast run ${row.run}, model ${row.model}.`);
  return lines.join('\n');
}
