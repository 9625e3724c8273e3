import type { FastifyInstance } from 'fastify';
import { severityOf, type EarlyWarningPolicy } from '../alerting/early-warning.ts';
import type { CapacityCycle } from './capacity-cycle.ts';
import { sortByRunway } from './runway-table.ts';

/** GET /api/v1/runway: the latest runway table and the alerts it raised, as JSON. */
export async function runwayApi(app: FastifyInstance, opts: { cycle: CapacityCycle; policy: EarlyWarningPolicy }): Promise<void> {
  app.get('/api/v1/runway', async (_req, reply) => {
    const latest = opts.cycle.latest;
    if (!latest) return reply.code(503).header('retry-after', '30').send({ error: 'the first forecast run has not finished yet' });
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const rows = sortByRunway(latest.forecast.rows).map((r) => ({
      customer: r.customer,
      host: r.host,
      resource: r.resource,
      metric: r.metric,
      current: r.current,
      threshold: r.threshold,
      daysLeft: r.daysLeft,
      crossing: { earliest: iso(r.crossing.earliest), likely: iso(r.crossing.likely), latest: iso(r.crossing.latest) },
      driver: r.driver,
      severity: severityOf(r, opts.policy) ?? 'ok',
      model: r.model,
    }));
    const alerts = latest.warnings.map((w) => ({ labels: w.labels, summary: w.summary, remediation: w.remediation }));
    return { run: latest.forecast.run, rows, alerts, failures: latest.forecast.failures };
  });
}
