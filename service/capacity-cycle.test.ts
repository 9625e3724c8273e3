import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../core/config.ts';
import { WebhookNotifier } from '../alerting/impl/webhook-notifier.ts';
import { buildServer } from '../ingest/server.ts';
import { storeFor } from '../scripts/test-support/influx.ts';
import { DEMO_NOW_MS } from '../scripts/test-support/global-setup.ts';
import { CapacityCycle, type CycleResult } from './capacity-cycle.ts';
import { runwayApi } from './runway-api.ts';

const DAY_MS = 86_400_000;
const quiet = { info() {}, error() {} };

describe('capacity cycle on the demo fleet (real InfluxDB, loaded through the ingest API)', () => {
  const config = loadConfig({}, { influxUrl: inject('influxUrl'), influxDb: inject('demoDatabase'), logLevel: 'silent' });
  const store = storeFor(config);
  const received: any[] = [];
  let receiverServer: Server;
  let cycle: CapacityCycle;
  let first: CycleResult;

  beforeAll(async () => {
    receiverServer = createServer(async (req, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      received.push(JSON.parse(text));
      res.end();
    });
    await new Promise<void>((r) => receiverServer.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(receiverServer.address() as { port: number }).port}/`;
    cycle = new CapacityCycle({ config, store, notifiers: [new WebhookNotifier({ url })], log: quiet });
    first = await cycle.run(DEMO_NOW_MS);
  });
  afterAll(() => new Promise<void>((r) => receiverServer.close(() => r())));

  it('forecasts every disk and every host, without failures', () => {
    expect(first.forecast.failures).toEqual([]);
    const metrics = new Set(first.forecast.rows.map((r) => r.metric));
    expect(metrics).toEqual(new Set(['disk_used_percent', 'load_daily_max']));
  });

  it('raises a critical disk, a disk warning and a Christmas-driven load warning', () => {
    const disks = first.warnings.filter((w) => w.labels.alertname === 'DiskFillingUp').map((w) => w.labels.severity);
    expect(disks).toContain('critical');
    expect(disks).toContain('warning');
    const load = first.warnings.find((w) => w.labels.alertname === 'PeakLoadOverCapacity');
    expect(load, 'a load alert').toBeDefined();
    expect(load!.row.driver).toBe('christmas 2026');
    expect(load!.row.crossing.likely! - DEMO_NOW_MS).toBeLessThanOrEqual(30 * DAY_MS);
    for (const w of first.warnings) expect(w.remediation.length).toBeGreaterThan(50);
  });

  it('delivers the alerts to the webhook once, and not again on the next run', async () => {
    expect(received).toHaveLength(1);
    expect(received[0].alerts).toHaveLength(first.warnings.length);
    const again = await cycle.run(DEMO_NOW_MS + 3_600_000);
    expect(again.delivered).toEqual([]);
    expect(received).toHaveLength(1);
  });

  it('writes forecasts and runway rows with their severity back to InfluxDB', async () => {
    const forecasts = await store.query(`SELECT count("value") FROM "forecast" WHERE time >= ${DEMO_NOW_MS}ms`);
    expect(Number(forecasts[0]?.values[0]?.[1])).toBe(first.forecast.forecastPoints);
    const severities = await store.query(`SELECT "severity" FROM "runway" WHERE time = ${DEMO_NOW_MS}ms`);
    const values = severities[0]?.values.map((v) => v[1]) ?? [];
    expect(values).toHaveLength(first.forecast.rows.length);
    expect(values).toContain('warning');
  });

  it('serves the runway table as JSON, soonest exhaustion first', async () => {
    const app = await buildServer({ config, store, logger: false, plugins: [{ plugin: runwayApi, options: { cycle, policy: { warningDays: 30, criticalDays: 7 } } }] });
    const res = await app.inject({ method: 'GET', url: '/api/v1/runway' });
    await app.close();
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const days = body.rows.map((r: { daysLeft: number | null }) => r.daysLeft ?? Infinity);
    expect(days).toEqual([...days].sort((a: number, b: number) => a - b));
    expect(body.rows[0]).toMatchObject({ severity: expect.stringMatching(/warning|critical/), crossing: { likely: expect.stringMatching(/^2026-/) } });
    expect(body.alerts.length).toBe(first.warnings.length);
  });
});
