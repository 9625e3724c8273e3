import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { runForecastJob } from '../../forecast/job/forecast-job.ts';
import { poolHeadroom } from '../../forecast/job/pool-headroom.ts';
import { demoInventory } from '../../scripts/demo-fleet/demo-inventory.ts';
import { DEMO_NOW_MS, DEMO_TEST_HOSTS } from '../../scripts/test-support/global-setup.ts';
import { testPoolOf } from '../../scripts/test-support/demo-test-pools.ts';
import { storeFor } from '../../scripts/test-support/influx.ts';
import { poolOfRow } from '../pool-proposals.ts';
import { messagesFor } from './messages.ts';
import { headingOf } from './notice-metric.ts';
import { noticeInputFor } from './notice-input.ts';
import { renderNotice } from './render-notice.ts';

/** The resources forecast beside disk and load: the demo's leaking backup host, its Christmas-bound shop, its mail host's inodes. */
const NEW_METRICS = new Set(['mem_used_percent', 'cpu_p95_percent', 'inodes_used_percent']);

describe('notices from the demo fleet (real InfluxDB, forecasts stored by the real job)', () => {
  it('charts every shortage of a customer with its measured history and stored forecast, memory, CPU and inodes among them', async () => {
    const config = loadConfig({}, { influxUrl: inject('influxUrl'), influxDb: inject('demoDatabase'), logLevel: 'silent' });
    const store = storeFor(config);
    // Rows as the global setup's run computed them; its forecasts are already stored, so nothing is written again.
    const { rows } = await runForecastJob({
      reader: store,
      writer: { write: async () => {} },
      historyDays: config.forecastHistoryDays,
      horizonDays: config.forecastHorizonDays,
      levelPercent: config.forecastLevelPercent,
      country: config.forecastCountry,
      diskThresholdPercent: config.diskThresholdPercent, memoryThresholdPercent: config.memoryThresholdPercent, cpuThresholdPercent: config.cpuThresholdPercent,
      nowMs: DEMO_NOW_MS,
      source: 'rollup',
    });
    const inventory = demoInventory({ endMs: DEMO_NOW_MS, hosts: DEMO_TEST_HOSTS });
    // The pools' headroom as the capacity cycle works it out, from the same stored forecasts.
    const pools = await poolHeadroom(store, rows, testPoolOf(), DEMO_NOW_MS);
    const withinDays = 60;
    const inputs = await Promise.all(
      inventory.customers.map((customer) => noticeInputFor({ reader: store, source: 'rollup', customer, rows, pools, nowMs: DEMO_NOW_MS, withinDays, hostingCompany: 'Nordhost A/S' })),
    );
    const withShortages = inputs.filter((i) => i.rows.length > 0);
    expect(withShortages.length, 'customers with a shortage within 60 days').toBeGreaterThan(0);

    for (const input of withShortages) {
      for (const row of input.rows) {
        const series = [...input.series.values()];
        expect(series.every((s) => s.history.length >= 100 && s.forecast.length >= 30), `${row.host} ${row.resource}`).toBe(true);
      }
      const notice = renderNotice(input);
      expect(notice.html.match(/<svg /g)).toHaveLength(input.rows.length);
      expect(notice.html.match(/<path class="measured"/g)).toHaveLength(input.rows.length);
      expect(notice.html.match(/<path class="forecast"/g)).toHaveLength(input.rows.length);
      expect(notice.html.match(/<polygon class="band"/g)).toHaveLength(input.rows.length);
      expect(notice.html.match(/<circle class="crossing"/g)).toHaveLength(input.rows.length);
      expect(notice.html).toContain(`<html lang="${input.customer.language}">`);
    }

    // Hyggehjem (Danish) runs the backup host whose memory leaks, the shop whose CPU saturates at Christmas and the mail host short of inodes.
    const hygge = inputs.find((i) => i.customer.id === 'hyggehjem')!;
    const fresh = hygge.rows.filter((r) => NEW_METRICS.has(r.metric));
    expect(fresh.map((r) => `${r.host} ${r.metric}`), 'memory, CPU or inode shortages of hyggehjem within 60 days').not.toEqual([]);
    const text = renderNotice(hygge).text.replace(/\n/g, ' ');
    for (const row of fresh) expect(text, row.resource).toContain(headingOf(row, messagesFor('da')));
    // The shop's load, CPU or memory shortage gets its pool's sentence, in Danish.
    expect(hygge.rows.some((r) => poolOfRow(r, hygge.pools) !== undefined), 'a shortage of hyggehjem-shop1 within 60 days').toBe(true);
    expect(text).toMatch(/serverpuljen hyggehjem(,| har selv brug)/);
  });
});
