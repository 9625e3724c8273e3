import { ROLLUP_RP, type SeriesSource } from '../../core/rollups.ts';
import { DISK_MEASUREMENT, SYSTEM_MEASUREMENT } from '../../core/schema.ts';
import type { SeriesReader } from '../../core/store.ts';
import { tagEquals } from '../../core/influxql.ts';
import { readChunkSeries, type ChunkSeries } from './fleet-queries.ts';

/**
 * Hosts per chunk by default: about 150 series (disks, inodes, load, memory, CPU), a few hundred kB of answers; small enough that a few
 * dozen hosts already keep every thread (or queue worker) busy, large enough that the five
 * queries per chunk cost little beside its fits.
 */
export const DEFAULT_CHUNK_HOSTS = 25;

/** What the forecasts of a chunk of hosts need. */
export type ChunkData = ChunkSeries;

/** Every host with disk or load series, sorted, so chunks are the same from run to run. */
export async function listHosts(reader: SeriesReader, source: SeriesSource): Promise<string[]> {
  const from = [DISK_MEASUREMENT, SYSTEM_MEASUREMENT].map((m) => (source === 'rollup' ? `"${ROLLUP_RP.day}"."${m}"` : `"${m}"`)).join(', ');
  const series = await reader.query(`SHOW TAG VALUES FROM ${from} WITH KEY = "host"`);
  const hosts = new Set<string>();
  for (const s of series) for (const row of s.values) hosts.add(String(row[1]));
  return [...hosts].sort();
}

/** Splits hosts into chunks of at most `size`. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * An InfluxQL condition matching exactly these hosts: one equality each, which InfluxDB looks up in
 * its tag index. A regex of alternatives is matched against every host of the fleet instead, so
 * its cost grew with the fleet in every chunk's queries (at 2,000 hosts, a chunk's summed disks
 * cost influxd 18 to 40 % more CPU as a regex).
 */
export function hostFilter(hosts: readonly string[]): string {
  return hosts.map((h) => tagEquals('host', h)).join(' OR ');
}

/** Reads what the forecasts of a chunk of hosts need: daily maxima (and minima) over the history, and capacities. */
export function readChunk(reader: SeriesReader, hosts: readonly string[], range: { fromMs: number; toMs: number; source: SeriesSource }): Promise<ChunkData> {
  return readChunkSeries(reader, range, hostFilter(hosts));
}
