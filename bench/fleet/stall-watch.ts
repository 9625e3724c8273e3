import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** One stretch the event loop did not turn: when it began (s into the watch), how long, and what the cycle was doing. */
export interface Stall {
  atS: number;
  ms: number;
  where: string;
}

/** One collection of the main thread's heap: when it began (s into the watch), how long, and of which kind. */
export interface Collection {
  atS: number;
  ms: number;
  kind: string;
}

const TICK_MS = 10;
const KEPT = 5;
const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/**
 * Watches the event loop and the main thread's collections while a cycle runs, to say where the
 * largest delay came from: monitorEventLoopDelay gives its size, not its moment. A timer that
 * should fire every 10 ms notes each gap of `thresholdMs` or more with `where()` at its end (the
 * cycle's progress); a PerformanceObserver notes each collection. stop() gives the longest of each.
 */
export function watchStalls(where: () => string, thresholdMs = 100): { stop(): { stalls: Stall[]; collections: Collection[] } } {
  const started = performance.now();
  const stalls: Stall[] = [];
  const collections: Collection[] = [];
  let last = started;
  const timer = setInterval(() => {
    const now = performance.now();
    const gap = now - last - TICK_MS;
    if (gap >= thresholdMs) stalls.push({ atS: (last - started) / 1000, ms: gap, where: where() });
    last = now;
  }, TICK_MS);
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      collections.push({ atS: (e.startTime - started) / 1000, ms: e.duration, kind: KINDS[e.detail?.kind ?? -1] ?? 'other' });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const longest = <T extends { ms: number }>(xs: T[]): T[] => [...xs].sort((a, b) => b.ms - a.ms).slice(0, KEPT);
  return {
    stop: () => {
      clearInterval(timer);
      observer.disconnect();
      return { stalls: longest(stalls), collections: longest(collections) };
    },
  };
}
