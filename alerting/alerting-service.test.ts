import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertingService } from './alerting-service.ts';
import type { AlertCandidate } from './lifecycle/alert-machine.ts';
import { DEFAULT_TIERS } from './lifecycle/tiers.ts';
import type { AlertNotification, Notifier } from './notifier.ts';

const HOUR = 3_600_000;
const quiet = { warn() {}, error() {} };

/** A channel that records what it was given and can be told to fail. */
class RecordingChannel implements Notifier {
  readonly sent: AlertNotification[] = [];
  failNext = 0;
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  async send(alerts: readonly AlertNotification[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('gateway down');
    }
    this.sent.push(...alerts);
  }
}

const disk = (host: string, daysLeft: number | null): AlertCandidate => ({
  key: `DiskFillingUp|acme|${host}|disk /`,
  labels: { alertname: 'DiskFillingUp', customer: 'acme', host, resource: 'disk /' },
  daysLeft,
  summary: `${host} full in ${daysLeft} days`,
  remediation: 'grow it',
});

async function service(statePath: string, sms: Notifier, email: Notifier) {
  return AlertingService.open({
    statePath,
    policy: { tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 },
    notifiers: new Map([['sms', sms], ['email', email]]),
    log: quiet,
  });
}

describe('AlertingService', () => {
  it('texts critical, mails warnings, and after a restart sends nothing twice', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'alerts-')), 'state.json');
    const sms = new RecordingChannel('sms');
    const email = new RecordingChannel('email');
    const first = await service(statePath, sms, email);
    await first.process([disk('db1', 3), disk('web1', 20), disk('mail1', 60)], 0);
    expect(sms.sent.map((a) => a.labels.host)).toEqual(['db1']);
    expect(email.sent.map((a) => `${a.labels.host}:${a.labels.severity}`).sort()).toEqual(['db1:critical', 'web1:warning']);

    // A new process on the same state file: the same situation must not send anything again.
    const second = await service(statePath, sms, email);
    await second.process([disk('db1', 2.5), disk('web1', 19), disk('mail1', 59)], HOUR);
    expect(sms.sent).toHaveLength(1);
    expect(email.sent).toHaveLength(2);
    expect(second.records().filter((r) => r.state === 'firing')).toHaveLength(3);
  });

  it('delivers at least once: a failed SMS is retried on a later run, once', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'alerts-')), 'state.json');
    const sms = new RecordingChannel('sms');
    sms.failNext = 1;
    const s = await service(statePath, sms, new RecordingChannel('email'));
    const r1 = await s.process([disk('db1', 3)], 0);
    expect(r1.dispatch.failed).toHaveLength(1);
    expect(sms.sent).toHaveLength(0);
    const restarted = await service(statePath, sms, new RecordingChannel('email'));
    await restarted.process([disk('db1', 3)], HOUR); // the retry is due by then
    await restarted.process([disk('db1', 3)], 2 * HOUR);
    expect(sms.sent.map((a) => a.labels.host)).toEqual(['db1']);
  });

  it('mutes silenced alerts and keeps the silence across restarts', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'alerts-')), 'state.json');
    const sms = new RecordingChannel('sms');
    const s = await service(statePath, sms, new RecordingChannel('email'));
    const silence = await s.addSilence({ matchers: { host: 'db1' }, startsAtMs: 0, endsAtMs: 10 * HOUR, createdBy: 'ops', comment: 'migration tonight' });
    const restarted = await service(statePath, sms, new RecordingChannel('email'));
    expect(restarted.silences(0).map((x) => x.id)).toEqual([silence.id]);
    const result = await restarted.process([disk('db1', 3), disk('db2', 3)], HOUR);
    expect(result.silenced.map((t) => t.record.labels.host)).toEqual(['db1']);
    expect(sms.sent.map((a) => a.labels.host)).toEqual(['db2']);
  });
});
