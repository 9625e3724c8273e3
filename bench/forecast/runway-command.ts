import { runForecastCommand } from '../../forecast/forecast-command.ts';
import type { Crossing } from '../../forecast/crossing.ts';
import { DAY_MS, type ForecastPoint, type Series } from '../../forecast/series.ts';

/** What the bench asks of `runway forecast`: one daily series, as a user would hand it over. */
export interface CommandRequest {
  series: Series;
  horizonDays: number;
  level: number;
  country?: string;
  threshold?: number;
}

export interface CommandAnswer {
  points: ForecastPoint[];
  crossing: Crossing | null;
  model: { name?: string } & Record<string, unknown>;
}

/** The series as the CSV a user would pass with --input: one `time,value` row per day with a value. */
export function toCsv(series: Series): string {
  const rows = ['time,value'];
  series.values.forEach((v, i) => {
    if (Number.isFinite(v)) rows.push(`${new Date(series.startMs + i * series.stepMs).toISOString()},${v}`);
  });
  return `${rows.join('\n')}\n`;
}

/** The argv of `runway forecast` for a request (file name only; the bench hands the text over). */
export function commandArgs(r: CommandRequest, file: string): string[] {
  return [
    '--input', file, '--horizon', `${r.horizonDays}d`, '--step', '1d', '--agg', 'mean', '--level', String(r.level), '--format', 'json',
    ...(r.country ? ['--country', r.country] : []),
    ...(r.threshold !== undefined ? ['--threshold', String(r.threshold)] : []),
  ];
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

/**
 * Runs `runway forecast` in-process exactly as the CLI does (runForecastCommand with the argv),
 * the CSV text standing in for the file, and returns the JSON it printed: the bench measures the
 * contract an outside evaluation uses, whatever the engine does inside. Throws on a non-zero exit.
 */
export async function runwayPrinted(r: CommandRequest, csv = toCsv(r.series)): Promise<string> {
  let out = '';
  let err = '';
  const code = await runForecastCommand(commandArgs(r, 'series.csv'), { stdout: (s) => (out += s), stderr: (s) => (err += s), readFile: () => csv });
  if (code !== 0) throw new Error(`runway forecast exited ${code}: ${err.split('\n')[0]}`);
  return out;
}

/** The points, crossing and model of what `runway forecast --format json` printed. */
export function readAnswer(printed: string): CommandAnswer {
  const doc = JSON.parse(printed) as {
    points: { time: string; value: number; lower: number; upper: number }[];
    threshold?: { crossing: { earliest: string | null; likely: string | null; latest: string | null } };
    model: CommandAnswer['model'];
  };
  const points = doc.points.map((p) => ({ timeMs: Date.parse(p.time), value: p.value, lower: p.lower, upper: p.upper }));
  const c = doc.threshold?.crossing;
  return { points, crossing: c ? { earliest: ms(c.earliest), likely: ms(c.likely), latest: ms(c.latest) } : null, model: doc.model };
}

/** `runway forecast` run and its answer read. */
export const runwayCommand = async (r: CommandRequest, csv?: string): Promise<CommandAnswer> => readAnswer(await runwayPrinted(r, csv));

/** Day offset of a time from the first forecast day (the origin): 0 = the origin's own day. */
export const dayOffset = (timeMs: number, originMs: number): number => Math.round((timeMs - originMs) / DAY_MS);
