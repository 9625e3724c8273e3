import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunwayError } from '../../core/errors.ts';
import { DeliveryFailure, fingerprintOf, ZERO_TIME, type AlertNotification } from '../notifier.ts';
import { NOW_MS, firingNotifications, runwayRow } from '../test-rows.ts';
import { SmsGatewayNotifier } from './sms-gateway-notifier.ts';
import { smsText } from './sms-gateway-notifier-template.ts';

interface Received {
  url: string;
  contentType: string;
  authorization: string;
  body: string;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A real HTTP gateway stand-in on loopback: answers the given statuses in turn, records requests. */
async function gateway(statuses: number[] = []): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ url: req.url ?? '', contentType: req.headers['content-type'] ?? '', authorization: req.headers.authorization ?? '', body });
    res.statusCode = statuses.shift() ?? 200;
    if (res.statusCode === 503) res.setHeader('retry-after', '0');
    res.end('{"queued":true}');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received };
}


function alert(summary: string, over: Partial<AlertNotification> = {}): AlertNotification {
  const labels = { alertname: 'DiskFillingUp', severity: 'critical', customer: 'acme', host: 'web-1', resource: 'disk /var' };
  return { status: 'firing', labels, annotations: { summary, remediation: 'grow it' }, startsAt: new Date(NOW_MS).toISOString(), endsAt: ZERO_TIME, fingerprint: fingerprintOf(labels), ...over };
}

describe('SmsGatewayNotifier', () => {
  it('posts one SMS per firing alert and recipient, rendered from a JSON template with escaping', async () => {
    const gw = await gateway();
    const notifier = new SmsGatewayNotifier({
      url: `${gw.url}/sms/{{severity}}`,
      bodyTemplate: '{"to":"{{to}}","message":"{{text}}","ref":"{{fingerprint}}"}',
      recipients: ['+4512345678', '+4687654321'],
      headers: { authorization: 'Bearer gw-token' },
    });
    expect(notifier.recipients).toEqual(['+4512345678', '+4687654321']);
    for (const to of notifier.recipients) await notifier.send([alert('web-1 disk /var "logs" full\nsoon'), alert('gone', { status: 'resolved' })], to);

    expect(gw.received).toHaveLength(2);
    const [first, second] = gw.received;
    expect(first).toMatchObject({ url: '/sms/critical', contentType: 'application/json', authorization: 'Bearer gw-token' });
    expect(first!.body).toBe(`{"to":"+4512345678","message":"CRITICAL acme: web-1 disk /var \\"logs\\" full soon","ref":"${fingerprintOf(alert('x').labels)}"}`);
    expect(JSON.parse(second!.body)).toMatchObject({ to: '+4687654321', message: 'CRITICAL acme: web-1 disk /var "logs" full soon' });
  });

  it('reports a 503 as worth retrying, with the gateway\'s Retry-After, and sends a form-encoded template', async () => {
    const gw = await gateway([503, 200]);
    const alerts = firingNotifications([runwayRow({ daysLeft: 5 })]);
    const notifier = new SmsGatewayNotifier({ url: `${gw.url}/send`, bodyTemplate: 'to={{to}}&text={{text}}', contentType: 'application/x-www-form-urlencoded', recipients: ['+4512345678'] });
    const failure = await notifier.send(alerts, '+4512345678').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryFailure);
    expect(failure).toMatchObject({ permanent: false, retryAfterMs: 0, message: expect.stringMatching(/HTTP 503/) });
    await notifier.send(alerts, '+4512345678');
    expect(gw.received).toHaveLength(2);
    expect(gw.received[0]!.body).toBe(gw.received[1]!.body);
    const form = new URLSearchParams(gw.received[1]!.body);
    expect(form.get('to')).toBe('+4512345678');
    expect(form.get('text')).toBe('CRITICAL acme: web-1 disk /var reaches 90 % likely 2026-11-26 (earliest 2026-11-23, latest 2026-11-30); now 80.0 %');
  });

  it('reports a 400 as a refusal for good, naming the recipient and quoting the gateway', async () => {
    const gw = await gateway([400]);
    const notifier = new SmsGatewayNotifier({ url: gw.url, bodyTemplate: '{"to":"{{to}}","text":"{{text}}"}', recipients: ['+1', '+2'] });
    const failure = await notifier.send([alert('disk full soon')], '+1').catch((e: unknown) => e);
    expect(failure).toMatchObject({ permanent: true, message: 'SMS gateway (to +1) answered HTTP 400: {"queued":true}' });
    expect(gw.received).toHaveLength(1);
  });

  it('refuses a template with unknown placeholders or one that is not JSON once filled in', () => {
    const base = { url: 'http://127.0.0.1:9/', recipients: ['+1'] };
    expect(() => new SmsGatewayNotifier({ ...base, bodyTemplate: '{"to":"{{phone}}"}' })).toThrow(/unknown placeholder\(s\) phone/);
    const notJson = (() => {
      try {
        new SmsGatewayNotifier({ ...base, bodyTemplate: '{"to":{{to}}}' });
      } catch (e) {
        return e;
      }
    })();
    expect(isRunwayError(notJson, 'RUNWAY_ERR_SMS_TEMPLATE')).toBe(true);
  });

  it('keeps the text within 160 characters: drops the parenthesised detail first, then cuts at a word', () => {
    const [a] = firingNotifications([
      runwayRow({ daysLeft: 25, metric: 'load_daily_max', resource: 'load', host: 'shop-frontend-1', threshold: 8, current: 6.5, peakForecast: 10.2, driver: 'christmas 2026' }),
    ]);
    const text = smsText(a!, 160);
    expect(text.length).toBeLessThanOrEqual(160);
    expect(text).toBe('WARNING acme: shop-frontend-1 daily peak load reaches its 8 cores likely 2026-12-16, driven by the christmas 2026 peak; recent peak 6.50');
    const cut = smsText(alert('word '.repeat(60)), 160);
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(cut).toMatch(/word\.\.\.$/);
  });
});
