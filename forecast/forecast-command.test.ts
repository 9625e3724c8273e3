import { describe, expect, it } from 'vitest';
import { type CommandIo, runForecastCommand } from './forecast-command.ts';
import { DAY_MS } from './series.ts';
import { seededNormal } from './synthetic-series.ts';

function fakeIo(files: Record<string, string>): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    out: () => out,
    err: () => err,
  };
}

const END = Date.parse('2026-11-20T00:00:00Z');
/** Daily CSV over `days` days ending 2026-11-20, samples at 12:00 UTC. */
const dailyCsv = (days: number, f: (i: number) => number | string): string =>
  ['timestamp,value', ...Array.from({ length: days }, (_, i) => `${new Date(END - (days - 1 - i) * DAY_MS + DAY_MS / 2).toISOString()},${f(i)}`)].join('\n');

interface JsonOutput {
  step: string;
  agg: string;
  level: number;
  points: { time: string; value: number; lower: number; upper: number }[];
  threshold?: { value: number; crossing: { earliest: string | null; likely: string | null; latest: string | null } };
  model: Record<string, unknown>;
}

async function runJson(files: Record<string, string>, argv: string[]): Promise<JsonOutput> {
  const io = fakeIo(files);
  const code = await runForecastCommand([...argv, '--format', 'json'], io);
  expect(io.err()).toBe('');
  expect(code).toBe(0);
  return JSON.parse(io.out()) as JsonOutput;
}

