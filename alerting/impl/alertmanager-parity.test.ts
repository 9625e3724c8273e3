import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { firingNotifications, runwayRow } from '../test-rows.ts';
import { AlertmanagerNotifier } from './alertmanager-notifier.ts';
import { GROUP_BY, webhookPayload } from './webhook-notifier.ts';

/** Debian's prometheus-alertmanager: the real thing Runway's payloads must match. */
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const RECEIVER = 'runway-parity';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('Runway and a real Alertmanager 0.25: the same alerts, the same webhook payload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runway-alertmanager-'));
  const hooks: Record<string, any>[] = [];
  let hookServer: Server;
  let alertmanager: ChildProcess | undefined;
  let amUrl = '';

  beforeAll(async () => {
    expect(existsSync(ALERTMANAGER), `${ALERTMANAGER} is missing: ./scripts/test installs Debian's prometheus-alertmanager`).toBe(true);
    hookServer = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      hooks.push(JSON.parse(body));
      res.end();
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', () => r()));
    const hookPort = (hookServer.address() as { port: number }).port;
    // Grouped as Runway groups its webhook posts, so both must produce the same group key.
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      `route:\n  receiver: ${RECEIVER}\n  group_by: [${GROUP_BY.join(', ')}]\n  group_wait: 0s\n  group_interval: 1s\n  repeat_interval: 1h\n` +
        `receivers:\n  - name: ${RECEIVER}\n    webhook_configs:\n      - url: http://127.0.0.1:${hookPort}/hook\n        send_resolved: true\n`,
    );
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    alertmanager = spawn(ALERTMANAGER, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: 'ignore' });
    await vi.waitFor(async () => expect((await fetch(`${amUrl}/-/ready`)).status).toBe(200), { timeout: 20_000, interval: 200 });
  }, 30_000);

  afterAll(async () => {
    alertmanager?.kill('SIGTERM');
    await new Promise<void>((r) => hookServer.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the pushed alert the same fingerprint, group key, group labels and common annotations as Runway does', async () => {
    const [alert] = firingNotifications([runwayRow({ daysLeft: 5 })]);
    await new AlertmanagerNotifier({ url: amUrl }).push([alert!], Date.now() + 240_000);
    await vi.waitFor(() => expect(hooks.length).toBeGreaterThan(0), { timeout: 20_000, interval: 100 });
    const theirs = hooks[0]!;
    const ours = webhookPayload([alert!], RECEIVER);
    expect(ours.groupKey).toBe(theirs.groupKey);
    expect(ours.groupLabels).toEqual(theirs.groupLabels);
    expect(ours.commonLabels).toEqual(theirs.commonLabels);
    expect(ours.commonAnnotations).toEqual(theirs.commonAnnotations);
    expect(ours.version).toBe(theirs.version);
    expect(theirs.alerts[0].fingerprint).toBe(alert!.fingerprint);
    expect(Object.keys(theirs.alerts[0].annotations).sort()).toEqual(['remediation', 'summary']);
  }, 30_000);
});
