import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { firingNotifications, runwayRow } from '../test-rows.ts';
import { WebhookNotifier, webhookPayload } from './webhook-notifier.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A real HTTP receiver on loopback that answers with the given statuses in turn and records bodies. */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    bodies.push(JSON.parse(text));
    res.statusCode = statuses.shift() ?? 200;
    if (res.statusCode === 503) res.setHeader('retry-after', '7');
    res.end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/alert`, bodies };
}

describe('WebhookNotifier', () => {
  it('posts Alertmanager version 4 payloads; a 503 is worth a retry after its Retry-After', async () => {
    const { url, bodies } = await receiver([503, 200]);
    const alerts = firingNotifications([runwayRow({ daysLeft: 5 })]);
    const notifier = new WebhookNotifier({ url, receiver: 'ops' });
    expect(notifier.recipients).toEqual([url]);
    await expect(notifier.send(alerts)).rejects.toMatchObject({ permanent: false, retryAfterMs: 7000 });
    await notifier.send(alerts);
    expect(bodies).toHaveLength(2);
    const body = bodies[1] as Record<string, any>;
    expect(body).toMatchObject({ version: '4', status: 'firing', receiver: 'ops', commonLabels: { alertname: 'DiskFillingUp', severity: 'critical' } });
    expect(body.alerts[0]).toMatchObject({ status: 'firing', endsAt: '0001-01-01T00:00:00Z', labels: { host: 'web-1' } });
    expect(body.alerts[0].annotations.remediation).toMatch(/Growing the disk/);
    expect(body.alerts[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('fills groupKey, groupLabels and commonAnnotations as Alertmanager does, with no internal annotations', () => {
    const [a, b] = firingNotifications([runwayRow({ daysLeft: 5 }), runwayRow({ daysLeft: 6, host: 'web-2' })]);
    const one = webhookPayload([a!], 'ops');
    // The root route's key, then the group labels in Prometheus' label-set notation.
    expect(one.groupKey).toBe('{}:{alertname="DiskFillingUp", customer="acme", host="web-1", resource="disk /var"}');
    expect(one.groupLabels).toEqual({ alertname: 'DiskFillingUp', customer: 'acme', host: 'web-1', resource: 'disk /var' });
    expect(one.commonAnnotations).toEqual(a!.annotations);
    expect(Object.keys(one.alerts[0]!.annotations).sort()).toEqual(['remediation', 'summary']);
    // Two alerts: only what they share is common, as in Alertmanager's template.Data.
    const two = webhookPayload([a!, b!], 'ops');
    expect(two.commonLabels).toEqual({ alertname: 'DiskFillingUp', customer: 'acme', resource: 'disk /var', severity: 'critical' });
    expect(two.groupKey).toBe('{}:{alertname="DiskFillingUp", customer="acme", resource="disk /var"}');
    expect(Object.keys(two.commonAnnotations)).not.toContain('summary');
  });

  it('reports a 4xx as a refusal for good', async () => {
    const { url, bodies } = await receiver([400]);
    const alerts = firingNotifications([runwayRow({ daysLeft: 5 })]);
    await expect(new WebhookNotifier({ url }).send(alerts)).rejects.toMatchObject({ permanent: true, message: expect.stringMatching(/HTTP 400/) });
    expect(bodies).toHaveLength(1);
  });
});
