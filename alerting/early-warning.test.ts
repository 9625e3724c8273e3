import { describe, expect, it } from 'vitest';
import { AlertTracker } from './alert-tracker.ts';
import { evaluateEarlyWarnings, severityOf } from './early-warning.ts';
import { fingerprintOf } from './notifier.ts';
import { proposeRemediation } from './remediation.ts';
import { NOW_MS, runwayRow } from './test-rows.ts';

const policy = { warningDays: 30, criticalDays: 7 };

describe('early-warning rules', () => {
  it('grades disks by days left and load only as a warning', () => {
    expect(severityOf(runwayRow({ daysLeft: 3 }), policy)).toBe('critical');
    expect(severityOf(runwayRow({ daysLeft: 7 }), policy)).toBe('critical');
    expect(severityOf(runwayRow({ daysLeft: 20 }), policy)).toBe('warning');
    expect(severityOf(runwayRow({ daysLeft: 45 }), policy)).toBeNull();
    expect(severityOf(runwayRow({ daysLeft: null }), policy)).toBeNull();
    expect(severityOf(runwayRow({ daysLeft: 3, metric: 'load_daily_max', resource: 'load' }), policy)).toBe('warning');
  });

  it('names the season behind a load warning and proposes cores', () => {
    const row = runwayRow({ daysLeft: 20, metric: 'load_daily_max', resource: 'load', threshold: 8, current: 6.5, peakForecast: 10.2, driver: 'christmas 2026' });
    const [w] = evaluateEarlyWarnings([row], policy);
    expect(w?.labels).toEqual({ alertname: 'PeakLoadOverCapacity', severity: 'warning', customer: 'acme', host: 'web-1', resource: 'load' });
    expect(w?.summary).toContain('driven by the christmas 2026 peak');
    expect(w?.remediation).toMatch(/3 more cores keep the forecast peak under capacity/);
  });

  it('turns disk growth into what-if numbers', () => {
    // 200 GB disk at 80 %, growing 0.5 points (1 GB) a day: +50 GB gives (0.9 × 250 − 160) / 1 = 65 days.
    const text = proposeRemediation(runwayRow({ daysLeft: 20 }));
    expect(text).toContain('about 1.0 GB a day');
    expect(text).toContain('+50 GB moves the likely full date from 2026-12-11 to about 2027-01-25 (2 months of headroom)');
  });
});

describe('alert tracking', () => {
  it('sends a new alert once, an escalation as resolve + fire, and a cleared alert as resolved', () => {
    const tracker = new AlertTracker();
    const warn = evaluateEarlyWarnings([runwayRow({ daysLeft: 20 })], policy);
    const first = tracker.update(warn, NOW_MS);
    expect(first.map((a) => [a.status, a.labels.severity])).toEqual([['firing', 'warning']]);
    expect(tracker.update(evaluateEarlyWarnings([runwayRow({ daysLeft: 19 })], policy), NOW_MS + 3_600_000)).toEqual([]);

    const escalated = tracker.update(evaluateEarlyWarnings([runwayRow({ daysLeft: 5 })], policy), NOW_MS + 7_200_000);
    expect(escalated.map((a) => [a.status, a.labels.severity])).toEqual([['resolved', 'warning'], ['firing', 'critical']]);

    const cleared = tracker.update([], NOW_MS + 10_800_000);
    expect(cleared.map((a) => [a.status, a.labels.severity])).toEqual([['resolved', 'critical']]);
    expect(cleared[0]?.endsAt).toBe(new Date(NOW_MS + 10_800_000).toISOString());
    expect(tracker.firing).toEqual([]);
  });

  it('computes Alertmanager fingerprints independent of label order', () => {
    const a = fingerprintOf({ alertname: 'X', severity: 'critical' });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf({ severity: 'critical', alertname: 'X' })).toBe(a);
    expect(fingerprintOf({ alertname: 'X', severity: 'warning' })).not.toBe(a);
    // FNV-1a 64 of the empty input is its offset basis.
    expect(fingerprintOf({})).toBe('cbf29ce484222325');
  });
});
