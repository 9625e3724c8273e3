/**
 * Integration test: the holidays and custom events the forecast job writes are scoped to the customer
 * they concern. Two shops in two countries, each with a campaign of its own (one scoped by customer,
 * one by host) and one event for all, are forecast by the real job into the real InfluxDB; then the
 * customer view's own "Holidays" annotation and "Holidays of" variable, interpolated as Grafana would,
 * must show each customer only its own country's holidays and the events that concern it.
 *
 * Run alone:  ./scripts/test dashboards/holiday-annotations.influx
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { customEventRanges } from '../forecast/events.ts';
import { runForecastJob } from '../forecast/job/forecast-job.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { customerViewDashboard } from './customer-view.ts';
import { panelAndAnnotationQueries, variableQueries } from './dashboard-queries.ts';
import { influxQuery, type Series } from './influx-test-client.ts';
import { interpolateQuery } from './query-interpolation.ts';

const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 21, 6);
const SHOPS = [
  { customer: 'hyggehjem', host: 'shop-dk', country: 'DK' },
  { customer: 'fika', host: 'shop-se', country: 'SE' },
] as const;

/** 60 days of hourly load on a 4-core host. */
function loadHistory(customer: string, host: string): string {
  const lines: string[] = [];
  for (let t = NOW_MS - 60 * DAY_MS; t < NOW_MS; t += 3_600_000) {
    const load = 1 + 0.5 * Math.sin((2 * Math.PI * t) / DAY_MS);
    lines.push(`system,customer=${customer},host=${host} load1=${load.toFixed(3)},n_cpus=4 ${t}000000`);
  }
  return lines.join('\n');
}

const dashboard = customerViewDashboard();
const holidays = panelAndAnnotationQueries(dashboard).find((q) => q.where === 'annotation "Holidays"')!;
const countries = variableQueries(dashboard).find((v) => v.name === 'country')!;

describe('[influxdb] holiday and event annotations of the customer view', () => {
  const config = testConfig();
  const seen = (customer: string, query: string): Promise<Series[]> =>
    influxQuery(
      interpolateQuery(query, {
        fromMs: NOW_MS - 60 * DAY_MS,
        toMs: NOW_MS + 60 * DAY_MS,
        interval: '1h',
        intervalMs: 3_600_000,
        variables: { customer },
        rawVariables: { country: '.*' }, // "All", as the dashboard opens
      }),
      config.influxDb,
    );
  /** Each row of the annotation query as `name country`. */
  const annotations = async (customer: string): Promise<string[]> =>
    (await seen(customer, holidays.query)).flatMap((s) => {
      const [country, name] = ['country', 'name'].map((c) => s.columns.indexOf(c));
      return s.values.map((row) => `${String(row[name!])} ${String(row[country!])}`);
    });

  beforeAll(async () => {
    const store = storeFor(config);
    await store.ensureDatabase();
    await store.writeLines(SHOPS.map((s) => loadHistory(s.customer, s.host)).join('\n'));
    const events = customEventRanges([
      { name: 'hygge-sale', start: '2026-12-01', end: '2026-12-03', scope: 'hyggehjem' },
      { name: 'fika-migration', start: '2026-12-02', scope: 'shop-se' },
      { name: 'datacentre-move', start: '2026-12-05' },
    ]);
    const countryOf = (customer: string) => SHOPS.find((s) => s.customer === customer)?.country;
    await runForecastJob({
      reader: store, writer: store, historyDays: 60, horizonDays: 30, levelPercent: 80, country: 'DE', countryOf,
      events, diskThresholdPercent: 90, nowMs: NOW_MS,
    });
  });

  it.each(SHOPS)("show $customer only its own country's holidays and the events that concern it", async ({ customer, country }) => {
    const rows = await annotations(customer);
    expect(rows).toContain(`christmas ${country}`);
    expect(rows).toContain(`event:datacentre-move ${country}`);
    expect(new Set(rows.map((r) => r.split(' ')[1]))).toEqual(new Set([country]));
    const own = customer === 'hyggehjem' ? 'event:hygge-sale' : 'event:fika-migration';
    const other = customer === 'hyggehjem' ? 'event:fika-migration' : 'event:hygge-sale';
    expect(rows).toContain(`${own} ${country}`);
    expect(rows.some((r) => r.startsWith(other))).toBe(false);
  });

  it('offer in "Holidays of" only the customer\'s own countries', async () => {
    for (const { customer, country } of SHOPS) {
      const values = (await seen(customer, countries.query)).flatMap((s) => s.values.map((row) => row[1]));
      expect(values, customer).toEqual([country]);
    }
  });
});
