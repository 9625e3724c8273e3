import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../core/config.ts';
import { alertingFromConfig } from '../alerting/alerting-from-config.ts';
import type { AlertingService } from '../alerting/alerting-service.ts';
import { AlertmanagerNotifier } from '../alerting/impl/alertmanager-notifier.ts';
import { SmsGatewayNotifier } from '../alerting/impl/sms-gateway-notifier.ts';
import { SmtpNotifier } from '../alerting/impl/smtp-notifier.ts';
import { readMime, startTestSmtpServer, type TestSmtpServer } from '../alerting/impl/smtp-notifier-test-server.ts';
import type { Notifier } from '../alerting/notifier.ts';
import { buildServer } from '../ingest/server.ts';
import { storeFor } from '../scripts/test-support/influx.ts';
import { DEMO_NOW_MS } from '../scripts/test-support/global-setup.ts';
import { CapacityCycle, type CycleResult } from './capacity-cycle.ts';
import { runwayApi } from './runway-api.ts';

const DAY_MS = 86_400_000;
const quiet = { info() {}, warn() {}, error() {} };

/** A real HTTP receiver standing in for the SMS gateway and the Alertmanager, recording bodies by path. */
async function receiver(): Promise<{ server: Server; url: string; bodies: Map<string, unknown[]> }> {
  const bodies = new Map<string, unknown[]>();
  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const list = bodies.get(req.url ?? '') ?? [];
    list.push(JSON.parse(text));
    bodies.set(req.url ?? '', list);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, bodies };
}

