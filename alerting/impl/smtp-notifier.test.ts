import { afterEach, describe, expect, it } from 'vitest';
import { toNotification } from '../delivery/notification.ts';
import { alertCandidates } from '../early-warning.ts';
import { AlertMachine } from '../lifecycle/alert-machine.ts';
import { DEFAULT_TIERS } from '../lifecycle/tiers.ts';
import { NOW_MS, firingNotifications, runwayRow } from '../test-rows.ts';
import { SmtpNotifier } from './smtp-notifier.ts';
import { readMime, startTestSmtpServer, type TestSmtpServer } from './smtp-notifier-test-server.ts';


let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function batch() {
  const rows = [
    runwayRow({ daysLeft: 5 }),
    runwayRow({ daysLeft: 20, host: 'db-1', resource: 'disk /srv', mount: '/srv' }),
    runwayRow({ daysLeft: 25, metric: 'load_daily_max', resource: 'load', host: 'shop-1', threshold: 8, current: 6.5, peakForecast: 10.2, driver: 'christmas 2026' }),
  ];
  return firingNotifications(rows);
}

describe('SmtpNotifier', () => {
  it('sends one e-mail per batch and recipient with counts and severities in the subject and every alert in text and HTML', async () => {
    server = await startTestSmtpServer({ auth: { user: 'runway', pass: 's3cret' } });
    const notifier = new SmtpNotifier({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: 'runway', pass: 's3cret' }, from: 'runway@hosting.example', to: ['ops@hosting.example', 'oncall@hosting.example'] });
    expect(notifier.recipients).toEqual(['ops@hosting.example', 'oncall@hosting.example']);
    await notifier.send(batch(), 'oncall@hosting.example');

    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail.user).toBe('runway');
    expect(mail.from).toBe('runway@hosting.example');
    expect(mail.to).toEqual(['oncall@hosting.example']);
    const { headers, parts } = readMime(mail.raw);
    expect(headers.subject).toBe('[Runway] 3 firing (1 critical, 2 warning): acme web-1 disk /var, acme db-1 disk /srv, +1 more');
    const text = parts.find((p) => p.headers['content-type']?.startsWith('text/plain'))?.body ?? '';
    const html = parts.find((p) => p.headers['content-type']?.startsWith('text/html'))?.body ?? '';
    expect(text).toContain('FIRING, CRITICAL: DiskFillingUp for acme web-1 disk /var');
    expect(text).toContain('web-1 disk /var reaches 90 % likely 2026-11-26');
    expect(text).toMatch(/Proposal: .*Growing the disk by \+50 GB/);
    expect(text).toContain('driven by the christmas 2026 peak');
    expect(html).toContain('<h3 style="margin:4px 0;color:#c62828">FIRING, CRITICAL: DiskFillingUp for acme web-1 disk /var</h3>');
    expect(html).toContain('3 more cores keep the forecast peak under capacity');
  });

  it('reports a transient 451 refusal as worth retrying', async () => {
    server = await startTestSmtpServer({ replies: [451] });
    const notifier = new SmtpNotifier({ host: '127.0.0.1', port: server.port, secure: false, from: 'runway@hosting.example', to: ['ops@hosting.example'] });
    await expect(notifier.send(batch(), 'ops@hosting.example')).rejects.toMatchObject({ permanent: false, message: expect.stringMatching(/451/) });
    await notifier.send(batch(), 'ops@hosting.example');
    expect(server.received).toHaveLength(1);
  });

  it('gives up at once on a permanent 550 refusal and says so', async () => {
    server = await startTestSmtpServer({ replies: [550, 550] });
    const notifier = new SmtpNotifier({ host: '127.0.0.1', port: server.port, secure: false, from: 'runway@hosting.example', to: ['ops@hosting.example'] });
    await expect(notifier.send(batch(), 'ops@hosting.example')).rejects.toMatchObject({ permanent: true, message: expect.stringMatching(/for ops@hosting.example: .*550/) });
    expect(server.received).toHaveLength(0);
  });

  it('names resolved alerts in the subject and sends nothing for an empty batch', async () => {
    server = await startTestSmtpServer();
    const machine = new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 });
    machine.evaluate(alertCandidates([runwayRow({ daysLeft: 5 })]), NOW_MS);
    const notifier = new SmtpNotifier({ host: '127.0.0.1', port: server.port, secure: false, from: 'runway@hosting.example', to: ['ops@hosting.example'] });
    await notifier.send([], 'ops@hosting.example');
    await notifier.send(machine.evaluate([], NOW_MS + 3_600_000).map(toNotification), 'ops@hosting.example');
    expect(server.received).toHaveLength(1);
    const { headers, parts } = readMime(server.received[0]!.raw);
    expect(headers.subject).toBe('[Runway] 1 resolved: acme web-1 disk /var');
    expect(parts[0]?.body).toContain('Resolved at 2026-11-21T01:00:00.000Z.');
  });
});