describe('runway forecast', () => {
  it('finds when a straight line reaches the threshold to within a day', async () => {
    // 200 days rising 0.5 a day; the threshold is what the line reaches 40 days after the last day.
    const csv = dailyCsv(200, (i) => 10 + 0.5 * i);
    const threshold = 10 + 0.5 * (199 + 40);
    const doc = await runJson({ 'disk.csv': csv }, ['--input', 'disk.csv', '--threshold', String(threshold)]);
    const expected = END + 40 * DAY_MS;
    const likely = Date.parse(doc.threshold!.crossing.likely!);
    expect(Math.abs(likely - expected)).toBeLessThanOrEqual(DAY_MS);
    expect(doc.threshold!.value).toBe(threshold);
  });

  it('finds the crossing of a noisy line, with earliest ≤ likely ≤ latest', async () => {
    const noise = seededNormal(11);
    const csv = dailyCsv(200, (i) => 10 + 0.5 * i + noise());
    const threshold = 10 + 0.5 * (199 + 40);
    const doc = await runJson({ 'disk.csv': csv }, ['--input', 'disk.csv', '--threshold', String(threshold)]);
    const { earliest, likely, latest } = doc.threshold!.crossing;
    expect(Math.abs(Date.parse(likely!) - (END + 40 * DAY_MS))).toBeLessThanOrEqual(2 * DAY_MS);
    expect(Date.parse(earliest!)).toBeLessThanOrEqual(Date.parse(likely!));
    expect(Date.parse(latest!)).toBeGreaterThanOrEqual(Date.parse(likely!));
  });

  it('writes exactly the documented JSON keys, points starting the step after the last bucket', async () => {
    const doc = await runJson({ 'd.csv': dailyCsv(60, (i) => i) }, ['--input', 'd.csv', '--horizon', '2w', '--agg', 'max', '--level', '95']);
    expect(Object.keys(doc)).toEqual(['step', 'agg', 'level', 'points', 'model']);
    expect(doc).toMatchObject({ step: '1d', agg: 'max', level: 95 });
    expect(doc.points).toHaveLength(14);
    expect(doc.points[0]).toEqual({ time: '2026-11-21T00:00:00.000Z', value: expect.any(Number), lower: expect.any(Number), upper: expect.any(Number) });
    expect(Object.keys(doc.points[0]!)).toEqual(['time', 'value', 'lower', 'upper']);
    expect(doc.points.at(-1)?.time).toBe('2026-12-04T00:00:00.000Z');
    expect(doc.model).toMatchObject({ name: 'seasonal-linear', n: 60, backtest: { calibrated: true } });
  });

  it('orders the threshold key before the model and reports nulls when not reached', async () => {
    const doc = await runJson({ 'd.csv': dailyCsv(60, () => 5) }, ['--input', 'd.csv', '--threshold', '1000']);
    expect(Object.keys(doc)).toEqual(['step', 'agg', 'level', 'points', 'threshold', 'model']);
    expect(doc.threshold).toEqual({ value: 1000, crossing: { earliest: null, likely: null, latest: null } });
  });

  it('prints a table with a crossing summary', async () => {
    const io = fakeIo({ 'd.csv': dailyCsv(100, (i) => 2 * i) });
    expect(await runForecastCommand(['--input', 'd.csv', '--horizon', '10d', '--threshold', '205'], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toContain('d.csv: seasonal-linear on 100 1d values (mean)');
    expect(lines[0]).toMatch(/backtest MASE [\d.e+-]+, coverage \d+%/);
    expect(lines[1]).toMatch(/^time\s+value\s+lower 80%\s+upper 80%$/);
    expect(lines[2]).toMatch(/^2026-11-21\s+200\s/);
    expect(lines).toHaveLength(2 + 10 + 1);
    expect(lines.at(-1)).toMatch(/^threshold 205: likely 2026-11-24 \(earliest 2026-11-2\d, latest 2026-11-2\d\)$/);
  });

  it('uses the step and country given', async () => {
    const csv = ['t,v', ...Array.from({ length: 24 * 30 }, (_, h) => `${(END / 1000 + h * 3600).toFixed(0)},${h % 24}`)].join('\n');
    const doc = await runJson({ 'h.csv': csv }, ['--input', 'h.csv', '--step', '6h', '--horizon', '1d', '--agg', 'last', '--country', 'DE']);
    expect(doc.step).toBe('6h');
    expect(doc.points.map((p) => p.time.slice(11, 16))).toEqual(['00:00', '06:00', '12:00', '18:00']);
    doc.points.forEach((p, i) => expect(p.value).toBeCloseTo(6 * i + 5, 1));
  });

  it('forecasts the Christmas ramp learnt from past years', async () => {
    const noise = seededNormal(12);
    const ramp = (t: number): number => {
      const offset = Math.round((t - Date.UTC(new Date(t).getUTCFullYear(), 11, 24)) / DAY_MS);
      return offset >= -28 && offset <= -15 ? 10 : offset >= -14 && offset <= -8 ? 20 : offset >= -7 && offset <= 2 ? 40 : 0;
    };
    const days = Math.round((END - Date.UTC(2024, 0, 1)) / DAY_MS) + 1;
    const csv = dailyCsv(days, (i) => {
      const t = END - (days - 1 - i) * DAY_MS;
      return (500 + 0.1 * i + ramp(t) + noise()).toFixed(3);
    });
    const doc = await runJson({ 'load.csv': csv }, ['--input', 'load.csv', '--horizon', '6w', '--agg', 'max']);
    // The effect on a day: its forecast minus the 2026-11-21 forecast carried along the 0.1/day trend.
    const effect = (iso: string): number => {
      const point = doc.points.find((p) => p.time.startsWith(iso))!;
      return point.value - doc.points[0]!.value - (0.1 * (Date.parse(point.time) - END - DAY_MS)) / DAY_MS;
    };
    expect(effect('2026-12-02')).toBeCloseTo(10, -0.5);
    expect(effect('2026-12-12')).toBeCloseTo(20, -0.5);
    expect(effect('2026-12-21')).toBeCloseTo(40, -0.5);
    expect(effect('2027-01-01')).toBeCloseTo(0, -0.5);
  });

  it('names the file and line of a malformed CSV and exits 2', async () => {
    const csv = ['time,value', '2026-01-01,1', '2026-01-02,2', '', '2026-01-03,3', '2026-01-04,4', '2026-01-05,abc'].join('\n');
    const io = fakeIo({ 'data.csv': csv });
    expect(await runForecastCommand(['--input', 'data.csv'], io)).toBe(2);
    expect(io.err()).toBe('runway forecast: data.csv line 7: "abc" is not a number\n');
    expect(io.out()).toBe('');
  });

  it('exits 2 with a clear message for a missing file, an empty file or too little data', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'runway forecast: cannot read nope.csv: no such file\n'],
      [{ 'nope.csv': 'time,value\n' }, 'runway forecast: nope.csv: no data rows after the header\n'],
      [{ 'nope.csv': 'time,value\n2026-01-01,1\n2026-01-01,2\n' }, 'runway forecast: cannot forecast this series: need at least 3 values, got 1\n'],
    ];
    for (const [files, message] of cases) {
      const io = fakeIo(files);
      expect(await runForecastCommand(['--input', 'nope.csv'], io)).toBe(2);
      expect(io.err()).toBe(message);
    }
  });

  it('exits 2 with a usage error for bad options', async () => {
    const io = fakeIo({});
    expect(await runForecastCommand(['--input', 'd.csv', '--agg', 'median'], io)).toBe(2);
    expect(io.err()).toContain('runway forecast: --agg must be one of mean, max, last; got "median"\n');
    expect(io.err()).toContain('runway forecast --help');
  });

  it('explains every option and every JSON field in --help', async () => {
    const io = fakeIo({});
    expect(await runForecastCommand(['--help'], io)).toBe(0);
    const help = io.out();
    for (const word of ['--input', '--horizon', '--step', '--agg', '--level', '--country', '--threshold', '--format', '--help']) {
      expect(help).toContain(word);
    }
    for (const field of ['step', 'agg', 'level', 'points', 'time', 'value', 'lower', 'upper', 'threshold', 'crossing', 'earliest', 'likely', 'latest', 'model']) {
      expect(help).toMatch(new RegExp(`\\b${field}\\b`));
    }
  });
});
