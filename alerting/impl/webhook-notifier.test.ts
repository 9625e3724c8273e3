import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { firingNotifications, runwayRow } from '../test-rows.ts';
import { WebhookNotifier } from './webhook-notifier.ts';

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
    if (res.statusCode === 503) res.setHeader('retry-after', '0');
    res.end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/alert`, bodies };
}

describe('WebhookNotifier', () => {
  it('posts Alertmanager version 4 payloads and retries a 503', async () => {
    const { url, bodies } = await receiver([503, 200]);
    const alerts = firingNotifications([runwayRow({ daysLeft: 5 })]);
    await new WebhookNotifier({ url, receiver: 'ops' }).send(alerts);
    expect(bodies).toHaveLength(2);
    const body = bodies[1] as Record<string, any>;
    expect(body).toMatchObject({ version: '4', status: 'firing', receiver: 'ops', commonLabels: { alertname: 'DiskFillingUp', severity: 'critical' } });
    expect(body.alerts[0]).toMatchObject({ status: 'firing', endsAt: '0001-01-01T00:00:00Z', labels: { host: 'web-1' } });
    expect(body.alerts[0].annotations.remediation).toMatch(/Growing the disk/);
    expect(body.alerts[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives up on a 4xx at once and says so', async () => {
    const { url, bodies } = await receiver([400]);
    const alerts = firingNotifications([runwayRow({ daysLeft: 5 })]);
    await expect(new WebhookNotifier({ url }).send(alerts)).rejects.toThrow(/HTTP 400/);
    expect(bodies).toHaveLength(1);
  });
});
