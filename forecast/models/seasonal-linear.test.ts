import { describe, expect, it } from 'vitest';
import { isRunwayError } from '../../core/errors.ts';
import { holidayRanges } from '../holidays.ts';
import { DAY_MS, HOUR_MS, type Series } from '../series.ts';
import { dailySeries, seededNormal } from '../synthetic-series.ts';
import { seasonalLinear } from './seasonal-linear.ts';

const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const valueOn = (points: { timeMs: number; value: number }[], iso: string): number => {
  const p = points.find((q) => q.timeMs === dayOf(iso));
  if (!p) throw new Error(`no forecast for ${iso}`);
  return p.value;
};

describe('seasonalLinear', () => {
  it('extrapolates a straight line exactly and starts one step after the last bucket', () => {
    const series = dailySeries('2026-01-01', 200, (_, i) => 10 + 0.5 * i);
    const points = seasonalLinear({ capacity: true }).fit(series).predict(10, 80);
    expect(points).toHaveLength(10);
    expect(points[0]?.timeMs).toBe(series.startMs + 200 * DAY_MS);
    points.forEach((p, h) => expect(p.value).toBeCloseTo(10 + 0.5 * (200 + h), 6));
  });

  it('recovers a weekly pattern', () => {
    const noise = seededNormal(1);
    // 2026-01-05 is a Monday; the pattern is indexed Monday..Sunday.
    const pattern = [5, 5, 5, 5, 3, -10, -13];
    const series = dailySeries('2026-01-05', 7 * 30, (_, i) => 200 + (pattern[i % 7] as number) + noise());
    const points = seasonalLinear().fit(series).predict(14, 80);
    points.forEach((p, h) => expect(p.value - 200).toBeCloseTo(pattern[h % 7] as number, 0));
  });

  it('learns a Christmas ramp from two past years and forecasts it for the next one', () => {
    const noise = seededNormal(2);
    const christmasRamp = (t: number): number => {
      const d = new Date(t);
      const eve = Date.UTC(d.getUTCFullYear(), 11, 24);
      const offset = Math.round((t - eve) / DAY_MS);
      if (offset >= -28 && offset <= -15) return 10;
      if (offset >= -14 && offset <= -8) return 20;
      if (offset >= -7 && offset <= -1) return 35;
      return offset >= 0 && offset <= 2 ? 50 : 0;
    };
    const series = dailySeries('2024-01-01', 1055, (t, i) => 100 + 0.01 * i + christmasRamp(t) + noise());
    expect(new Date(series.startMs + 1054 * DAY_MS).toISOString().slice(0, 10)).toBe('2026-11-20');
    const holidays = holidayRanges(undefined, dayOf('2023-11-01'), dayOf('2027-03-01'));
    const points = seasonalLinear({ holidays }).fit(series).predict(50, 80);
    const base = valueOn(points, '2026-11-21');
    expect(valueOn(points, '2026-12-01') - base).toBeGreaterThan(7);
    expect(valueOn(points, '2026-12-01') - base).toBeLessThan(13);
    expect(valueOn(points, '2026-12-12') - base).toBeCloseTo(20, -0.5);
    expect(valueOn(points, '2026-12-20') - base).toBeCloseTo(35, -0.5);
    expect(valueOn(points, '2026-12-25') - base).toBeCloseTo(50, -0.5);
    expect(Math.abs(valueOn(points, '2027-01-05') - base)).toBeLessThan(3);
  });

  it('re-bases a new host\'s three months on a step instead of drawing a slope through it', () => {
    const noise = seededNormal(11);
    const series = dailySeries('2026-01-01', 90, (_, i) => 50 + (i >= 65 ? 20 : 0) + noise());
    const fitted = seasonalLinear().fit(series);
    const points = fitted.predict(90, 80);
    expect(points[0]!.value).toBeCloseTo(70, 0);
    // One line through the step climbed 0.27 a day, to 101 after 90 days.
    expect(points[89]!.value).toBeLessThan(73);
    expect((fitted.describe() as { trend: { trendBreak: string | null } }).trend.trendBreak).not.toBeNull();
  });

  it('gives a history shorter than a year no long-run rate from its seasons', () => {
    // Months of a load that swings ±30 over the year, seen from its trough to near its peak, and from
    // its peak into the decline: the lagged changes of either are its season, not growth.
    const season = (i: number): number => 100 - 30 * Math.cos((2 * Math.PI * i) / 365);
    for (const [days, low, high] of [[200, 70, 145], [300, 60, 130]] as const) {
      const noise = seededNormal(5);
      const fitted = seasonalLinear().fit(dailySeries('2026-01-05', days, (_, i) => season(i) + noise()));
      expect((fitted.describe() as { trend: { longRunSlopePerDay: number } }).trend.longRunSlopePerDay).toBe(0);
      // A long-run rate read from those changes took the forecast to 185 and to 38.
      const end = fitted.predict(90, 80)[89]!.value;
      expect(end).toBeGreaterThan(low);
      expect(end).toBeLessThan(high);
    }
  });

  it('widens the interval with the horizon and centres it on the point', () => {
    const noise = seededNormal(3);
    const points = seasonalLinear().fit(dailySeries('2026-01-01', 300, (_, i) => 50 + 0.1 * i + 2 * noise())).predict(90, 80);
    for (let h = 1; h < points.length; h++) {
      const [prev, cur] = [points[h - 1]!, points[h]!];
      expect(cur.upper - cur.lower).toBeGreaterThan(prev.upper - prev.lower);
    }
    const first = points[0]!;
    expect(first.upper - first.value).toBeCloseTo(first.value - first.lower, 9);
    // 80 % of a N(0, 2²) lies within ±2.56: the fitted sd should be close to the true one.
    expect(first.upper - first.value).toBeGreaterThan(2.2);
    expect(first.upper - first.value).toBeLessThan(2.9);
  });

  it('clamps point and interval to the bounds', () => {
    const noise = seededNormal(4);
    const series = dailySeries('2026-01-01', 120, (_, i) => Math.min(100, 60 + 0.3 * i + 3 * noise()));
    const points = seasonalLinear({ bounds: { min: 0, max: 100 } }).fit(series).predict(120, 95);
    for (const p of points) {
      for (const v of [p.value, p.lower, p.upper]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
    }
    expect(points.at(-1)?.value).toBe(100);
  });

  it('forecasts at the recent growth rate after the rate changed', () => {
    // 1 GB/day for two years, then 3 GB/day for the last 250 days.
    const series = dailySeries('2024-01-01', 980, (_, i) => (i < 730 ? 100 + i : 830 + 3 * (i - 730)));
    const fittedModel = seasonalLinear().fit(series);
    const points = fittedModel.predict(30, 80);
    expect(points[29]!.value - points[0]!.value).toBeCloseTo(3 * 29, 0);
    expect((fittedModel.describe().trend as { slopePerDay: number }).slopePerDay).toBeCloseTo(3, 1);
    // With 2.7 years of history the change could pass for a yearly pattern; the holdout says no.
    expect(fittedModel.describe().seasonality).toMatchObject({ yearlyOrder: 0, yearlyRejectedByHoldout: true });
  });

  it('keeps a yearly pattern that is really there', () => {
    const noise = seededNormal(6);
    const yearly = (t: number): number => 20 * Math.sin((2 * Math.PI * t) / (365.2425 * DAY_MS)) + 8 * Math.cos((4 * Math.PI * t) / (365.2425 * DAY_MS));
    const truth = (t: number, i: number): number => 100 + 0.2 * i + yearly(t);
    const series = dailySeries('2024-01-01', 1070, (t, i) => truth(t, i) + 2 * noise());
    const history = { ...series, values: series.values.slice(0, 980) };
    const fittedModel = seasonalLinear().fit(history);
    expect(fittedModel.describe().seasonality).toMatchObject({ yearlyOrder: 10, yearlyRejectedByHoldout: false });
    const points = fittedModel.predict(90, 80);
    const mae = points.reduce((sum, p, h) => sum + Math.abs(p.value - truth(p.timeMs, 980 + h)), 0) / points.length;
    expect(mae).toBeLessThan(1.5);
  });

  it('skips missing values', () => {
    const series = dailySeries('2026-01-01', 100, (_, i) => (i % 3 === 1 ? NaN : 5 + 2 * i));
    const points = seasonalLinear({ capacity: true }).fit(series).predict(1, 80);
    expect(points[0]?.value).toBeCloseTo(5 + 2 * 100, 6);
  });

  it('learns a daily cycle on an hourly series', () => {
    const hours = 24 * 21;
    const startMs = dayOf('2026-03-02');
    const series: Series = {
      startMs,
      stepMs: HOUR_MS,
      values: Array.from({ length: hours }, (_, i) => 10 + 4 * Math.sin((2 * Math.PI * (i % 24)) / 24)),
    };
    const fittedModel = seasonalLinear().fit(series);
    const points = fittedModel.predict(24, 80);
    points.forEach((p, h) => expect(p.value).toBeCloseTo(10 + 4 * Math.sin((2 * Math.PI * h) / 24), 2));
    expect(fittedModel.describe().seasonality).toMatchObject({ dailyOrder: 4, weeklyOrder: 3, yearlyOrder: 0 });
  });

  it('uses yearly terms only with 1.5 years of history, more of them with more history', () => {
    const orderFor = (days: number): unknown => {
      const s = dailySeries('2023-01-01', days, (t) => Math.sin((2 * Math.PI * t) / (365.2425 * DAY_MS)));
      return (seasonalLinear().fit(s).describe().seasonality as { yearlyOrder: number }).yearlyOrder;
    };
    expect(orderFor(500)).toBe(0);
    expect(orderFor(560)).toBe(6);
    expect(orderFor(1100)).toBe(10);
  });

  it('describes itself as JSON', () => {
    const d = seasonalLinear({ bounds: { min: 0 } }).fit(dailySeries('2026-01-01', 60, (_, i) => i)).describe();
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(d).toMatchObject({ name: 'seasonal-linear', n: 60, bounds: { min: 0, max: null } });
  });

  it('refuses series with fewer than three values and bad requests', () => {
    const short = dailySeries('2026-01-01', 5, (_, i) => (i < 2 ? i : NaN));
    expect(() => seasonalLinear().fit(short)).toThrow(expect.objectContaining({ code: 'RUNWAY_ERR_FORECAST_SERIES' }));
    const model = seasonalLinear().fit(dailySeries('2026-01-01', 30, (_, i) => i));
    for (const [h, level] of [[1.5, 80], [-1, 80], [10, 0], [10, 100]] as const) {
      try {
        model.predict(h, level);
        expect.unreachable();
      } catch (e) {
        expect(isRunwayError(e, 'RUNWAY_ERR_FORECAST_ARGUMENT')).toBe(true);
      }
    }
    expect(() => seasonalLinear({ bounds: { min: 5, max: 1 } })).toThrow(/bounds/);
  });

  it('fits three years of daily data with holidays and forecasts every step', () => {
    const noise = seededNormal(5);
    const series = dailySeries('2023-11-21', 1096, (t, i) => 100 + 0.05 * i + 5 * Math.sin(t / 1e9) + noise());
    const holidays = holidayRanges('DK', dayOf('2023-10-01'), dayOf('2027-04-01'));
    const points = seasonalLinear({ holidays }).fit(series).predict(90, 80);
    expect(points).toHaveLength(90);
    for (const p of points) expect(p.lower <= p.value && p.value <= p.upper).toBe(true);
  });
});

describe('seasonal-linear on the shapes capacity planners meet', () => {
  const END = '2026-11-20';
  const start = (days: number): string => new Date(Date.parse(`${END}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);

  it("recovers a Mother's Day effect from three past years and forecasts it on Sweden's own Sunday", () => {
    const noise = seededNormal(11);
    const hol = holidayRanges('SE', Date.parse('2023-01-01'), Date.parse('2028-01-01'));
    const md = new Set(hol.filter((h) => h.name === 'mothers-day').map((h) => h.startMs));
    const series = dailySeries(start(3 * 365), 3 * 365, (t) => 20 + (md.has(t) ? 15 : 0) + 0.3 * noise());
    const points = seasonalLinear({ holidays: hol }).fit(series).predict(200, 80);
    const peak = points.reduce((a, b) => (b.value > a.value ? b : a));
    expect(new Date(peak.timeMs).toISOString().slice(0, 10)).toBe('2027-05-30'); // last Sunday of May in Sweden
    expect(peak.value).toBeGreaterThan(30);
  });

  it('forecasts Cyber Monday above the weekend between it and Black Friday', () => {
    const noise = seededNormal(12);
    const hol = holidayRanges('DE', Date.parse('2023-01-01'), Date.parse('2028-01-01'));
    const fridays = hol.filter((h) => h.name === 'black-friday').map((h) => h.startMs);
    // An online shop: the weekend after Black Friday a little busier, Cyber Monday almost as busy as the Friday.
    const lift = [8, 2, 2, 7];
    const series = dailySeries(start(3 * 365), 3 * 365, (t) => 50 + (lift[fridays.map((f) => (t - f) / DAY_MS).find((d) => d >= 0 && d <= 3) ?? -1] ?? 0) + 0.3 * noise());
    const points = seasonalLinear({ holidays: hol }).fit(series).predict(20, 80);
    expect(valueOn(points, '2026-11-30') - 50).toBeGreaterThan(6);
    expect(valueOn(points, '2026-11-28') - 50).toBeLessThan(4);
  });

  it('lets the slope of a history shorter than a year fade, unless the series is a capacity one', () => {
    // Five and a half months of a load falling from its winter high towards summer: a season's slope, not growth.
    const series = dailySeries(start(170), 170, (_, i) => 300 + 150 * Math.cos((2 * Math.PI * i) / 365));
    const drop = (points: { value: number }[]): number => points[0]!.value - points.at(-1)!.value;
    const traffic = seasonalLinear().fit(series).predict(180, 80);
    const capacity = seasonalLinear({ capacity: true }).fit(series).predict(180, 80);
    const lastMonth = series.values.at(-1)! - series.values.at(-31)!;
    // Traffic: the recent fall fades within a couple of months, no year's worth of it.
    expect(drop(traffic)).toBeGreaterThan(0);
    expect(drop(traffic)).toBeLessThan(3 * Math.abs(lastMonth));
    // A capacity series keeps its clear recent slope, as with more history: six months of it.
    expect(drop(capacity)).toBeGreaterThan(5 * Math.abs(lastMonth));
  });

  it('follows the last weeks of a young traffic series that bent, not a line through all of it', () => {
    // Seven months falling steeply, then a month and a half flat: the flat level is today's.
    const series = dailySeries(start(220), 220, (_, i) => (i < 175 ? 500 - 2 * i : 150));
    const traffic = seasonalLinear().fit(series).predict(30, 80);
    for (const p of traffic) expect(Math.abs(p.value - 150)).toBeLessThan(15);
  });

  it('does not read a daily-max sawtooth with weekly clean-ups as decline', () => {
    const series = dailySeries(start(300), 300, (_, i) => 50 + 0.02 * i + 3 * ((i % 7) / 6));
    const points = seasonalLinear({ bounds: { min: 0, max: 100 }, capacity: true }).fit(series).predict(90, 80);
    const slope = (points[84]!.value - points[0]!.value) / 84; // whole weeks apart: same phase of the sawtooth
    expect(slope).toBeGreaterThan(0.015);
    expect(slope).toBeLessThan(0.03);
  });

  it('fits every prefix of a series exactly as it fits that prefix alone', () => {
    const noise = seededNormal(11);
    const holidays = holidayRanges('DK', dayOf('2023-11-01'), dayOf('2026-06-01'));
    // Two years with weekly and yearly patterns, a growth change, gaps, and Christmas.
    const series = dailySeries('2024-01-01', 800, (t, i) => {
      const d = new Date(t);
      const christmas = d.getUTCMonth() === 11 && d.getUTCDate() >= 10 && d.getUTCDate() <= 24 ? 8 : 0;
      const value = 50 + 0.02 * i + (i > 600 ? 0.05 * (i - 600) : 0) + 3 * Math.sin((2 * Math.PI * i) / 7) + 5 * Math.cos((2 * Math.PI * i) / 365) + christmas + noise();
      return i % 17 === 3 ? NaN : value;
    });
    const model = seasonalLinear({ holidays, bounds: { min: 0 } });
    const lengths = [500, 610, 700, 799, 800];
    const together = model.fitPrefixes!(series, lengths);
    lengths.forEach((len, k) => {
      const alone = model.fit({ ...series, values: series.values.slice(0, len) });
      expect(together[k]!.describe()).toEqual(alone.describe());
      const [a, b] = [together[k]!.predict(60, 80), alone.predict(60, 80)];
      a.forEach((p, h) => {
        expect(p.timeMs).toBe(b[h]!.timeMs);
        expect(p.value).toBeCloseTo(b[h]!.value, 9);
        expect(p.upper).toBeCloseTo(b[h]!.upper, 9);
      });
    });
  });

  it('leaves one-off spikes out, so one on a holiday is not learnt as its effect, but keeps a step', () => {
    const noise = seededNormal(12);
    const holidays = holidayRanges('DK', dayOf('2022-11-01'), dayOf('2026-09-01'));
    const base = (i: number): number => 40 + 0.01 * i + 4 * Math.sin((2 * Math.PI * i) / 7) + noise();
    const clean = dailySeries('2023-01-01', 1200, (_, i) => base(i));
    // Mother's Day eve 2024 in Denmark (11 May), a backup run and a broken day of measurements.
    const spikes = new Map([[dayOf('2024-05-11'), 60], [dayOf('2023-08-02'), 45], [dayOf('2025-10-30'), -35]]);
    const spiky = { ...clean, values: clean.values.map((v, i) => v + (spikes.get(clean.startMs + i * DAY_MS) ?? 0)) };
    const model = seasonalLinear({ holidays });
    const fitted = model.fit(spiky);
    expect(fitted.describe().spikesIgnored).toBe(3);
    const [a, b] = [fitted.predict(200, 80), model.fit(clean).predict(200, 80)];
    // 9 May 2026, the eve of Mother's Day: no learnt peak.
    expect(Math.abs(valueOn(a, '2026-05-09') - valueOn(b, '2026-05-09'))).toBeLessThan(1);
    a.forEach((p, h) => expect(Math.abs(p.value - b[h]!.value)).toBeLessThan(1));

    const step = { ...clean, values: clean.values.map((v, i) => v + (i >= 1100 ? 15 : 0)) };
    expect(model.fit(step).describe().spikesIgnored).toBe(0);
    expect(model.fit(step).predict(1, 80)[0]!.value).toBeGreaterThan(55);
  });
});
