import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.ts';
import { RunwayError } from '../core/errors.ts';
import type { Inventory } from '../core/inventory/inventory.ts';
import type { SeriesReader } from '../core/store.ts';
import { noticeInputFor } from '../alerting/notices/notice-input.ts';
import { noticePreviewRoutes } from '../alerting/notices/notice-preview-routes.ts';
import { mayRead } from '../ingest/auth/principal.ts';
import { principalOf } from '../ingest/auth/route-auth.ts';
import type { CapacityCycle } from './capacity-cycle.ts';
import { readPoolsOfRun } from './stored-pools.ts';
import { readLatestRunwayRows } from './stored-runway.ts';

export interface NoticesApiOptions {
  cycle: CapacityCycle;
  reader: SeriesReader;
  inventory: Inventory | undefined;
  config: Config;
}

/** The notice preview (GET /api/v1/notices/:customer/preview), from the latest forecast run (stored or this process's), for tokens that may read that customer. */
export async function noticesApi(app: FastifyInstance, opts: NoticesApiOptions): Promise<void> {
  // Registered inside this plugin, the hook asks any valid token of the notice routes only.
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, auth: 'any' };
  });
  await app.register(noticePreviewRoutes, {
    authorize: (req, customer) => {
      if (!mayRead(principalOf(req), customer)) throw new RunwayError('RUNWAY_ERR_AUTH_FORBIDDEN', { reason: `this token may not read customer "${customer}"` });
    },
    inputsFor: async (customerId: string, withinDays: number) => {
      const customer = opts.inventory?.customers.find((c) => c.id === customerId);
      if (!customer) return null;
      // Before this process's first run, the rows and pools the previous one stored.
      const latest = opts.cycle.latest;
      const rows = latest?.forecast.rows ?? (await readLatestRunwayRows(opts.reader));
      const pools = latest?.pools ?? (rows[0] ? await readPoolsOfRun(opts.reader, rows[0].computedAtMs) : []);
      return noticeInputFor({ reader: opts.reader, source: opts.cycle.deps.source ?? 'raw', customer, rows, pools, nowMs: Date.now(), withinDays, hostingCompany: opts.config.hostingCompany });
    },
  });
}
