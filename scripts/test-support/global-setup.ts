import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { alertingFromConfig } from '../../alerting/alerting-from-config.ts';
import { loadConfig } from '../../core/config.ts';
import { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';
import { RollupMaintainer } from '../../core/impl/rollup-maintainer.ts';
import { prepareRollups } from '../../core/impl/rollup-schema.ts';
import { HISTORY_RP } from '../../core/rollups.ts';
import { RetentionRouter } from '../../ingest/retention-router.ts';
import { buildServer } from '../../ingest/server.ts';
import { CapacityCycle } from '../../service/capacity-cycle.ts';
import { sendFleet } from '../demo-fleet/send.ts';
import { testPoolOf } from './demo-test-pools.ts';
import { storeFor, testConfig } from './influx.ts';

/** Fixed "now" of the demo data in tests, so results do not depend on the day CI runs. */
export const DEMO_NOW_MS = Date.UTC(2026, 10, 21);
/** Hosts of the demo fleet loaded for tests: a representative subset keeps the suite quick. */
export const DEMO_TEST_HOSTS = 7;
/** Days before DEMO_NOW_MS the demo's raw points cover; older ones are in the history policy, as a backfill leaves them. */
export const DEMO_RAW_DAYS = 30;
const DAY_MS = 86_400_000;

declare module 'vitest' {
  export interface ProvidedContext {
    influxUrl: string;
    demoDatabase: string;
  }
}

/**
 * Once per test run: the demo fleet sent through Runway's real ingest API into its own database
 * in the real InfluxDB, laid out as `runway serve` lays out a backfill (the last DEMO_RAW_DAYS days
 * raw, older days in the history policy) and rolled up as it rolls one up, then one forecast run
 * from the rollups, so dashboards' queries and end-to-end checks have data.
 */
export default async function setup(project: TestProject): Promise<void> {
  const config = testConfig({ influxDb: 'demo_fleet' });
  const store = storeFor(config);
  await store.ensureDatabase();
  const quiet = { info() {}, warn() {}, error() {} };
  // InfluxDB keeps the raw points (tests compare rollups with them), whatever day the suite runs on;
  // Runway routes and rolls up as if the raw retention began DEMO_RAW_DAYS before the demo's end.
  await prepareRollups(store, { rawRetentionDays: 0, rollupRetentionDays: 0, log: quiet });
  const rawRetentionDays = Math.floor((Date.now() - DEMO_NOW_MS) / DAY_MS) + DEMO_RAW_DAYS;
  const rollups = new RollupMaintainer({ admin: store, rawRetentionDays });
  const history = new InfluxHttpStore({ url: config.influxUrl, database: config.influxDb, timeoutMs: 5000, batchPoints: config.writeBatchPoints, retentionPolicy: HISTORY_RP });
  const writer = new RetentionRouter({ raw: store, history, rollups, rawRetentionDays });
  const app = await buildServer({ config, store, writer, logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    await sendFleet(address, { endMs: DEMO_NOW_MS, hosts: DEMO_TEST_HOSTS });
  } finally {
    await app.close();
  }
  await rollups.run(DEMO_NOW_MS);
  const statePath = join(mkdtempSync(join(tmpdir(), 'runway-alerts-')), 'state.json');
  const alerting = await alertingFromConfig(loadConfig({}, { alertStateFile: statePath }), quiet, { channels: new Map() });
  await new CapacityCycle({ config, store, alerting, log: quiet, source: 'rollup', poolOf: testPoolOf() }).run(DEMO_NOW_MS);
  project.provide('influxUrl', config.influxUrl);
  project.provide('demoDatabase', config.influxDb);
}
