import { DAY_MS, type ForecastPoint, type Series } from '../../forecast/series.ts';
import { type CorpusSeries, HORIZONS, originsOf, TRAIN_DAYS } from './corpus.ts';
import { naiveScale, type ScoredCase } from './metrics.ts';
import type { RealMethod } from './real-methods.ts';
import type { Timing } from './timer.ts';

/** The training window before an origin (day index): at most TRAIN_DAYS days. */
export function trainingBefore(series: Series, origin: number, days = TRAIN_DAYS): Series {
  const from = Math.max(0, origin - days);
  return { startMs: series.startMs + from * DAY_MS, stepMs: DAY_MS, values: series.values.slice(from, origin) };
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const caseKey = (c: CorpusSeries, origin: number, horizon: number): string =>
  `${c.name}@${isoDay(c.series.startMs + origin * DAY_MS)}+${horizon}d`;

/** Scores one forecast against what happened; null when gaps leave fewer than half the outcomes. */
export function scoreCase(c: CorpusSeries, origin: number, horizon: number, train: Series, byLevel: ForecastPoint[][], time: Timing): ScoredCase | null {
  let abs = 0;
  let outcomes = 0;
  const inside = byLevel.map(() => 0);
  for (let h = 0; h < horizon; h++) {
    const actual = c.series.values[origin + h];
    const p = byLevel[0]![h];
    if (actual === undefined || !Number.isFinite(actual) || !p) continue;
    abs += Math.abs(actual - p.value);
    outcomes++;
    byLevel.forEach((points, l) => {
      const q = points[h]!;
      if (actual >= q.lower && actual <= q.upper) inside[l]!++;
    });
  }
  if (outcomes < horizon / 2) return null;
  const mae = abs / outcomes;
  return { key: caseKey(c, origin, horizon), series: c.name, horizon, trainDays: train.values.length, mae, mase: mae / naiveScale(train.values), inside, outcomes, ...time };
}

/** The first line of what a method threw (augurs' WASM throws strings, not Errors). */
export const errorLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

export interface RealRun {
  byMethod: Map<string, ScoredCase[]>;
  /** Per method, the cases it threw on (name@origin+horizon: first line of the error). */
  failures: Map<string, string[]>;
}

/**
 * Every method on every series, origin and horizon, trained on at most `trainDays` before each
 * origin. A case a method throws on is a failure, not fatal.
 */
export async function runReal(corpus: readonly CorpusSeries[], methods: readonly RealMethod[], originCount: number, log: (s: string) => void, trainDays = TRAIN_DAYS): Promise<RealRun> {
  const byMethod = new Map<string, ScoredCase[]>();
  const failures = new Map<string, string[]>();
  const longest = Math.max(...HORIZONS);
  for (const m of methods) {
    await warmUp(m, corpus[0]!, trainDays);
    const results: ScoredCase[] = [];
    const failed: string[] = [];
    const started = performance.now();
    for (const c of corpus) {
      for (const origin of originsOf(c.series.values, longest, originCount)) {
        const train = trainingBefore(c.series, origin, trainDays);
        const horizons = m.horizonAware ? HORIZONS.map((h) => [h, h]) : [[longest, ...HORIZONS]];
        for (const [asked, ...scored] of horizons) {
          try {
            const f = await m.forecast(c, train, asked!);
            for (const h of scored) {
              const r = scoreCase(c, origin, h, train, f.byLevel.map((ps) => ps.slice(0, h)), f.time);
              if (r) results.push(r);
            }
          } catch (e) {
            failed.push(`${caseKey(c, origin, asked!)}: ${errorLine(e)}`);
          }
        }
      }
    }
    byMethod.set(m.name, results);
    failures.set(m.name, failed);
    log(`  ${m.name}: ${results.length} cases, ${failed.length} failed, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  return { byMethod, failures };
}

/**
 * Outside the timings: JIT tiers and WASM instantiation, so the times are of the steady state a
 * forecast job running every hour is in.
 */
async function warmUp(m: RealMethod, c: CorpusSeries, trainDays: number): Promise<void> {
  for (const origin of originsOf(c.series.values, Math.max(...HORIZONS), 3)) {
    try {
      await m.forecast(c, trainingBefore(c.series, origin, trainDays), HORIZONS[0]);
    } catch {
      // Counted when the timed pass meets it.
    }
  }
}
