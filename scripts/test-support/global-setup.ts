import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { alertingFromConfig } from '../../alerting/alerting-from-config.ts';
import { loadConfig } from '../../core/config.ts';
import { buildServer } from '../../ingest/server.ts';
import { CapacityCycle } from '../../service/capacity-cycle.ts';
import { sendFleet } from '../demo-fleet/send.ts';
import { storeFor, testConfig } from './influx.ts';

/** Fixed "now" of the demo data in tests, so results do not depend on the day CI runs. */
export const DEMO_NOW_MS = Date.UTC(2026, 10, 21);
/** Hosts of the demo fleet loaded for tests: a representative subset keeps the suite quick. */
export const DEMO_TEST_HOSTS = 7;

declare module 'vitest' {
  export interface ProvidedContext {
    influxUrl: string;
    demoDatabase: string;
  }
}

/**
 * Once per test run: the demo fleet sent through Runway's real ingest API into its own database
 * in the real InfluxDB, then one forecast run, so dashboards' queries and end-to-end checks have data.
 */
export default async function setup(project: TestProject): Promise<void> {
  const config = testConfig({ influxDb: 'demo_fleet' });
  const store = storeFor(config);
  await store.ensureDatabase();
  const app = await buildServer({ config, store, logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    await sendFleet(address, { endMs: DEMO_NOW_MS, hosts: DEMO_TEST_HOSTS });
  } finally {
    await app.close();
  }
  const quiet = { info() {}, warn() {}, error() {} };
  const statePath = join(mkdtempSync(join(tmpdir(), 'runway-alerts-')), 'state.json');
  const alerting = await alertingFromConfig(loadConfig({}, { alertStateFile: statePath }), quiet, { channels: new Map() });
  await new CapacityCycle({ config, store, alerting, log: quiet }).run(DEMO_NOW_MS);
  project.provide('influxUrl', config.influxUrl);
  project.provide('demoDatabase', config.influxDb);
}
