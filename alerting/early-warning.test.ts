import { describe, expect, it } from 'vitest';
import { alertCandidates } from './early-warning.ts';
import { AlertMachine } from './lifecycle/alert-machine.ts';
import { DEFAULT_TIERS } from './lifecycle/tiers.ts';
import { fingerprintOf } from './notifier.ts';
import { proposeRemediation } from './remediation.ts';
import { NOW_MS, runwayRow } from './test-rows.ts';

const severities = (rows: Parameters<typeof alertCandidates>[0]) =>
  new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 }).evaluate(alertCandidates(rows), NOW_MS).map((t) => t.record.severity);

describe('early-warning rules', () => {
  it('grade disks by lead time, and cap load at warning', () => {
    expect(severities([runwayRow({ daysLeft: 3 })])).toEqual(['critical']);
    expect(severities([runwayRow({ daysLeft: 7 })])).toEqual(['critical']);
    expect(severities([runwayRow({ daysLeft: 20 })])).toEqual(['warning']);
    expect(severities([runwayRow({ daysLeft: 45 })])).toEqual(['notice']);
    expect(severities([runwayRow({ daysLeft: null })])).toEqual([]);
    expect(severities([runwayRow({ daysLeft: 3, metric: 'load_daily_max', resource: 'load' })])).toEqual(['warning']);
  });

  it('names the season behind a load warning and proposes cores', () => {
    const row = runwayRow({ daysLeft: 20, metric: 'load_daily_max', resource: 'load', threshold: 8, current: 6.5, peakForecast: 10.2, driver: 'christmas 2026' });
    const [c] = alertCandidates([row]);
    expect(c?.labels).toEqual({ alertname: 'PeakLoadOverCapacity', customer: 'acme', host: 'web-1', resource: 'load' });
    expect(c?.summary).toContain('driven by the christmas 2026 peak');
    expect(c?.remediation).toMatch(/3 more cores keep the forecast peak under capacity/);
  });

  it('turns disk growth into what-if numbers', () => {
    // 200 GB disk at 80 %, growing 0.5 points (1 GB) a day: +50 GB gives (0.9 × 250 − 160) / 1 = 65 days.
    const text = proposeRemediation(runwayRow({ daysLeft: 20 }));
    expect(text).toContain('about 1.0 GB a day');
    expect(text).toContain('+50 GB moves the likely full date from 2026-12-11 to about 2027-01-25 (2 months of headroom)');
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

describe('remediation from the evidence', () => {
  it('asks what changed on the day the growth changed', () => {
    const text = proposeRemediation(runwayRow({ daysLeft: 20, trendBreakMs: Date.UTC(2026, 9, 22) }));
    expect(text).toContain('The growth changed on 2026-10-22');
    expect(proposeRemediation(runwayRow({ daysLeft: 20 }))).not.toContain('changed on');
  });
});

describe('moving cores within a pool', () => {
  const load = (host: string, cores: number, peak: number, daysLeft: number | null) =>
    runwayRow({ host, daysLeft, metric: 'load_daily_max', resource: 'load', mount: undefined, threshold: cores, peakForecast: peak, driver: 'christmas 2026' });

  it('proposes the host in the same pool with the most cores to spare', () => {
    const rows = [load('shop1', 8, 10.2, 20), load('shop2', 16, 5.1, null), load('shop3', 8, 4.2, null), load('db1', 32, 2, null)];
    const pools: Record<string, string> = { shop1: 'web', shop2: 'web', shop3: 'web', db1: 'db' };
    const [c] = alertCandidates(rows, { poolOf: (h) => pools[h] });
    expect(c?.remediation).toContain('or move 3 cores from shop2 in the same pool (web: its forecast peak is 5.1 of 16 cores)');
  });

  it('falls back to the general advice when no peer can spare enough', () => {
    const rows = [load('shop1', 8, 10.2, 20), load('shop2', 4, 3.5, null)];
    const [c] = alertCandidates(rows, { poolOf: () => 'web' });
    expect(c?.remediation).toContain('or move load to an idle host in the same pool');
  });
});

describe('growth in words', () => {
  it('says MB a day for a slowly filling small disk', () => {
    const text = proposeRemediation(runwayRow({ daysLeft: 60, totalBytes: 50e9, growthPerDay: 0.08 }));
    expect(text).toContain('That is about 40 MB a day.');
  });
});

describe('disk evidence in the proposal', () => {
  it('names a growing rotation swing as a log or debug-logging problem', () => {
    const text = proposeRemediation(runwayRow({ daysLeft: 20, diskEvidence: { swingNow: 4.2, swingBefore: 1.5, trafficCorrelation: 0.1 } }));
    expect(text).toContain('daily swing between clean-ups grew from 1.5 to 4.2 points');
    expect(text).not.toContain('follows the host');
  });

  it('calls growth that follows traffic capacity, not waste', () => {
    const text = proposeRemediation(runwayRow({ daysLeft: 20, diskEvidence: { swingNow: 0.5, swingBefore: 0.5, trafficCorrelation: 0.82 } }));
    expect(text).toContain('follows the host\'s traffic (correlation 0.82');
    expect(text).not.toContain('daily swing');
  });
});
