import type { PoolHeadroom, RunwayRow } from '../core/runway-row.ts';
import { isoDay } from './format.ts';

const GiB = 1024 ** 3;

/** The pool a row's host shares (load and CPU with the pool's load, memory with its memory), if any. */
export function poolOfRow(row: RunwayRow, pools: readonly PoolHeadroom[]): PoolHeadroom | undefined {
  const resource = row.metric === 'mem_used_percent' ? 'memory' : row.metric === 'load_daily_max' || row.metric === 'cpu_p95_percent' ? 'load' : null;
  return resource ? pools.find((p) => p.resource === resource && p.customer === row.customer && p.hosts.includes(row.host)) : undefined;
}

/** The pool's summed forecast peak against what it has, in the resource's words: "28.4 of 40 cores". */
export function poolLine(p: PoolHeadroom): string {
  const spare = p.usable - p.peakForecast;
  const when = p.peakAtMs === null ? '' : ` on ${isoDay(p.peakAtMs)}`;
  if (p.resource === 'load') {
    return `pool ${p.pool} (${p.hosts.length} hosts): forecast peak load ${p.peakForecast.toFixed(1)} of ${p.capacity} cores${when}, ${spare >= 0 ? `${spare.toFixed(1)} cores to spare` : `${(-spare).toFixed(1)} cores short`}`;
  }
  const gib = (b: number) => `${(b / GiB).toFixed(0)} GiB`;
  return `pool ${p.pool} (${p.hosts.length} hosts): forecast peak memory ${gib(p.peakForecast)} of ${gib(p.usable)} usable (${gib(p.capacity)} RAM)${when}, ${spare >= 0 ? `${gib(spare)} to spare` : `${gib(-spare)} short`}`;
}

/**
 * Whether moving work within the pool is enough: it is when the pool's summed forecast peak fits
 * what the pool has; otherwise moving only shifts the shortage, and the pool needs more.
 */
export function poolSentence(row: RunwayRow, pools: readonly PoolHeadroom[]): string | null {
  const p = poolOfRow(row, pools);
  if (!p || !Number.isFinite(p.peakForecast)) return null;
  const spare = p.usable - p.peakForecast;
  const none = p.resource === 'load' ? 'no more cores are needed' : 'no more RAM is needed';
  if (spare >= 0) return `As a whole, ${poolLine(p)}: moving work within the pool is enough; ${none}.`;
  const more = p.resource === 'load' ? `${Math.ceil(-spare)} more cores` : `${Math.ceil(-spare / GiB)} GiB more RAM`;
  return `As a whole, ${poolLine(p)}: moving work within the pool only moves the shortage; the pool itself needs ${more}.`;
}
