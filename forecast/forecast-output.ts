import { isoUtc } from './civil-date.ts';
import type { Crossing } from './crossing.ts';
import type { ForecastArgs } from './forecast-options.ts';
import { DAY_MS, type ForecastPoint } from './series.ts';

/** What one `runway forecast` run produced, ready to render. */
export interface ForecastRun {
  args: ForecastArgs;
  points: ForecastPoint[];
  crossing?: Crossing;
  model: Record<string, unknown>;
}

const iso = (ms: number | null): string | null => (ms === null ? null : isoUtc(ms));

/** The --format json document; its keys are a stable contract (see USAGE). */
export function renderJson(run: ForecastRun): string {
  const { args } = run;
  const doc: Record<string, unknown> = {
    step: args.step.text,
    agg: args.agg,
    level: args.level,
    points: run.points.map((p) => ({ time: iso(p.timeMs), value: p.value, lower: p.lower, upper: p.upper })),
  };
  if (args.threshold !== undefined && run.crossing) {
    const { earliest, likely, latest } = run.crossing;
    doc.threshold = { value: args.threshold, crossing: { earliest: iso(earliest), likely: iso(likely), latest: iso(latest) } };
  }
  doc.model = run.model;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The --format table text: a header line, one row per step, and the crossing summary. */
export function renderTable(run: ForecastRun): string {
  const { args, model } = run;
  const time = timeFormatter(args.step.ms);
  const rows = run.points.map((p) => [time(p.timeMs), number(p.value), number(p.lower), number(p.upper)]);
  const header = ['time', 'value', `lower ${args.level}%`, `upper ${args.level}%`];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const sd = typeof model.residualSd === 'number' ? `, residual sd ${number(model.residualSd)}` : '';
  const bt = model.backtest as { mase?: number | null; coverage?: number | null } | undefined;
  const trust = bt && typeof bt.mase === 'number' ? `; backtest MASE ${number(bt.mase)}${typeof bt.coverage === 'number' ? `, coverage ${Math.round(bt.coverage * 100)}%` : ''}` : '';
  const out = [
    `${args.input}: ${String(model.name)} on ${String(model.n)} ${args.step.text} values (${args.agg})${sd}${trust}; ${args.horizon.text} ahead`,
    line(header),
    ...rows.map(line),
  ];
  if (args.threshold !== undefined && run.crossing) out.push(crossingSummary(args, run.crossing, time));
  return `${out.join('\n')}\n`;
}

function crossingSummary(args: ForecastArgs, crossing: Crossing, time: (ms: number) => string): string {
  const when = (ms: number | null): string => (ms === null ? `not within ${args.horizon.text}` : time(ms));
  if (crossing.earliest === null) return `threshold ${args.threshold}: not reached within ${args.horizon.text}, even at the band's pessimistic end`;
  return `threshold ${args.threshold}: likely ${when(crossing.likely)} (earliest ${when(crossing.earliest)}, latest ${when(crossing.latest)})`;
}

/** Whole-day steps show dates; finer steps show UTC date and time. */
function timeFormatter(stepMs: number): (ms: number) => string {
  if (stepMs % DAY_MS === 0) return (ms) => new Date(ms).toISOString().slice(0, 10);
  return (ms) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** Six significant digits, without exponent noise for ordinary magnitudes. */
function number(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-4)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}
