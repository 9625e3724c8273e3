import { describe, expect, it } from 'vitest';
import { alertCandidates } from './early-warning.ts';
import { AlertMachine } from './lifecycle/alert-machine.ts';
import { DEFAULT_TIERS } from './lifecycle/tiers.ts';
import { proposeRemediation } from './remediation.ts';
import { memoryCause } from './resource-proposals.ts';
import { NOW_MS, runwayRow } from './test-rows.ts';

const GiB = 1024 ** 3;

const memRow = (over: Parameters<typeof runwayRow>[0]) =>
  runwayRow({ metric: 'mem_used_percent', resource: 'memory', mount: undefined, threshold: 90, current: 80, peakForecast: 93, growthPerDay: 0.2, totalBytes: 64 * GiB, ...over });
const cpuRow = (over: Parameters<typeof runwayRow>[0]) =>
  runwayRow({ metric: 'cpu_p95_percent', resource: 'cpu', mount: undefined, threshold: 85, current: 70, peakForecast: 120, growthPerDay: 0.1, totalBytes: undefined, cores: 8, driver: 'christmas 2026', ...over });
const inodeRow = (over: Parameters<typeof runwayRow>[0]) =>
  runwayRow({ metric: 'inodes_used_percent', resource: 'inodes /var/mail', mount: '/var/mail', threshold: 90, current: 85, peakForecast: 93, growthPerDay: 0.25, totalBytes: undefined, inodesTotal: 6_553_600, ...over });
const severities = (rows: Parameters<typeof alertCandidates>[0]) =>
  new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 }).evaluate(alertCandidates(rows), NOW_MS).map((t) => t.record.severity);

describe('memory, CPU and inode alerts', () => {
  it('carry their own alert names, and CPU stays a warning as load does', () => {
    const rows = [memRow({ daysLeft: 3 }), cpuRow({ daysLeft: 3 }), inodeRow({ daysLeft: 3 })];
    expect(alertCandidates(rows).map((c) => c.labels.alertname)).toEqual(['MemoryRunningOut', 'CpuSaturating', 'InodesRunningOut']);
    expect(severities(rows)).toEqual(['critical', 'warning', 'critical']);
  });

  it('say what 16 GiB more RAM does to the likely date', () => {
    // 64 GiB at 80 %, +0.2 points a day: a quarter more, 80 GiB, holds 90 % × 80/64 = 112.5 points of today's RAM,
    // 32.5 points away: 162.5 days after 2026-11-21.
    const text = proposeRemediation(memRow({ daysLeft: 50 }));
    expect(text).toContain('+16 GiB of RAM moves the likely date from 2027-01-10 to about 2027-05-02');
    expect(text).toContain('the forecast peak becomes 74 % of 80 GiB instead of 93 %');
    // A peak that a quarter more cannot hold gets the RAM it needs: 64 × (130/90 − 1) = 28.4 → 32 GiB.
    expect(proposeRemediation(memRow({ daysLeft: 50, peakForecast: 130 }))).toContain('+32 GiB of RAM');
  });

  it('tell a leak (memory climbing while load stays flat) from memory that follows traffic', () => {
    const leak = memRow({ daysLeft: 50, memEvidence: { memSlopePerDay: 0.15, loadSlopePerDay: 0.0002, loadCorrelation: 0.1 } });
    const traffic = memRow({ daysLeft: 50, memEvidence: { memSlopePerDay: 0.15, loadSlopePerDay: 0.003, loadCorrelation: 0.85 } });
    expect([memoryCause(leak), memoryCause(traffic), memoryCause(memRow({ daysLeft: 50 }))]).toEqual(['leak', 'traffic', 'unclear']);
    expect(proposeRemediation(leak)).toMatch(/points at a leak .* restart it/);
    expect(proposeRemediation(traffic)).toContain('correlation 0.85 with the daily peak load');
    expect(proposeRemediation(traffic)).not.toContain('leak');
  });

  it('size cores for the CPU peak, and name a pool peer that can take the work', () => {
    // 120 % of 8 cores against 85 %: 8 × (120/85 − 1) = 3.3 → 4 cores; 120 × 8/12 = 80 %.
    const busy = cpuRow({ host: 'shop1', daysLeft: 20 });
    const idle = cpuRow({ host: 'shop2', daysLeft: null, peakForecast: 20, cores: 16 });
    const [c] = alertCandidates([busy, idle], { poolOf: () => 'web' });
    expect(c?.remediation).toContain('+4 cores (8 → 12) means the forecast peak becomes 80 % of 12 cores instead of 120 %, under the 85 % mark');
    expect(c?.remediation).toContain('move the work of 4 cores to shop2 in the same pool (web: its forecast 95th percentile is 20 % of 16 cores)');
    expect(alertCandidates([busy, idle]).at(0)?.remediation).not.toContain('shop2');
  });

  it('name where small files live, and what removing some buys', () => {
    // 0.25 % of 6 553 600 inodes is 16 384 files a day; removing 660 000 adds 40 days to the 20 left.
    const text = proposeRemediation(inodeRow({ daysLeft: 20 }));
    expect(text).toContain('mail queues (`/var/spool/postfix/deferred`');
    expect(text).toContain('about 16,384 new files a day. Removing 660,000 files moves the likely date from 2026-12-11 to about 2027-01-20');
    expect(proposeRemediation(inodeRow({ daysLeft: 20, mount: '/var/www', resource: 'inodes /var/www' }))).toContain('PHP sessions');
  });
});
