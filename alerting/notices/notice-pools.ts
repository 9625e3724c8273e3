import type { PoolHeadroom } from '../../core/runway-row.ts';
import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { poolOfRow } from '../pool-proposals.ts';
import type { Messages } from './messages.ts';
import type { NoticeFormat } from './notice-format.ts';

/**
 * One sentence per server pool that holds a short host (load and CPU with the pool's load, memory
 * with its memory): whether moving work within the pool is enough, as far as the forecast reaches,
 * or the pool itself needs more by the day its summed forecast first exceeds what it has. Each
 * sentence goes to the first (earliest) shortage it concerns, so a letter never says it twice.
 */
export function poolSentences(rows: readonly RunwayRow[], pools: readonly PoolHeadroom[], m: Messages, fmt: NoticeFormat): string[][] {
  const said = new Set<PoolHeadroom>();
  return rows.map((row) => {
    const p = poolOfRow(row, pools);
    if (!p || said.has(p) || !Number.isFinite(p.peakForecast) || p.peakAtMs === null) return [];
    said.add(p);
    return [poolSentence(p, p.peakAtMs, m, fmt)];
  });
}

function poolSentence(p: PoolHeadroom, peakAtMs: number, m: Messages, fmt: NoticeFormat): string {
  const need =
    p.resource === 'load'
      ? m.pool.needCores({ peak: fmt.number(p.peakForecast, 1), capacity: fmt.number(p.capacity, 0) })
      : m.pool.needMemory({ peak: fmt.gibibytes(p.peakForecast), usable: fmt.gibibytes(p.usable) });
  const peakAt = fmt.date(peakAtMs);
  if (p.peakForecast <= p.usable) return m.pool.enough({ pool: p.pool, until: fmt.date(p.lastDayMs ?? peakAtMs), peakAt, need });
  return m.pool.short({ pool: p.pool, by: fmt.date(p.crossingMs ?? peakAtMs), peakAt, need });
}
