import { AutoETS, initSync as initEts } from '@bsull/augurs/ets';
import type { FittedModel, ForecastModel } from '../../forecast/model.ts';
import { augursWasm } from './mstl.ts';
import type { Series } from '../../forecast/series.ts';

let ready = false;

/**
 * augurs AutoETS, searching error and trend forms (spec "ZZN"): augurs' ETS has no seasonal
 * component (any seasonal spec finds "no model"), so this is the exponential-smoothing anchor
 * without seasons. It takes no gaps: a missing day repeats the last value before it.
 */
export function augursEts(): ForecastModel {
  return {
    name: 'augurs-ets',
    fit(series: Series): FittedModel {
      if (!ready) {
        initEts({ module: augursWasm('ets') });
        ready = true;
      }
      let last = series.values.find(Number.isFinite) ?? 0;
      const y = Float64Array.from(series.values, (v) => (Number.isFinite(v) ? (last = v) : last));
      const model = new AutoETS(1, 'ZZN');
      model.fit(y);
      const endMs = series.startMs + (series.values.length - 1) * series.stepMs;
      return {
        name: 'augurs-ets',
        predict(horizonSteps: number, levelPercent: number) {
          const f = model.predict(horizonSteps, levelPercent / 100);
          return f.point.map((v, i) => ({
            timeMs: endMs + (i + 1) * series.stepMs,
            value: v,
            lower: f.intervals?.lower[i] ?? v,
            upper: f.intervals?.upper[i] ?? v,
          }));
        },
        describe: () => ({ name: 'augurs-ets' }),
      };
    },
  };
}
