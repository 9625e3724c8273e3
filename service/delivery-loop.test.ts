import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../alerting/delivery/manual-clock.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../alerting/impl/smtp-notifier-test-server.ts';
import type { AlertCandidate } from '../alerting/lifecycle/alert-machine.ts';
import { testConfig } from '../scripts/test-support/influx.ts';
import { composeRuntime, type Runtime } from './runtime.ts';

const START_MS = Date.UTC(2026, 10, 21, 9);
const HOUR_MS = 3_600_000;

/** A real HTTP SMS gateway stand-in: refuses the first `failures` messages to one number with 503, then takes everything. */
async function smsGateway(failing: { to: string; failures: number }): Promise<{ server: Server; url: string; texts: string[] }> {
  const texts: string[] = [];
  let left = failing.failures;
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { to } = JSON.parse(body) as { to: string };
    if (to === failing.to && left > 0) {
      left--;
      res.statusCode = 503;
      return res.end('{"error":"upstream carrier unavailable"}');
    }
    texts.push(to);
    res.end('{"queued":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`, texts };
}

const candidate = (host: string, daysLeft: number): AlertCandidate => ({
  key: `DiskFillingUp|acme|${host}|disk /var`,
  labels: { alertname: 'DiskFillingUp', customer: 'acme', host, resource: 'disk /var' },
  daysLeft,
  summary: `${host} disk /var full in ${daysLeft} days`,
  remediation: 'grow it',
});

/** `runway serve` as composed for production, its forecast every hour, on a delivery clock the test moves. */
async function serve(settings: Record<string, unknown>, clock: ManualClock): Promise<Runtime> {
  const config = testConfig({ forecastIntervalMs: HOUR_MS, alertStateFile: join(mkdtempSync(join(tmpdir(), 'delivery-')), 'alerts.json'), ...settings });
  return composeRuntime(config, { logger: false, spool: false, alerting: { clock } });
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('the delivery loop of runway serve, on its own clock', () => {
  it('texts each of two recipients exactly once while the gateway fails for one of them and then recovers', async () => {
    const gateway = await smsGateway({ to: '+4520000002', failures: 2 });
    const clock = new ManualClock(START_MS);
    const runtime = await serve({ smsGatewayUrl: gateway.url, smsTo: '+4520000001, +4520000002' }, clock);
    cleanup.push(() => runtime.close(), () => new Promise<void>((r) => gateway.server.close(() => r())));

    await runtime.alerting.process([candidate('db1', 3)], START_MS);
    await runtime.alerting.delivery.settled();
    expect(gateway.texts).toEqual(['+4520000001']);
    // Each retry comes when its backoff says, and only for the number that failed.
    while (runtime.alerting.outboxDepth().get('sms')) {
      clock.advanceToNextWake();
      await runtime.alerting.delivery.settled();
    }
    expect(gateway.texts.sort()).toEqual(['+4520000001', '+4520000002']);
    expect(runtime.cycle.latest).toBeNull(); // no forecast ran: delivery did not wait for one

    const metrics = (await runtime.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('runway_alert_deliveries_total{channel="sms"} 2');
    expect(metrics).toContain('runway_alert_delivery_retries_total{channel="sms"} 2');
    expect(metrics).toContain('runway_alert_outbox_depth');
    expect(metrics).not.toMatch(/runway_alert_outbox_depth\{channel="sms"\} [1-9]/);
  });

  it('retries a refused e-mail within its backoff, under two minutes, with the forecast an hour away', async () => {
    const smtp: TestSmtpServer = await startTestSmtpServer({ replies: [451] });
    const clock = new ManualClock(START_MS);
    const runtime = await serve({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, alertEmailTo: 'ops@hosting.example' }, clock);
    cleanup.push(() => runtime.close(), () => smtp.close());

    await runtime.alerting.process([candidate('web1', 20)], START_MS);
    await runtime.alerting.delivery.settled();
    expect(smtp.received).toHaveLength(0);
    const [failed] = runtime.alerting.deliveryStats().lastPass.failed;
    expect(failed).toMatchObject({ channel: 'email', recipient: 'ops@hosting.example', error: expect.stringMatching(/451/) });
    const due = runtime.alerting.outboxEntry(failed!.id)!.nextAttemptMs;
    // The loop sleeps until exactly the entry's backoff ends, not until the next forecast.
    expect(clock.nextWakeMs()).toBe(due);
    expect(due - START_MS).toBeGreaterThan(0);
    expect(due - START_MS).toBeLessThan(2 * 60_000);
    expect(clock.advanceToNextWake()).toBe(due);
    await runtime.alerting.delivery.settled();
    expect(smtp.received.map((m) => m.to)).toEqual([['ops@hosting.example']]);
    expect(runtime.cycle.latest).toBeNull();
  });
});
