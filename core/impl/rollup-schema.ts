import { GRAIN_MS, HISTORY_RP, OUTPUT_MEASUREMENTS, RAW_RP, retentionDuration, ROLLUP_RP, type SeriesSource } from '../rollups.ts';
import type { StoreAdmin } from '../store.ts';
import { rollUp } from './rollup-queries.ts';

export interface RollupSchemaOptions {
  rawRetentionDays: number;
  rollupRetentionDays: number;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  nowMs?: number;
}

interface Policy {
  name: string;
  durationMs: number;
  shardMs: number;
  isDefault: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Shard groups of the rollup policies, in days. InfluxDB's default for a policy kept forever is a
 * week: three years of daily rollups then lie in 157 shards, and reading one chunk of series
 * (100 series, three years of one field) cost influxd about 1 s of CPU, against 0.4–0.5 s from
 * year-long shards. A daily rollup holds one point per series a day, so a year is a small shard;
 * the hourly one is read over weeks at most. The history policy holds backfills of years: in week-long
 * shards, three years of a 1,000-host fleet lay in 153 shards, each with its own index and write
 * cache, and influxd held 3.7 GB while they were written (bench/fleet); at 10,000 hosts it
 * exhausted 24 GB. Year-long ones hold the same in four.
 */
const ROLLUP_SHARD_DAYS: Partial<Record<string, number>> = { [ROLLUP_RP.day]: 364, [ROLLUP_RP.hour]: 28, [HISTORY_RP]: 364 };

/**
 * Shard groups of the raw policy, in days. Day-long ones let InfluxDB drop raw points a day at a
 * time, but every forecast run writes 240 days ahead into the default policy: with day-long groups
 * that is 240 shards a write. 72,000 forecast points cost influxd 1.6 s of CPU into day-long groups
 * and 0.4 s into week-long ones (var/exp/fwrite.ts), and creating the groups the first time 7.7 s
 * against 1.6 s. Raw points now outlive their retention by up to a week.
 */
const RAW_SHARD_DAYS = 7;

/** A shard group no longer than the retention it serves (InfluxDB refuses one longer, except for INF). */
const shardDays = (wanted: number, retentionDays: number): number => (retentionDays === 0 ? wanted : Math.max(1, Math.min(wanted, retentionDays)));
/** The migration rolls up old raw points this many days per statement, so no statement runs into the timeout. */
const MIGRATION_CHUNK_DAYS = 14;

/**
 * Makes the database hold rollups: creates the rollup and history retention policies, and, when
 * the raw retention is to shrink (the first start on a database of years of raw points), rolls up
 * all raw history and keeps Runway's own records before it lets InfluxDB drop what is past the new
 * retention. Idempotent: an interrupted migration runs again whole at the next start.
 * Returns where forecasts read daily series: `raw` when this InfluxDB refuses retention policies
 * or INTO (2.x/3.x through their v1 API), which is logged.
 */
export async function prepareRollups(admin: StoreAdmin, opts: RollupSchemaOptions): Promise<SeriesSource> {
  let policies: Map<string, Policy>;
  try {
    policies = await readPolicies(admin);
    const rollupDuration = retentionDuration(opts.rollupRetentionDays);
    for (const rp of [ROLLUP_RP.hour, ROLLUP_RP.day, HISTORY_RP]) {
      const verb = policies.has(rp) ? 'ALTER' : 'CREATE';
      const shards = ROLLUP_SHARD_DAYS[rp] === undefined ? '' : ` SHARD DURATION ${shardDays(ROLLUP_SHARD_DAYS[rp], opts.rollupRetentionDays) * 24}h`;
      await admin.execute(`${verb} RETENTION POLICY "${rp}" ON "${admin.database}" DURATION ${rollupDuration} REPLICATION 1${shards}`);
    }
  } catch (e) {
    opts.log.warn({ err: e }, 'this InfluxDB does not take retention policies through its v1 API: forecasts read raw points (see README "Rollups and retention")');
    return 'raw';
  }
  const raw = policies.get(RAW_RP);
  const wantedMs = opts.rawRetentionDays * DAY_MS;
  const currentMs = raw ? raw.durationMs : 0;
  const shrinks = wantedMs !== 0 && (currentMs === 0 || wantedMs < currentMs);
  if (shrinks) await migrate(admin, opts, wantedMs);
  const rawShardDays = shardDays(RAW_SHARD_DAYS, opts.rawRetentionDays);
  if (!raw || currentMs !== wantedMs || !raw.isDefault || raw.shardMs !== rawShardDays * DAY_MS) {
    await admin.execute(`${raw ? 'ALTER' : 'CREATE'} RETENTION POLICY "${RAW_RP}" ON "${admin.database}" DURATION ${retentionDuration(opts.rawRetentionDays)} REPLICATION 1 SHARD DURATION ${rawShardDays * 24}h DEFAULT`);
    opts.log.info({ rawRetentionDays: opts.rawRetentionDays }, 'raw retention set');
  }
  return 'rollup';
}

/** Rolls up every raw day, then keeps Runway's records (not metrics, never rolled up) that the new retention would drop. */
async function migrate(admin: StoreAdmin, opts: RollupSchemaOptions, keepMs: number): Promise<void> {
  const nowMs = opts.nowMs ?? Date.now();
  const firstMs = await oldestRawShardMs(admin);
  if (firstMs === null) return;
  const endMs = Math.ceil((nowMs + 1) / DAY_MS) * DAY_MS;
  opts.log.info({ from: new Date(firstMs).toISOString() }, 'rolling up raw history before the raw retention shrinks');
  const cutoffMs = Math.floor((nowMs - keepMs) / GRAIN_MS.day) * GRAIN_MS.day + GRAIN_MS.day;
  const outputs = OUTPUT_MEASUREMENTS.map((m) => `"${admin.database}"."${RAW_RP}"."${m}"`).join(', ');
  let written = 0;
  for (let from = Math.floor(firstMs / DAY_MS) * DAY_MS; from < endMs; from += MIGRATION_CHUNK_DAYS * DAY_MS) {
    const to = Math.min(endMs, from + MIGRATION_CHUNK_DAYS * DAY_MS);
    written += await rollUp(admin, { fromMs: from, toMs: to, source: RAW_RP });
    if (from < cutoffMs) {
      await admin.execute(`SELECT * INTO "${admin.database}"."${HISTORY_RP}".:MEASUREMENT FROM ${outputs} WHERE time >= ${from}ms AND time < ${Math.min(to, cutoffMs)}ms GROUP BY *`);
    }
  }
  opts.log.info({ rollupPoints: written }, 'raw history rolled up');
}

/** Where an already prepared database keeps its daily series (for commands that do not run the service). */
export async function seriesSourceOf(admin: StoreAdmin): Promise<SeriesSource> {
  try {
    return (await readPolicies(admin)).has(ROLLUP_RP.day) ? 'rollup' : 'raw';
  } catch {
    return 'raw';
  }
}

async function readPolicies(admin: StoreAdmin): Promise<Map<string, Policy>> {
  const series = await admin.query(`SHOW RETENTION POLICIES ON "${admin.database}"`);
  const out = new Map<string, Policy>();
  const s = series[0];
  if (!s) return out;
  const col = (name: string) => s.columns.indexOf(name);
  for (const row of s.values) {
    const name = String(row[col('name')]);
    out.set(name, { name, durationMs: parseGoDuration(String(row[col('duration')])), shardMs: parseGoDuration(String(row[col('shardGroupDuration')])), isDefault: row[col('default')] === true });
  }
  return out;
}

/** Start of the oldest shard of the raw policy: where raw history begins, without scanning points. */
async function oldestRawShardMs(admin: StoreAdmin): Promise<number | null> {
  const series = await admin.query('SHOW SHARDS');
  let oldest: number | null = null;
  for (const s of series) {
    if (s.name !== admin.database) continue;
    const [rpCol, startCol] = [s.columns.indexOf('retention_policy'), s.columns.indexOf('start_time')];
    for (const row of s.values ?? []) {
      if (row[rpCol] !== RAW_RP) continue;
      const start = Date.parse(String(row[startCol]));
      if (Number.isFinite(start) && (oldest === null || start < oldest)) oldest = start;
    }
  }
  return oldest;
}

/** "720h0m0s" → ms; "0s" (INF) → 0. */
export function parseGoDuration(text: string): number {
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 1e-6 };
  let ms = 0;
  for (const [, n, u] of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)) ms += Number(n) * (unit[u!] ?? 0);
  return ms;
}