describe('the demo fleet end to end: data → forecasts → alerts → SMS, e-mail, Alertmanager', () => {
  const config = loadConfig({}, { influxUrl: inject('influxUrl'), influxDb: inject('demoDatabase'), logLevel: 'silent', alertStateFile: join(mkdtempSync(join(tmpdir(), 'cycle-')), 'alerts.json') });
  const store = storeFor(config);
  let http: Awaited<ReturnType<typeof receiver>>;
  let smtp: TestSmtpServer;
  let channels: Map<string, Notifier>;
  let first: CycleResult;
  let alerting: AlertingService | undefined;
  const cycleFor = async () => {
    await alerting?.close(); // a restart: the next service reads the state file this one wrote
    // Alertmanager is not a routed channel: the delivery loop keeps it told of the whole firing state.
    alerting = await alertingFromConfig(config, quiet, { channels, alertmanager: new AlertmanagerNotifier({ url: http.url }) });
    alerting.startDelivery();
    // One pool per customer: the test fleet holds one host of most of the demo's own pools.
    return new CapacityCycle({ config, store, alerting, log: quiet, source: 'rollup', poolOf: (h) => h.split('-')[0] });
  };
  /** Runs a cycle and waits for the delivery loop to send what it queued. */
  const runAndDeliver = async (cycle: CapacityCycle, nowMs: number) => {
    const result = await cycle.run(nowMs);
    await alerting!.delivery.settled();
    return result;
  };

  beforeAll(async () => {
    http = await receiver();
    smtp = await startTestSmtpServer();
    channels = new Map<string, Notifier>([
      ['sms', new SmsGatewayNotifier({ url: `${http.url}/sms`, bodyTemplate: '{"to":"{{to}}","text":"{{text}}"}', recipients: ['+4520000000'] })],
      ['email', new SmtpNotifier({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'runway@hosting.example', to: ['ops@hosting.example'] })],
    ]);
    first = await runAndDeliver(await cycleFor(), DEMO_NOW_MS);
  });
  afterAll(async () => {
    await alerting?.close();
    await new Promise<void>((r) => http.server.close(() => r()));
    await smtp.close();
  });

  it('forecasts every disk and every host, without failures', () => {
    expect(first.forecast.failures).toEqual([]);
    expect(new Set(first.forecast.rows.map((r) => r.metric))).toEqual(new Set(['disk_used_percent', 'inodes_used_percent', 'load_daily_max', 'mem_used_percent', 'cpu_p95_percent']));
    // Every host of the demo fleet reports memory and CPU, and every disk its inodes.
    const count = (metric: string) => first.forecast.rows.filter((r) => r.metric === metric).length;
    expect(count('mem_used_percent')).toBe(count('load_daily_max'));
    expect(count('cpu_p95_percent')).toBe(count('load_daily_max'));
    expect(count('inodes_used_percent')).toBe(count('disk_used_percent'));
  });

  it('fires a critical disk, a disk warning and a Christmas-driven load warning', () => {
    const firing = first.active.filter((a) => a.state === 'firing');
    const disks = firing.filter((a) => a.labels.alertname === 'DiskFillingUp').map((a) => a.severity);
    expect(disks).toContain('critical');
    expect(disks).toContain('warning');
    const load = firing.find((a) => a.labels.alertname === 'PeakLoadOverCapacity');
    expect(load?.severity).toBe('warning');
    const row = first.rows.get(load!.key)!;
    expect(row.driver).toBe('christmas 2026');
    expect(row.crossing.likely! - DEMO_NOW_MS).toBeLessThanOrEqual(30 * DAY_MS);
    // lindqvist-db1's growth doubled a month before "now": the proposal asks what changed then.
    const accelerated = firing.find((a) => a.labels.host === 'lindqvist-db1');
    expect(accelerated?.remediation).toMatch(/The growth changed on 2026-1[01]-\d\d/);
  });

  it('raises memory (a leak and a traffic-driven one), CPU and inode alerts with what-if numbers, and pool headroom', () => {
    const firing = first.active.filter((a) => a.state === 'firing');
    const show = firing.map((a) => `${a.labels.alertname} ${a.labels.host} ${a.severity}`).join('\n');
    const alert = (name: string, host: string) => firing.find((a) => a.labels.alertname === name && a.labels.host === host);
    const leak = alert('MemoryRunningOut', 'hyggehjem-backup1');
    expect(leak, show).toBeDefined();
    expect(leak!.remediation).toMatch(/points at a leak/);
    expect(leak!.remediation).toMatch(/\+\d+ GiB of RAM moves the likely date from \d{4}-\d\d-\d\d to about \d{4}-\d\d-\d\d/);
    const traffic = alert('MemoryRunningOut', 'hyggehjem-shop1');
    expect(traffic, show).toBeDefined();
    expect(traffic!.remediation).not.toMatch(/leak/);
    expect(traffic!.remediation).toMatch(/\+\d+ GiB of RAM/);
    const cpu = alert('CpuSaturating', 'hyggehjem-shop1');
    expect(cpu, show).toBeDefined();
    expect(first.rows.get(cpu!.key)!.driver).toBe('christmas 2026');
    expect(cpu!.remediation).toMatch(/\+\d+ cores? \(8 → \d+\)/);
    const inodes = alert('InodesRunningOut', 'hyggehjem-mail1');
    expect(inodes, show).toBeDefined();
    expect(inodes!.labels.resource).toBe('inodes /var/mail');
    expect(inodes!.remediation).toMatch(/Removing [\d,]+ files moves the likely date from/);
    // The mail disk itself has bytes to spare: only its inodes run out.
    expect(firing.find((a) => a.labels.alertname === 'DiskFillingUp' && a.labels.host === 'hyggehjem-mail1')).toBeUndefined();
    const pool = first.pools.find((p) => p.pool === 'hyggehjem' && p.resource === 'load')!;
    expect(pool.hosts).toContain('hyggehjem-shop1');
    expect(pool.peakForecast).toBeGreaterThan(0);
    expect(alert('PeakLoadOverCapacity', 'hyggehjem-shop1')!.remediation).toMatch(/As a whole, pool hyggehjem \(\d hosts\): forecast peak load/);
  });

  it('texts the critical alert, mails the rest, and pushes the firing state to Alertmanager', () => {
    const sms = (http.bodies.get('/sms') ?? []) as { to: string; text: string }[];
    const critical = first.active.filter((a) => a.severity === 'critical');
    expect(sms).toHaveLength(critical.length);
    expect(sms[0]).toMatchObject({ to: '+4520000000', text: expect.stringContaining('CRITICAL') });
    // The cycle's warnings and critical alerts reach ops as one digest e-mail, not one mail each.
    const mails = smtp.received.map((m) => readMime(m.raw).headers.subject);
    const mailed = first.active.filter((a) => a.severity !== 'notice');
    expect(mailed.length).toBeGreaterThan(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(new RegExp(`^\\[Runway\\] ${mailed.length} firing \\(${critical.length} critical, ${mailed.length - critical.length} warning\\)`));
    const pushed = (http.bodies.get('/api/v2/alerts') ?? [])[0] as { labels: Record<string, string>; annotations: Record<string, string> }[];
    // Notices are for Grafana and the API, not sent: Alertmanager gets warnings and critical alerts only.
    const sent = first.active.filter((a) => a.state === 'firing' && a.severity !== 'notice');
    const id = (l: Record<string, string>) => `${l.alertname} ${l.host} ${l.resource}`;
    expect(pushed.map((a) => id(a.labels)).sort()).toEqual(sent.map((a) => id(a.labels)).sort());
    expect(pushed.every((a) => a.labels.severity !== 'notice' && Object.keys(a.annotations).sort().join() === 'remediation,summary')).toBe(true);
  });

  it('after a restart, the same situation sends no SMS and no e-mail again', async () => {
    const smsBefore = (http.bodies.get('/sms') ?? []).length;
    const mailBefore = smtp.received.length;
    const again = await runAndDeliver(await cycleFor(), DEMO_NOW_MS + 3_600_000);
    expect(again.transitions).toEqual([]);
    expect((http.bodies.get('/sms') ?? []).length).toBe(smsBefore);
    expect(smtp.received.length).toBe(mailBefore);
    expect((http.bodies.get('/api/v2/alerts') ?? []).length).toBe(2); // Alertmanager is re-sent the state, as it expects
  });

  it('writes forecasts and runway rows with their severity back to InfluxDB', async () => {
    const forecasts = await store.query(`SELECT count("value") FROM "forecast" WHERE time >= ${DEMO_NOW_MS}ms`);
    expect(Number(forecasts[0]?.values[0]?.[1])).toBe(first.forecast.forecastPoints);
    const severities = await store.query(`SELECT "severity" FROM "runway" WHERE time = ${DEMO_NOW_MS}ms`);
    const values = severities[0]?.values.map((v) => v[1]) ?? [];
    expect(values).toHaveLength(first.forecast.rows.length);
    expect(values).toContain('critical');
    const christmas = await store.query(`SELECT "text", "time_end" FROM "holiday" WHERE "name" = 'christmas' AND time >= '2026-12-01T00:00:00Z' AND time < '2027-01-01T00:00:00Z'`);
    expect(christmas[0]?.values[0]?.[0]).toBe(Date.UTC(2026, 11, 24));
  });

  it('serves the runway table as JSON, soonest exhaustion first', async () => {
    const cycle = await cycleFor();
    await runAndDeliver(cycle, DEMO_NOW_MS + 7_200_000);
    const app = await buildServer({ config, store, logger: false, plugins: [{ plugin: runwayApi, options: { cycle } }] });
    const res = await app.inject({ method: 'GET', url: '/api/v1/runway' });
    await app.close();
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const days = body.rows.map((r: { daysLeft: number | null }) => r.daysLeft ?? Infinity);
    expect(days).toEqual([...days].sort((a: number, b: number) => a - b));
    expect(body.rows[0]).toMatchObject({ severity: 'critical', crossing: { likely: expect.stringMatching(/^2026-/) } });
    expect(body.alerts.length).toBe(first.active.length);
  });

  it('keeps its fits across a restart: the next process\'s first cycle fits only the hosts that are due, and none fitted by other code', async () => {
    const fitMemoryFile = join(mkdtempSync(join(tmpdir(), 'fits-')), 'fit-memory.ndjson');
    const restart = () => new CapacityCycle({ config, store, alerting: alerting!, log: quiet, source: 'rollup', fitMemoryFile });
    const before = await restart().run(DEMO_NOW_MS);
    expect(before.forecast.keptSeries).toBe(0);
    const after = await restart().run(DEMO_NOW_MS);
    expect(after.forecast.keptSeries).toBe(before.forecast.rows.length);
    const byKey = (r: CycleResult) => [...r.rows].sort(([a], [b]) => a.localeCompare(b)).map(([k, row]) => [k, row.crossing, row.daysLeft, row.current, row.model]);
    expect(byKey(after)).toEqual(byKey(before));
    // An upgrade: fits made by other forecasting code are not kept.
    const [header, ...hosts] = readFileSync(fitMemoryFile, 'utf8').split('\n');
    writeFileSync(fitMemoryFile, [JSON.stringify({ ...JSON.parse(header!), code: 'older' }), ...hosts].join('\n'));
    expect((await restart().run(DEMO_NOW_MS)).forecast.keptSeries).toBe(0);
  });
});

