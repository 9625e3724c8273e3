import { sendFleet } from '../scripts/demo-fleet/send.ts';
import { rowKey } from '../alerting/early-warning.ts';
import type { CycleResult } from '../service/capacity-cycle.ts';
import { formatPoolLines, formatRunwayTable } from '../service/runway-table.ts';

const HOUR_MS = 3_600_000;

/** The demo fleet's last sample: now, to the hour. */
export const demoEndMs = (): number => Math.floor(Date.now() / HOUR_MS) * HOUR_MS;

/**
 * Three years of history, as the forecast job reads by default: yearly patterns such as a shop's
 * Christmas are learnt from three occurrences rather than two.
 */
const DEMO_DAYS = 1095;

/** Sends three years of the demo fleet through Runway's own ingest API, as Telegraf would, with each customer's token. */
export async function loadDemoFleet(baseUrl: string, tokenFor: (customer: string) => string): Promise<void> {
  const endMs = demoEndMs();
  process.stderr.write('runway: loading the demo fleet (three years, hourly) through the ingest API…\n');
  let lastShown = 0;
  const result = await sendFleet(baseUrl, {
    endMs,
    days: DEMO_DAYS,
    tokenFor,
    onProgress: (sent, total) => {
      const pct = Math.floor((sent / total) * 100);
      if (pct >= lastShown + 10 || sent === total) {
        lastShown = pct;
        process.stderr.write(`runway:   ${pct} % (${sent.toLocaleString('en')} of ${total.toLocaleString('en')} points)\n`);
      }
    },
  });
  process.stderr.write(`runway: demo fleet loaded: ${result.points.toLocaleString('en')} points in ${(result.ms / 1000).toFixed(1)} s\n`);
}

export function printCycle(result: CycleResult): void {
  const severity = new Map(result.active.map((a) => [a.key, a.severity]));
  const rows = result.forecast.rows.map((r) => ({ ...r, severity: severity.get(rowKey(r)) ?? 'ok' }));
  const out = [`\nRunway table (run ${result.forecast.run}, ${rows.length} resources, ${result.forecast.durationMs} ms):\n`, formatRunwayTable(rows), ''];
  if (result.pools.length > 0) out.push(`Pool headroom (${result.pools.length}):`, ...formatPoolLines(result.pools), '');
  const raised = result.active.filter((a) => a.state === 'firing');
  out.push(`Alerts raised (${raised.length}):`);
  for (const a of raised) out.push(`  [${a.severity}] ${a.summary}\n      ${a.remediation}`);
  if (result.forecast.failures.length) out.push(`\nSeries not forecast (${result.forecast.failures.length}): ${result.forecast.failures.map((f) => `${f.series}: ${f.error}`).join('; ')}`);
  process.stdout.write(out.join('\n') + '\n');
}
