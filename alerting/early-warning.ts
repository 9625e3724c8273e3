import type { RunwayRow } from '../forecast/job/runway-row.ts';
import { isoDay } from './format.ts';
import { proposeRemediation } from './remediation.ts';

export type Severity = 'critical' | 'warning';

export interface EarlyWarning {
  /** Labels identify the alert (Alertmanager semantics): same labels, same alert. */
  labels: { alertname: string; severity: Severity; customer: string; host: string; resource: string };
  summary: string;
  remediation: string;
  row: RunwayRow;
}

export interface EarlyWarningPolicy {
  /** A likely crossing within this many days is a warning. */
  warningDays: number;
  /** A likely disk crossing within this many days is critical. */
  criticalDays: number;
}

const ALERT_NAMES = { disk_used_percent: 'DiskFillingUp', load_daily_max: 'PeakLoadOverCapacity' } as const;

/**
 * Disk likely at the threshold within criticalDays → critical, within warningDays → warning;
 * daily peak load likely at the host's cores within warningDays → warning.
 */
export function severityOf(row: RunwayRow, policy: EarlyWarningPolicy): Severity | null {
  if (row.daysLeft === null) return null;
  if (row.metric === 'disk_used_percent' && row.daysLeft <= policy.criticalDays) return 'critical';
  return row.daysLeft <= policy.warningDays ? 'warning' : null;
}

export function evaluateEarlyWarnings(rows: readonly RunwayRow[], policy: EarlyWarningPolicy): EarlyWarning[] {
  const out: EarlyWarning[] = [];
  for (const row of rows) {
    const severity = severityOf(row, policy);
    if (!severity) continue;
    out.push({
      labels: { alertname: ALERT_NAMES[row.metric], severity, customer: row.customer, host: row.host, resource: row.resource },
      summary: summaryOf(row),
      remediation: proposeRemediation(row),
      row,
    });
  }
  return out;
}

function summaryOf(row: RunwayRow): string {
  const when = `likely ${isoDay(row.crossing.likely)} (earliest ${isoDay(row.crossing.earliest)}, latest ${isoDay(row.crossing.latest)})`;
  if (row.metric === 'disk_used_percent') {
    return `${row.host} ${row.resource} reaches ${row.threshold} % ${when}; now ${row.current.toFixed(1)} %`;
  }
  const driver = row.driver && row.driver !== 'trend' ? `, driven by the ${row.driver} peak` : '';
  return `${row.host} daily peak load reaches its ${row.threshold} cores ${when}${driver}; recent peak ${row.current.toFixed(2)}`;
}
