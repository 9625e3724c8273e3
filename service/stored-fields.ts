import type { QuerySeries } from '../core/store.ts';

/** Typed readers of the newest point of a stored series (`ORDER BY time DESC LIMIT 1`); null when it has none. */
export interface StoredFields {
  tags: Record<string, string>;
  /** A finite number, or null (missing, or a field of another type). */
  num(name: string): number | null;
  text(name: string): string | null;
}

export function storedFields(s: QuerySeries): StoredFields | null {
  const values = s.values[0];
  if (!values || !s.tags) return null;
  const field = (name: string): unknown => values[s.columns.indexOf(name)];
  return {
    tags: s.tags,
    num: (name) => {
      const v = field(name);
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    },
    text: (name) => {
      const v = field(name);
      return typeof v === 'string' ? v : null;
    },
  };
}

/** What the newest run stored: a resource or pool missing from it (a host gone, a failed fit) keeps nothing stale. */
export function newestRun<T extends { computedAtMs: number }>(items: readonly T[]): T[] {
  const newest = Math.max(...items.map((r) => r.computedAtMs));
  return items.filter((r) => r.computedAtMs === newest);
}
