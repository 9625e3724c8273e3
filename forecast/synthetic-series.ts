import { DAY_MS, type Series } from './series.ts';

/** Deterministic uniform [0, 1) generator (mulberry32), so synthetic tests never flake. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller) from a uniform generator. */
export function seededNormal(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** A daily series of `days` UTC days from `startIso` (YYYY-MM-DD), value i = f(time of day i, i). */
export function dailySeries(startIso: string, days: number, f: (timeMs: number, i: number) => number): Series {
  const startMs = Date.parse(`${startIso}T00:00:00Z`);
  return { startMs, stepMs: DAY_MS, values: Array.from({ length: days }, (_, i) => f(startMs + i * DAY_MS, i)) };
}
