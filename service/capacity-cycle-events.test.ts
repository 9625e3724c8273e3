import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertingFromConfig } from '../alerting/alerting-from-config.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { CapacityCycle } from './capacity-cycle.ts';

const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 21, 6);

/** 60 days of hourly load on a 4-core host, straight into InfluxDB; a campaign adds `bump` on its days. */
function loadHistory(customer = 'acme', host = 'web1', campaign?: { fromMs: number; toMs: number; bump: number }): string {
  const lines: string[] = [];
  for (let t = NOW_MS - 60 * DAY_MS; t < NOW_MS; t += 3_600_000) {
    const inCampaign = campaign !== undefined && t >= campaign.fromMs && t < campaign.toMs;
    const load = 1 + 0.5 * Math.sin((2 * Math.PI * t) / DAY_MS) + (t - NOW_MS) / (400 * DAY_MS) + (inCampaign ? campaign.bump : 0);
    lines.push(`system,customer=${customer},host=${host} load1=${load.toFixed(3)},n_cpus=4 ${t}000000`);
  }
  return lines.join('\n');
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('custom events from RUNWAY_EVENTS_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'events-'));
  const eventsFile = join(dir, 'events.csv');

  async function cycleWith(events: string, history = loadHistory()) {
    writeFileSync(eventsFile, events);
    const config = testConfig({ forecastEventsFile: eventsFile, alertStateFile: join(dir, `alerts-${Math.random()}.json`) });
    const store = storeFor(config);
    await store.ensureDatabase();
    await store.writeLines(history);
    const errors: { obj: unknown; msg: string }[] = [];
    const log = { info() {}, warn() {}, error: (obj: unknown, msg: string) => void errors.push({ obj, msg }) };
    const alerting = await alertingFromConfig(config, log, {});
    const result = await new CapacityCycle({ config, store, alerting, log }).run(NOW_MS);
    return { store, result, errors };
  }

  let good: Awaited<ReturnType<typeof cycleWith>>;
  beforeAll(async () => {
    good = await cycleWith('name,start,end\nspring-campaign,2026-12-01,2026-12-07\nspring-campaign,2025-12-01,2025-12-07\n');
  });

  it('are learnt with the calendar and written with it for Grafana', async () => {
    expect(good.errors).toEqual([]);
    expect(good.result.forecast.rows.map((r) => r.host)).toEqual(['web1']);
    // Custom events are named "event:…" so they never merge with a calendar holiday.
    const rows = await good.store.query(`SELECT "text" FROM "holiday" WHERE "name" = 'event:spring-campaign' AND time >= '2025-01-01T00:00:00Z' AND time < '2028-01-01T00:00:00Z'`);
    expect(rows[0]?.values.length).toBe(2);
  });

  it('with a scope, concern only that customer\'s series', async () => {
    // Both shops had the same three busy days a month ago, but only acme's were its flash sale,
    // and only acme runs it again in ten days.
    const past = { fromMs: Date.UTC(2026, 9, 20), toMs: Date.UTC(2026, 9, 23), bump: 2 };
    const next = Date.UTC(2026, 11, 1);
    const events = `name,start,end,scope\nflash-sale,${isoDay(past.fromMs)},${isoDay(past.toMs - DAY_MS)},acme\nflash-sale,${isoDay(next)},${isoDay(next + 2 * DAY_MS)},acme\n`;
    const { store, result, errors } = await cycleWith(events, `${loadHistory('acme', 'web1', past)}\n${loadHistory('globex', 'web2', past)}`);
    expect(errors).toEqual([]);
    const peakOf = async (host: string): Promise<number> => {
      const rows = await store.query(`SELECT max("value") FROM "forecast" WHERE "host" = '${host}' AND time >= '${isoDay(next)}T00:00:00Z' AND time < '${isoDay(next + 3 * DAY_MS)}T00:00:00Z'`);
      return Number(rows[0]?.values[0]?.[1]);
    };
    const [acme, globex] = [await peakOf('web1'), await peakOf('web2')];
    expect(result.forecast.rows.map((r) => r.host).sort()).toEqual(['web1', 'web2']);
    expect(acme - globex).toBeGreaterThan(1);
    const written = await store.query(`SELECT "text" FROM "holiday" WHERE "name" = 'event:flash-sale' AND "scope" = 'acme' AND time >= '2025-01-01T00:00:00Z' AND time < '2028-01-01T00:00:00Z'`);
    expect(written[0]?.values.map((v) => v[1])).toEqual(['event:flash sale (acme, DK)', 'event:flash sale (acme, DK)']);
  });

  it('a broken file is logged with its line, and the run goes on without it', async () => {
    const bad = await cycleWith('name,start,end\nspring-campaign,2026-13-01,2026-12-07\n');
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]!.msg).toBe('custom events file ignored this run');
    expect(String((bad.errors[0]!.obj as { err: Error }).err.message)).toMatch(/line 2/);
    expect(bad.result.forecast.rows.map((r) => r.host)).toEqual(['web1']);
  });
});
