import { describe, expect, it } from 'vitest';
import { FORECAST_FIELD, forecastRecordPoints } from './forecast-record.ts';

describe('forecast record', () => {
  it('carries the band on every point, and the model, the run and the rest of the provenance on the first only', () => {
    const steps = [0, 1, 2].map((d) => ({ timeMs: d * 86_400_000, value: 50 + d, lower: 40 + d, upper: 60 + d }));
    const provenance = { model: { name: 'seasonal-linear' }, combination: 'seasonal-linear 1.00', choiceReason: 'best backtest', backtest: { origins: 8, mase: 0.7, coverage: Number.NaN }, levelPercent: 80 };
    const points = forecastRecordPoints({ tags: { customer: 'acme', host: 'db1', mount: '/', device: 'sda1' }, metric: 'disk_used_percent' }, steps, provenance, 'r1');
    expect(points.map((p) => p.tags)).toEqual(steps.map(() => ({ metric: 'disk_used_percent', customer: 'acme', host: 'db1', mount: '/' })));
    for (const [i, p] of points.entries()) {
      expect(p.fields[FORECAST_FIELD.value]!.value).toBe(50 + i);
      expect(p.fields[FORECAST_FIELD.upper]!.value).toBe(60 + i);
    }
    expect(points[0]!.fields[FORECAST_FIELD.model]!.value).toBe('seasonal-linear');
    expect(points[0]!.fields[FORECAST_FIELD.run]!.value).toBe('r1');
    expect(Object.keys(points[0]!.fields).sort()).toEqual(['backtest_origins', 'choice_reason', 'combination', 'level', 'lower', 'mase', 'model', 'run', 'upper', 'value']);
    for (const p of points.slice(1)) expect(Object.keys(p.fields).sort()).toEqual(['lower', 'upper', 'value']);
  });
});
