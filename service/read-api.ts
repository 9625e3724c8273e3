import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../core/config.ts';
import type { Inventory } from '../core/inventory/inventory.ts';
import type { SeriesReader } from '../core/store.ts';
import type { AlertingService } from '../alerting/alerting-service.ts';
import type { Authenticate } from '../ingest/auth/authenticate.ts';
import { addRouteAuth } from '../ingest/auth/route-auth.ts';
import { replyWithError } from '../ingest/error-replies.ts';
import type { OcoMonitor } from '../ingest/oco/oco-monitor.ts';
import { alertsApi } from './alerts-api.ts';
import type { CapacityCycle } from './capacity-cycle.ts';
import { noticesApi } from './notices-api.ts';
import { runwayApi } from './runway-api.ts';
import { statusApi } from './status-api.ts';

export interface ReadApiOptions {
  authenticate: Authenticate;
  cycle: CapacityCycle;
  alerting: AlertingService;
  /** The OCO monitor, when there is an inventory to monitor; /api/v1/status is served only then. */
  monitor: OcoMonitor | null;
  reader: SeriesReader;
  inventory: Inventory | undefined;
  config: Config;
}

/**
 * The read APIs (runway, alerts and silences, status, notice previews), beside the ingest plugin
 * rather than inside it: they take JSON bodies through fastify's own parser, are never shed as
 * writes, and share with ingest only the authentication (route `config.auth`) and the error shape.
 */
export const readApi: FastifyPluginAsync<ReadApiOptions> = async (app, opts) => {
  addRouteAuth(app, opts.authenticate);
  app.setErrorHandler(replyWithError);
  await app.register(runwayApi, { cycle: opts.cycle });
  await app.register(alertsApi, { alerting: opts.alerting });
  if (opts.monitor) await app.register(statusApi, { monitor: opts.monitor });
  await app.register(noticesApi, { cycle: opts.cycle, reader: opts.reader, inventory: opts.inventory, config: opts.config });
};
