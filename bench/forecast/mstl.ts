import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync as initMstl, MSTL } from '@bsull/augurs/mstl';
import type { FittedModel, ForecastModel, ModelOptions } from '../../forecast/model.ts';
import type { ForecastPoint, Series } from '../../forecast/series.ts';
import { DAY_MS } from '../../forecast/series.ts';
import { checkPredictArgs } from '../../forecast/model.ts';

const AUGURS_MSTL = 'augurs-mstl';

let mstlReady = false;

/** augurs' WASM modules must be handed their bytes in Node (its async init cannot fetch file: URLs). */
export function augursWasm(sub: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`./${sub}_bg.wasm`, import.meta.resolve(`@bsull/augurs/${sub}`))));
}

function ensureMstl(): void {
  if (!mstlReady) {
    initMstl({ module: augursWasm('mstl') });
    mstlReady = true;
  }
}

/**
 * augurs MSTL with an AutoETS trend: weekly season for daily series (daily + weekly below a day),
 * plus a yearly season once two years are there. Gaps are imputed by augurs. An anchor in the
 * benchmark.
 */
export function augursMstl(options: ModelOptions = {}): ForecastModel {
  const bounds = { min: options.bounds?.min ?? -Infinity, max: options.bounds?.max ?? Infinity };
  return {
    name: AUGURS_MSTL,
    fit(series: Series): FittedModel {
      ensureMstl();
      const stepsPerDay = Math.max(1, Math.round(DAY_MS / series.stepMs));
      const n = series.values.length;
      const periods = series.stepMs < DAY_MS ? [stepsPerDay, 7 * stepsPerDay] : [7];
      if (series.stepMs >= DAY_MS && n >= 2 * 365) periods.push(365);
      const usable = periods.filter((p) => n >= 2 * p);
      const model = MSTL.ets(usable.length > 0 ? usable : [Math.max(2, Math.floor(n / 2))], { impute: true });
      model.fit(Float64Array.from(series.values));
      const endMs = series.startMs + (n - 1) * series.stepMs;
      const clamp = (v: number): number => Math.min(bounds.max, Math.max(bounds.min, v));
      return {
        name: AUGURS_MSTL,
        predict(horizonSteps: number, levelPercent: number): ForecastPoint[] {
          checkPredictArgs(horizonSteps, levelPercent);
          if (horizonSteps === 0) return [];
          const f = model.predict(horizonSteps, levelPercent / 100);
          return f.point.map((v, i) => ({
            timeMs: endMs + (i + 1) * series.stepMs,
            value: clamp(v),
            lower: clamp(f.intervals?.lower[i] ?? v),
            upper: clamp(f.intervals?.upper[i] ?? v),
          }));
        },
        describe: () => ({ name: AUGURS_MSTL, periods: usable }),
      };
    },
  };
}
