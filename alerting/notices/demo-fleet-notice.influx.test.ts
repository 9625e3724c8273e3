import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { runForecastJob } from '../../forecast/job/forecast-job.ts';
import { demoInventory } from '../../scripts/demo-fleet/demo-inventory.ts';
import { DEMO_NOW_MS, DEMO_TEST_HOSTS } from '../../scripts/test-support/global-setup.ts';
import { storeFor } from '../../scripts/test-support/influx.ts';
import { noticeInputFor } from './notice-input.ts';
import { renderNotice } from './render-notice.ts';

describe('notices from the demo fleet (real InfluxDB, forecasts stored by the real job)', () => {
  it('charts every shortage of a customer with its measured history and stored forecast', async () => {
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
    const withinDays = 60;
    const inputs = await Promise.all(
      inventory.customers.map((customer) => noticeInputFor({ reader: store, source: 'rollup', customer, rows, nowMs: DEMO_NOW_MS, withinDays, hostingCompany: 'Nordhost A/S' })),
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
  });
});
