import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { mayRead } from '../ingest/auth/principal.ts';
import { principalOf } from '../ingest/auth/route-auth.ts';
import { rowKey } from '../alerting/early-warning.ts';
import type { CapacityCycle, CycleProgress } from './capacity-cycle.ts';
import { ErrorReply, RunwayResponse } from './read-api-schemas.ts';
import { sortByRunway } from './runway-table.ts';

/**
 * GET /api/v1/runway: the latest runway table and the active alerts, as JSON, limited to the
 * customers the caller's token may read (`?customer=` narrows it further).
 */
export const runwayApi: FastifyPluginAsyncTypebox<{ cycle: CapacityCycle }> = async (app, opts) => {
  const querystring = Type.Object({ customer: Type.Optional(Type.String({ minLength: 1, description: 'only this customer' })) });
  app.get('/api/v1/runway', { config: { auth: 'any' }, schema: { summary: 'The latest runway table and active alerts', tags: ['runway'], querystring, response: { 200: RunwayResponse, 503: ErrorReply } } }, async (req, reply) => {
    const principal = principalOf(req);
    const latest = opts.cycle.latest;
    if (!latest) return reply.code(503).header('retry-after', '30').send({ error: `the first forecast run has not finished yet${progressText(opts.cycle.progress)}` });
    const only = req.query.customer;
    const visible = (customer: string) => mayRead(principal, customer) && (only === undefined || only === customer);
    const severity = new Map(latest.active.map((r) => [r.key, r.severity]));
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const rows = sortByRunway(latest.forecast.rows.filter((r) => visible(r.customer))).map((r) => ({
      customer: r.customer,
      host: r.host,
      resource: r.resource,
      metric: r.metric,
      current: r.current,
      threshold: r.threshold,
      daysLeft: r.daysLeft,
      crossing: { earliest: iso(r.crossing.earliest), likely: iso(r.crossing.likely), latest: iso(r.crossing.latest) },
      driver: r.driver,
      severity: severity.get(rowKey(r)) ?? 'ok',
      model: r.model,
    }));
    const alerts = latest.active
      .filter((a) => visible(a.labels.customer))
      .map((a) => ({ key: a.key, labels: { ...a.labels, severity: a.severity }, state: a.state, summary: a.summary, remediation: a.remediation, ack: a.ack }));
    const pools = latest.pools
      .filter((p) => visible(p.customer))
      .map((p) => ({
        customer: p.customer, pool: p.pool, resource: p.resource, hosts: p.hosts, capacity: p.capacity, usable: p.usable,
        peakForecast: Number.isFinite(p.peakForecast) ? p.peakForecast : null, peakAt: iso(p.peakAtMs),
        headroom: Number.isFinite(p.peakForecast) ? p.usable - p.peakForecast : null, shortHosts: p.shortHosts,
      }));
    return { run: latest.forecast.run, rows, pools, alerts };
  });
};

/** ": 2,400 of 10,000 hosts forecast, started 180 s ago", or nothing before the hosts are known. */
function progressText(progress: CycleProgress | null): string {
  if (progress?.hosts == null) return '';
  const seconds = Math.round((Date.now() - progress.startedAtMs) / 1000);
  return `: ${progress.hostsDone.toLocaleString('en')} of ${progress.hosts.toLocaleString('en')} hosts forecast, started ${seconds} s ago`;
}
