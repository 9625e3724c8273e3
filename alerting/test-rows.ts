import type { RunwayRow } from '../forecast/job/runway-row.ts';
import { toNotification } from './delivery/notification.ts';
import { alertCandidates } from './early-warning.ts';
import { AlertMachine } from './lifecycle/alert-machine.ts';
import { DEFAULT_TIERS } from './lifecycle/tiers.ts';
import type { AlertNotification } from './notifier.ts';

const DAY_MS = 86_400_000;
export const NOW_MS = Date.UTC(2026, 10, 21);

/** A runway row for tests of the alerting stage; the likely crossing is `daysLeft` days after NOW_MS. */
export function runwayRow(over: Partial<RunwayRow> & { daysLeft: number | null }): RunwayRow {
  const likely = over.daysLeft === null ? null : NOW_MS + over.daysLeft * DAY_MS;
  return {
    customer: 'acme',
    host: 'web-1',
    resource: 'disk /var',
    metric: 'disk_used_percent',
    mount: '/var',
    current: 80,
    threshold: 90,
    crossing: { earliest: likely === null ? null : likely - 3 * DAY_MS, likely, latest: likely === null ? null : likely + 4 * DAY_MS },
    driver: likely === null ? null : 'trend',
    growthPerDay: 0.5,
    peakForecast: 95,
    totalBytes: 200e9,
    model: 'seasonal-linear',
    run: new Date(NOW_MS).toISOString(),
    computedAtMs: NOW_MS,
    ...over,
  };
}

/** The notifications a first run over these rows fires, through the real lifecycle. */
export function firingNotifications(rows: readonly RunwayRow[]): AlertNotification[] {
  const machine = new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 });
  return machine.evaluate(alertCandidates(rows), NOW_MS).map(toNotification);
}
