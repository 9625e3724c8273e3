import { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';
import { RollupMaintainer } from '../../core/impl/rollup-maintainer.ts';
import { prepareRollups } from '../../core/impl/rollup-schema.ts';
import { firstRawDayMs, HISTORY_RP } from '../../core/rollups.ts';
import { mulberry32 as prng } from '../../scripts/demo-fleet/prng.ts';

const DAY_MS = 86_400_000;
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
 * One host's days as line protocol: two disks (growing, with a weekly clean-up, and their inodes),
 * the daily peak load with its cores, memory and CPU use: every resource the forecast job reads.
 */
function* hostLines(h: number, originDay: number, fromDay: number, toDay: number): Generator<string> {
  const rnd = prng(h + 1);
  const customer = `c${h % 97}`;
  const host = `h${h}`;
  const cores = 2 + 2 * Math.floor(rnd() * 4);
  const disks = ['/', '/var'].map((mount) => ({ mount, start: 10 + rnd() * 40, growth: rnd() * 0.06 }));
  const loadLevel = 0.2 + rnd() * cores * 0.6;
  for (let d = fromDay; d < toDay; d++) {
    const noise = prng(h * 100_003 + d);
    const ns = `${(d * DAY_MS + 12 * 3_600_000) * 1_000_000}`;
    const age = d - originDay;
    const weekday = (d + 4) % 7;
    for (const disk of disks) {
      const used = Math.min(99, disk.start + disk.growth * age + (weekday === 0 ? -1 : 0) + noise() * 0.5);
      const inodes = Math.round(used * 40_000 * (1 + 0.01 * noise()));
      yield `disk,customer=${customer},host=${host},mount=${disk.mount} used_percent=${used.toFixed(3)},total_bytes=100000000000,inodes_used=${inodes},inodes_total=6553600 ${ns}`;
    }
    const season = 1 + 0.3 * Math.sin((2 * Math.PI * weekday) / 7) + 0.4 * Math.max(0, Math.cos((2 * Math.PI * (d % 365)) / 365));
    const load = loadLevel * season * (0.9 + noise() * 0.2);
    yield `system,customer=${customer},host=${host} load1=${load.toFixed(3)},n_cpus=${cores} ${ns}`;
    yield `mem,customer=${customer},host=${host} used_percent=${Math.min(99, 30 + 40 * (load / cores) + 0.01 * age).toFixed(3)},total_bytes=${cores * 4 * 2 ** 30} ${ns}`;
    yield `cpu,customer=${customer},host=${host} usage_percent=${Math.min(100, (100 * load) / cores).toFixed(3)} ${ns}`;
  }
}

/**
 * Writes the fleet straight into InfluxDB as a backfill would land (days past the raw retention
 * in the history policy, recent ones in the raw policy), then builds its rollups. Returns points written.
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
  const send = async (store: InfluxHttpStore, body: string[]) => {
    const p = store.writeLines(body.join('\n')).finally(() => inFlight.delete(p));
    inFlight.add(p);
    written += body.length;
    if (inFlight.size >= 4) await Promise.race(inFlight);
  };
  const started = Date.now();
  for (const [store, from, to] of [[history, today - spec.days, firstRawDay], [raw, firstRawDay, today + 1]] as const) {
    let body: string[] = [];
    for (let h = 0; h < spec.hosts; h++) {
      for (const line of hostLines(h, today - spec.days, from, to)) {
        body.push(line);
        if (body.length === LINES_PER_BODY) {
          await send(store, body);
          body = [];
        }
      }
    }
    if (body.length > 0) await send(store, body);
  }
  await Promise.all(inFlight);
  log(`  wrote ${written} points in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const rollupStarted = Date.now();
  const rollups = new RollupMaintainer({ admin: raw, rawRetentionDays: spec.rawRetentionDays });
  rollups.touched((today - spec.days) * DAY_MS, spec.nowMs);
  const rolled = await rollups.run(spec.nowMs);
  log(`  rolled up into ${rolled} hourly and daily points in ${((Date.now() - rollupStarted) / 1000).toFixed(1)} s`);
  return written;
}
