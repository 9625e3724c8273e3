import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AlertingService } from '../alerting/alerting-service.ts';
import { toNotification } from '../alerting/delivery/notification.ts';
import { alertCandidates } from '../alerting/early-warning.ts';
import { DEFAULT_TIERS } from '../alerting/lifecycle/tiers.ts';
import { NOW_MS, runwayRow } from '../alerting/test-rows.ts';

const run = promisify(execFile);
const BIN = new URL('../bin/runway.js', import.meta.url).pathname;
const DAY_MS = 86_400_000;

async function runway(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the runway command, as a process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runway-cli-'));

  it('forecasts a CSV straight line and dates its threshold crossing', async () => {
    // 0.5 a day from 10 on 2026-01-01: reaches 90 after 160 days, on 2026-06-10.
    const start = Date.UTC(2026, 0, 1);
    const rows = Array.from({ length: 120 }, (_, i) => `${new Date(start + i * DAY_MS).toISOString()},${10 + 0.5 * i}`);
    const path = join(dir, 'line.csv');
    writeFileSync(path, ['time,value', ...rows].join('\n'));
    const { code, stdout } = await runway(['forecast', '--input', path, '--threshold', '90', '--format', 'json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.threshold.value).toBe(90);
    const likely = Date.parse(out.threshold.crossing.likely);
    expect(Math.abs(likely - Date.UTC(2026, 5, 10))).toBeLessThanOrEqual(DAY_MS);
  });

  it('exits 2 naming the line of a malformed CSV', async () => {
    const path = join(dir, 'broken.csv');
    writeFileSync(path, 'time,value\n2026-01-01,1\n2026-01-02,2\n2026-01-03,oops\n');
    const { code, stderr } = await runway(['forecast', '--input', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 4/);
  });

  it('explains itself and rejects unknown commands', async () => {
    expect((await runway(['help'])).stdout).toMatch(/runway serve/);
    expect((await runway(['frobnicate'])).code).toBe(2);
  });

  it('writes a job bundle for an alert named by a fingerprint prefix', async () => {
    const statePath = join(dir, 'alerts.json');
    const alerting = await AlertingService.open({ statePath, policy: { tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 }, notifiers: new Map(), log: { info() {}, warn() {}, error() {} } });
    const { transitions } = await alerting.process(alertCandidates([runwayRow({ daysLeft: 5 })]), NOW_MS);
    const fingerprint = toNotification(transitions[0]!).fingerprint;
    const out = join(dir, 'job');
    const { code, stdout } = await runway(['job', fingerprint.slice(0, 8), '--out', out], { RUNWAY_ALERT_STATE_FILE: statePath });
    expect(code).toBe(0);
    expect(stdout).toContain('wrote');
    expect(readdirSync(out).sort()).toEqual(['AutoAction', 'FailureRevert', 'README.md']);
    expect((await runway(['job', 'ffffffffffff'], { RUNWAY_ALERT_STATE_FILE: statePath })).code).toBe(2);
  });
});
