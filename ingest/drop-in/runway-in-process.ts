import type { FastifyInstance } from 'fastify';
import type { Config } from '../../core/config.ts';
import type { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';
import { storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';
import { openAuthenticator } from '../auth/authenticate.ts';
import { NodeExporterMapper } from '../collectors/node-exporter-mapping.ts';
import { HostActivity } from '../host-activity.ts';
import type { PipelineContext } from '../ingest-pipeline.ts';
import { IngestMetrics } from '../metrics.ts';
import { collectorRoutes } from '../routes/collectors.ts';
import { buildServer } from '../server.ts';
import { DurableSpool } from '../spool/durable-spool.ts';

/** The token the drop-in suite's Runway takes (single-tenant mode with a shared token). */
export const SUITE_TOKEN = 'drop-in-suite-token';

export interface RunwayInProcess {
  url: string;
  app: FastifyInstance;
  spool: DurableSpool;
  store: InfluxHttpStore;
  config: Config;
  close(): Promise<void>;
}

/**
 * Runway listening on a loopback port, composed as `runway serve` composes its ingest (durable
 * spool with fsync, metrics, the write queue, the collector routes), writing into a database of its own in the test
 * InfluxDB, so that real clients can be pointed at it.
 */
export async function startRunway(settings: Parameters<typeof testConfig>[0] = {}): Promise<RunwayInProcess> {
  const config = testConfig(settings);
  const store = storeFor(config);
  await store.ensureDatabase();
  const dir = tempDir('test-drop-in-spool');
  const metrics = new IngestMetrics({ processMetrics: false });
  const spool = await DurableSpool.open({ dir: dir.path, maxBytes: config.spoolMaxBytes, sink: store, batchPoints: config.writeBatchPoints, observer: metrics });
  const authenticate = openAuthenticator([SUITE_TOKEN]);
  const pipeline: PipelineContext = { writer: spool, rules: { defaultCustomer: config.defaultCustomer }, activity: new HostActivity() };
  const collectors = { pipeline, bodyLimitBytes: config.bodyLimitBytes, nodeExporter: new NodeExporterMapper() };
  const app = await buildServer({ config, store, writer: spool, metrics, logger: false, auth: { authenticate, pipeline }, plugins: [{ plugin: collectorRoutes, options: collectors }] });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url, app, spool, store, config,
    async close() {
      await app.close();
      await spool.close();
      dir.remove();
    },
  };
}
