import { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';
import { prepareRollups } from '../../core/impl/rollup-schema.ts';
import { StreamingRollups } from '../../core/impl/streaming-rollups.ts';
import { formatPoints } from '../../core/line-protocol-format.ts';
import { retryUnavailable } from '../../forecast/job/chunk-points.ts';
import { firstRawDayMs, HISTORY_RP, ROLLUP_RP, type RollupGrain } from '../../core/rollups.ts';
import { float, msToNs, type MetricPoint } from '../../core/schema.ts';
import { mulberry32 as prng } from '../../scripts/demo-fleet/prng.ts';

const DAY_MS = 86_400_000;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const LINES_PER_BODY = 5000;

export interface FleetSpec {
  influxUrl: string;
  database: string;
  hosts: number;
  days: number;
  nowMs: number;
  rawRetentionDays: number;
}

/**
 * One host's days: two disks (growing, with a weekly clean-up, and their inodes), the daily peak
 * load with its cores, memory and CPU use: every resource the forecast job reads.
 */
function* hostPoints(h: number, originDay: number, fromDay: number, toDay: number): Generator<MetricPoint> {
  const rnd = prng(h + 1);
  const customer = `c${h % 97}`;
  const host = `h${h}`;
  const cores = 2 + 2 * Math.floor(rnd() * 4);
  const disks = ['/', '/var'].map((mount) => ({ mount, start: 10 + rnd() * 40, growth: rnd() * 0.06 }));
  const loadLevel = 0.2 + rnd() * cores * 0.6;
  for (let d = fromDay; d < toDay; d++) {
    const noise = prng(h * 100_003 + d);
    const timeNs = msToNs(d * DAY_MS + 12 * 3_600_000);
    const age = d - originDay;
    const weekday = (d + 4) % 7;
    for (const disk of disks) {
      const used = Math.min(99, disk.start + disk.growth * age + (weekday === 0 ? -1 : 0) + noise() * 0.5);
      const inodes = Math.round(used * 40_000 * (1 + 0.01 * noise()));
      yield {
        measurement: 'disk', tags: { customer, host, mount: disk.mount },
        fields: { used_percent: float(round3(used)), total_bytes: float(100_000_000_000), inodes_used: float(inodes), inodes_total: float(6_553_600) }, timeNs,
      };
    }
    const season = 1 + 0.3 * Math.sin((2 * Math.PI * weekday) / 7) + 0.4 * Math.max(0, Math.cos((2 * Math.PI * (d % 365)) / 365));
    const load = loadLevel * season * (0.9 + noise() * 0.2);
    yield { measurement: 'system', tags: { customer, host }, fields: { load1: float(round3(load)), n_cpus: float(cores) }, timeNs };
    yield { measurement: 'mem', tags: { customer, host }, fields: { used_percent: float(round3(Math.min(99, 30 + 40 * (load / cores) + 0.01 * age))), total_bytes: float(cores * 4 * 2 ** 30) }, timeNs };
    yield { measurement: 'cpu', tags: { customer, host }, fields: { usage_percent: float(round3(Math.min(100, (100 * load) / cores))) }, timeNs };
  }
}

/**
 * Writes the fleet straight into InfluxDB as a backfill would land (days past the raw retention
 * in the history policy, recent ones in the raw policy), rolled up as it is written (StreamingRollups,
 * as runway serve --demo does; each series is sent once, in time order). Returns points written.
 */
export async function writeFleet(spec: FleetSpec, log: (s: string) => void): Promise<number> {
  const base = { url: spec.influxUrl, database: spec.database, timeoutMs: 600_000, batchPoints: LINES_PER_BODY };
  const raw = new InfluxHttpStore(base);
  const history = new InfluxHttpStore({ ...base, retentionPolicy: HISTORY_RP });
  await raw.ensureDatabase();
  await prepareRollups(raw, { rawRetentionDays: spec.rawRetentionDays, rollupRetentionDays: 0, log: { info() {}, warn() {} } });
  const today = Math.floor(spec.nowMs / DAY_MS);
  const firstRawDay = firstRawDayMs(spec.nowMs, spec.rawRetentionDays) / DAY_MS;
  let written = 0;
  const inFlight = new Set<Promise<void>>();
  const stream = new StreamingRollups(firstRawDay * DAY_MS);
  const rollupStores = { hour: new InfluxHttpStore({ ...base, retentionPolicy: ROLLUP_RP.hour }), day: new InfluxHttpStore({ ...base, retentionPolicy: ROLLUP_RP.day }) };
  let rolled = 0;
  const writeRollups = async (done: Record<RollupGrain, MetricPoint[]>) => {
    rolled += done.hour.length + done.day.length;
    await Promise.all([retryUnavailable(() => rollupStores.hour.write(done.hour)), retryUnavailable(() => rollupStores.day.write(done.day))]);
  };
  const send = async (store: InfluxHttpStore, body: MetricPoint[]) => {
    stream.add(body);
    await writeRollups(stream.take());
    const text = formatPoints(body);
    // A loaded machine's InfluxDB times a write out now and then: one lost body would fail the whole setup.
    const p = retryUnavailable(() => store.writeLines(text)).finally(() => inFlight.delete(p));
    inFlight.add(p);
    written += body.length;
    if (inFlight.size >= 4) await Promise.race(inFlight);
  };
  const started = Date.now();
  for (const [store, from, to] of [[history, today - spec.days, firstRawDay], [raw, firstRawDay, today + 1]] as const) {
    let body: MetricPoint[] = [];
    for (let h = 0; h < spec.hosts; h++) {
      for (const point of hostPoints(h, today - spec.days, from, to)) {
        body.push(point);
        if (body.length === LINES_PER_BODY) {
          await send(store, body);
          body = [];
        }
      }
    }
    if (body.length > 0) await send(store, body);
  }
  await Promise.all(inFlight);
  await writeRollups(stream.finish());
  if (!stream.valid) throw new Error('the bench fleet was generated out of order');
  log(`  wrote ${written} points and their ${rolled} hourly and daily rollup points in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return written;
}
