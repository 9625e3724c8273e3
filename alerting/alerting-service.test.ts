import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AlertingService } from './alerting-service.ts';
import { ManualClock } from './delivery/manual-clock.ts';
import { AlertmanagerNotifier } from './impl/alertmanager-notifier.ts';
import type { AlertCandidate } from './lifecycle/alert-machine.ts';
import { DEFAULT_TIERS } from './lifecycle/tiers.ts';
import { DeliveryFailure, type AlertNotification, type Notifier } from './notifier.ts';

const HOUR = 3_600_000;
const START_MS = Date.UTC(2026, 10, 21);
type Log = { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
const quiet: Log = { info() {}, warn() {}, error() {} };

/** A channel that records what each recipient was given and can be told to fail for one of them. */
class RecordingChannel implements Notifier {
  readonly sent: { to: string; alert: AlertNotification }[] = [];
  /** Hosts of each message that went out. */
  readonly messages: string[][] = [];
  readonly recipients: string[];
  readonly name: string;
  readonly batchSize?: number;
  failNext = new Map<string, number>();
  constructor(name: string, recipients: string[] = ['ops'], batchSize?: number) {
    this.name = name;
    this.recipients = recipients;
    if (batchSize !== undefined) this.batchSize = batchSize;
  }
  async send(alerts: readonly AlertNotification[], to: string): Promise<void> {
    const failures = this.failNext.get(to) ?? 0;
    if (failures > 0) {
      this.failNext.set(to, failures - 1);
      throw new DeliveryFailure('gateway down', { permanent: false });
    }
    this.sent.push(...alerts.map((alert) => ({ to, alert })));
    this.messages.push(alerts.map((a) => a.labels.host ?? ''));
  }
}

const disk = (host: string, daysLeft: number | null): AlertCandidate => ({
  key: `DiskFillingUp|acme|${host}|disk /`,
  labels: { alertname: 'DiskFillingUp', customer: 'acme', host, resource: 'disk /' },
  daysLeft,
  summary: `${host} full in ${daysLeft} days`,
  remediation: 'grow it',
});

async function service(statePath: string, sms: Notifier, email: Notifier, clock = new ManualClock(START_MS), log: Log = quiet) {
  const s = await AlertingService.open({ statePath, policy: { tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 }, notifiers: new Map([['sms', sms], ['email', email]]), log, clock });
  s.startDelivery();
  return s;
}

const statePathIn = () => join(mkdtempSync(join(tmpdir(), 'alerts-')), 'state.json');

describe('AlertingService', () => {
  it('texts critical, mails warnings, and after a restart sends nothing twice', async () => {
    const statePath = statePathIn();
    const sms = new RecordingChannel('sms');
    const email = new RecordingChannel('email');
    const first = await service(statePath, sms, email);
    await first.process([disk('db1', 3), disk('web1', 20), disk('mail1', 60)], START_MS);
    await first.delivery.settled();
    expect(sms.sent.map((s) => s.alert.labels.host)).toEqual(['db1']);
    expect(email.sent.map((s) => `${s.alert.labels.host}:${s.alert.labels.severity}`).sort()).toEqual(['db1:critical', 'web1:warning']);
    await first.close();

    // A new process on the same state file: the same situation must not send anything again.
    const second = await service(statePath, sms, email);
    await second.process([disk('db1', 2.5), disk('web1', 19), disk('mail1', 59)], START_MS + HOUR);
    await second.delivery.settled();
    expect(sms.sent).toHaveLength(1);
    expect(email.sent).toHaveLength(2);
    expect(second.records().filter((r) => r.state === 'firing')).toHaveLength(3);
  });

  it('retries a failed recipient alone, at its backoff, and never texts the others twice, across a restart', async () => {
    const statePath = statePathIn();
    const sms = new RecordingChannel('sms', ['+1', '+2']);
    sms.failNext.set('+2', 2);
    const clock = new ManualClock(START_MS);
    const s = await service(statePath, sms, new RecordingChannel('email'), clock);
    await s.process([disk('db1', 3)], START_MS);
    await s.delivery.settled();
    expect(sms.sent.map((x) => x.to)).toEqual(['+1']);
    const retryAt = clock.nextWakeMs()!;
    expect(retryAt - START_MS).toBeGreaterThan(0);
    expect(retryAt - START_MS).toBeLessThanOrEqual(15_000); // the first backoff: 15 s with jitter
    await s.close();

    const restartedClock = new ManualClock(clock.nowMs);
    const restarted = await service(statePath, sms, new RecordingChannel('email'), restartedClock);
    await restarted.delivery.settled();
    expect(sms.sent.map((x) => x.to)).toEqual(['+1']); // not due yet: the backoff survives the restart
    expect(restartedClock.nextWakeMs()).toBe(retryAt);
    restartedClock.advanceToNextWake();
    await restarted.delivery.settled();
    expect(sms.sent.map((x) => x.to)).toEqual(['+1']); // failed again: a longer backoff
    restartedClock.advanceToNextWake();
    await restarted.delivery.settled();
    expect(sms.sent.map((x) => x.to)).toEqual(['+1', '+2']);
    expect(restarted.outboxDepth().size).toBe(0);
  });

  it('journals each delivery instead of rewriting the state file, and after a crash sends none of them again', async () => {
    const statePath = statePathIn();
    const sms = new RecordingChannel('sms', ['+1', '+2']);
    const email = new RecordingChannel('email');
    const crashed = await service(statePath, sms, email);
    await crashed.process([disk('db1', 3), disk('db2', 4), disk('web1', 20)], START_MS);
    await crashed.delivery.settled();
    expect(sms.sent).toHaveLength(4);
    expect(email.sent).toHaveLength(3);
    // The state file is as evaluation left it: every entry still pending. The journal holds the seven sends.
    const onDisk = JSON.parse(readFileSync(statePath, 'utf8')) as { outbox: { deliveredMs: number | null }[] };
    expect(onDisk.outbox.map((e) => e.deliveredMs)).toEqual(Array(7).fill(null));
    expect(readFileSync(`${statePath}.deliveries`, 'utf8').trim().split('\n')).toHaveLength(7);

    // No close(): the process died. The next one reads the journal and sends nothing again.
    const next = await service(statePath, sms, email);
    await next.delivery.settled();
    expect(next.outboxDepth().size).toBe(0);
    await next.process([disk('db1', 3), disk('db2', 4), disk('web1', 20)], START_MS + HOUR);
    await next.delivery.settled();
    expect(sms.sent).toHaveLength(4);
    expect(email.sent).toHaveLength(3);
    // That evaluation wrote the whole state, with the deliveries in it, and emptied the journal.
    const rewritten = JSON.parse(readFileSync(statePath, 'utf8')) as { outbox: { deliveredMs: number | null }[] };
    expect(rewritten.outbox.every((e) => e.deliveredMs !== null)).toBe(true);
    expect(readdirSync(join(statePath, '..'))).not.toContain('state.json.deliveries');
    await next.close();
  });

  it('re-sends the one message whose journal line a crash tore, and says so', async () => {
    const statePath = statePathIn();
    const sms = new RecordingChannel('sms', ['+1', '+2', '+3']);
    const first = await service(statePath, sms, new RecordingChannel('email', []));
    await first.process([disk('db1', 3)], START_MS);
    await first.delivery.settled();
    const journal = `${statePath}.deliveries`;
    const lines = readFileSync(journal, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    writeFileSync(journal, `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 25)}`); // the crash hit the third append
    const warnings: string[] = [];
    const restarted = await service(statePath, sms, new RecordingChannel('email', []), undefined, { ...quiet, warn: (_o: object, msg: string) => void warnings.push(msg) });
    await restarted.delivery.settled();
    expect(warnings).toEqual([`delivery journal ${journal}: 1 line(s) skipped (line 3 is not JSON)`]);
    expect(sms.sent.map((x) => x.to)).toEqual(['+1', '+2', '+3', '+3']);
    await restarted.close();
  });

  it('mails the alerts of one cycle as digests of the channel batch size, and retries a refused digest whole', async () => {
    const statePath = statePathIn();
    const email = new RecordingChannel('email', ['ops', 'boss'], 2);
    email.failNext.set('boss', 1);
    const clock = new ManualClock(START_MS);
    const s = await service(statePath, new RecordingChannel('sms', []), email, clock);
    await s.process([disk('db1', 20), disk('db2', 21), disk('db3', 22)], START_MS);
    await s.delivery.settled();
    // ops got two mails; the first to boss was refused, its second went through.
    expect(email.messages).toEqual([['db1', 'db2'], ['db3'], ['db3']]);
    expect(s.deliveryStats().lastPass.failed.map((f) => f.recipient)).toEqual(['boss', 'boss']);
    clock.advanceToNextWake();
    await s.delivery.settled();
    expect(email.messages).toEqual([['db1', 'db2'], ['db3'], ['db3'], ['db1', 'db2']]);
    expect(email.sent.filter((x) => x.to === 'boss').map((x) => x.alert.labels.host)).toEqual(['db3', 'db1', 'db2']);
    expect(s.outboxDepth().size).toBe(0);
    await s.close();
  });

  it('serves channels side by side: an SMS gateway that hangs holds up no e-mail', async () => {
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    const slowSms: Notifier = { name: 'sms', recipients: ['+1'], send: () => hanging };
    const email = new RecordingChannel('email');
    const s = await service(statePathIn(), slowSms, email);
    await s.process([disk('db1', 3)], START_MS);
    await vi.waitFor(() => expect(email.sent.map((x) => x.alert.labels.host)).toEqual(['db1']));
    expect(s.outboxDepth().get('sms')).toBe(1);
    release();
    await s.delivery.settled();
    expect(s.outboxDepth().size).toBe(0);
  });

  it('retries on the real clock, with no further forecast run', async () => {
    const sms = new RecordingChannel('sms');
    sms.failNext.set('ops', 1);
    const s = await AlertingService.open({
      statePath: statePathIn(), policy: { tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 }, notifiers: new Map([['sms', sms]]), log: quiet,
      outboxLimits: { baseDelayMs: 50, maxDelayMs: 100 },
    });
    s.startDelivery();
    await s.process([disk('db1', 3)], START_MS);
    await vi.waitFor(() => expect(sms.sent.map((x) => x.alert.labels.host)).toEqual(['db1']), { timeout: 10_000 });
    await s.close();
  });

  it('reads a version 1 state file: a pending entry for a whole channel becomes one per recipient', async () => {
    const statePath = statePathIn();
    const first = await service(statePath, new RecordingChannel('sms', ['+1', '+2']), new RecordingChannel('email'));
    await first.process([disk('db1', 3)], START_MS);
    await first.close();
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    const [one] = state.outbox.filter((e: { channel: string }) => e.channel === 'sms');
    // As version 1 stored an SMS not yet sent: one entry for the channel, with the internal annotation.
    const v1Entry = { ...one, id: one.id.replace(/\|\+1$/, ''), deliveredMs: null, attempts: 0, notification: { ...one.notification, annotations: { ...one.notification.annotations, transition: 'firing' } } };
    delete v1Entry.recipient;
    writeFileSync(statePath, JSON.stringify({ ...state, version: 1, outbox: [v1Entry] }));
    const sms = new RecordingChannel('sms', ['+1', '+2']);
    const restarted = await service(statePath, sms, new RecordingChannel('email'));
    await restarted.delivery.settled();
    expect(sms.sent.map((x) => x.to).sort()).toEqual(['+1', '+2']);
    expect(Object.keys(sms.sent[0]!.alert.annotations).sort()).toEqual(['remediation', 'summary']);
  });

  it('mutes silenced alerts and keeps the silence across restarts', async () => {
    const statePath = statePathIn();
    const sms = new RecordingChannel('sms');
    const s = await service(statePath, sms, new RecordingChannel('email'));
    const silence = await s.addSilence({ matchers: { host: 'db1' }, startsAtMs: 0, endsAtMs: START_MS + 10 * HOUR, createdBy: 'ops', comment: 'migration tonight' });
    await s.close();
    const restarted = await service(statePath, sms, new RecordingChannel('email'));
    expect(restarted.silences(START_MS).map((x) => x.id)).toEqual([silence.id]);
    const result = await restarted.process([disk('db1', 3), disk('db2', 3)], START_MS + HOUR);
    await restarted.delivery.settled();
    expect(result.silenced.map((t) => t.record.labels.host)).toEqual(['db1']);
    expect(sms.sent.map((x) => x.alert.labels.host)).toEqual(['db2']);
  });

  it('keeps Alertmanager told on the delivery clock: warnings and critical alerts, never notices, resolved ones once', async () => {
    const pushes: { labels: Record<string, string>; annotations: Record<string, string>; endsAt: string }[][] = [];
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      pushes.push(JSON.parse(body));
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const clock = new ManualClock(START_MS);
    const s = await AlertingService.open({
      statePath: statePathIn(), policy: { tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 }, notifiers: new Map(), log: quiet, clock,
      alertmanager: new AlertmanagerNotifier({ url }), alertmanagerResendMs: 60_000,
    });
    s.startDelivery();
    await s.process([disk('db1', 3), disk('web1', 60)], START_MS);
    await s.delivery.settled();
    expect(pushes.at(-1)!.map((a) => `${a.labels.host}:${a.labels.severity}`)).toEqual(['db1:critical']); // web1 is a notice
    expect(Object.keys(pushes.at(-1)![0]!.annotations).sort()).toEqual(['remediation', 'summary']);
    expect(Date.parse(pushes.at(-1)![0]!.endsAt)).toBe(START_MS + 4 * 60_000);
    const count = pushes.length;
    expect(clock.advanceToNextWake()).toBe(START_MS + 60_000); // the re-send, with no forecast run in between
    await s.delivery.settled();
    expect(pushes).toHaveLength(count + 1);
    await s.process([], START_MS + HOUR);
    await s.delivery.settled();
    expect(pushes.at(-1)!.map((a) => `${a.labels.host}:${a.endsAt}`)).toEqual([`db1:${new Date(START_MS + HOUR).toISOString()}`]);
    const afterResolve = pushes.length;
    clock.advanceToNextWake();
    await s.delivery.settled();
    expect(pushes).toHaveLength(afterResolve); // told once; nothing is firing, so nothing to re-send
    await s.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('moves a truncated state file aside, names it, and starts empty', async () => {
    const statePath = statePathIn();
    writeFileSync(statePath, '{"version":2,"records":[{"key":"Disk');
    const errors: string[] = [];
    const s = await service(statePath, new RecordingChannel('sms'), new RecordingChannel('email'), undefined, { ...quiet, error: (_o: object, msg: string) => void errors.push(msg) });
    expect(s.records()).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`alert state file ${statePath} is not valid JSON .*moved to ${statePath}\\.damaged-.*Starting with no alerts`));
    const aside = readdirSync(join(statePath, '..')).filter((f) => f.startsWith('state.json.damaged-'));
    expect(aside).toHaveLength(1);
  });

  it('leaves out one damaged record, keeps the others, and every later run works', async () => {
    const statePath = statePathIn();
    const sms = new RecordingChannel('sms');
    const first = await service(statePath, sms, new RecordingChannel('email'));
    await first.process([disk('db1', 3), disk('db2', 3)], START_MS);
    await first.close();
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    state.records[0].labels = null; // damaged: every evaluation of it would throw
    writeFileSync(statePath, JSON.stringify(state));
    const errors: string[] = [];
    const restarted = await service(statePath, sms, new RecordingChannel('email'), undefined, { ...quiet, error: (_o: object, msg: string) => void errors.push(msg) });
    expect(errors[0]).toMatch(/has 1 damaged record\(s\), left out .*records\[0\]\.labels must be object.*Starting with 1 alert\(s\), 0 silence\(s\)/);
    expect(restarted.records()).toHaveLength(1);
    const again = await restarted.process([disk('db1', 3), disk('db2', 3)], START_MS + HOUR);
    expect(again.transitions.map((t) => t.record.labels.host)).toEqual([state.records[0].key.includes('db1') ? 'db1' : 'db2']);
  });
});
