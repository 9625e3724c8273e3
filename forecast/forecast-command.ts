import { isRunwayError, RunwayError } from '../core/errors.ts';
import { aggregate } from './aggregate.ts';
import { findCrossing } from './crossing.ts';
import { parseCsvSeries } from './csv-input.ts';
import { type ForecastArgs, parseForecastArgs, USAGE } from './forecast-options.ts';
import { type ForecastRun, renderJson, renderTable } from './forecast-output.ts';
import { holidayRanges } from './holidays.ts';
import { parseEventsCsv } from './events.ts';
import { forecastSeries } from './forecast-series.ts';
import { HOLIDAY_LEAD_DAYS } from './model.ts';
import { DAY_MS } from './series.ts';
import { fillsLikeStore } from './series-shape.ts';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads a whole text file; throws (e.g. ENOENT) when it cannot. */
  readFile: (path: string) => string;
}

/** Errors that are the caller's to fix (exit 2) rather than ours (exit 1). */
const USER_ERRORS = new Set([
  'RUNWAY_ERR_CLI_USAGE',
  'RUNWAY_ERR_CSV_LINE',
  'RUNWAY_ERR_CSV_EMPTY',
  'RUNWAY_ERR_FORECAST_INPUT_FILE',
  'RUNWAY_ERR_FORECAST_SERIES',
  'RUNWAY_ERR_FORECAST_COUNTRY',
  'RUNWAY_ERR_FORECAST_EVENT',
]);

/**
 * `runway forecast` (argv: the arguments after the command name). Returns the exit code:
 * 0 success, 2 usage or input errors (message on stderr), 1 anything unexpected.
 */
export async function runForecastCommand(argv: string[], io: CommandIo): Promise<number> {
  try {
    const args = parseForecastArgs(argv);
    if (args === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const events = args.events === undefined ? '' : readInput(args.events, io);
    const run = forecast(args, readInput(args.input, io), events);
    io.stdout(args.format === 'json' ? renderJson(run) : renderTable(run));
    return 0;
  } catch (e) {
    if (isRunwayError(e) && USER_ERRORS.has(e.code)) {
      io.stderr(`runway forecast: ${userMessage(e)}\n`);
      if (e.code === 'RUNWAY_ERR_CLI_USAGE') io.stderr(`Run "runway forecast --help" for usage.\n`);
      return 2;
    }
    io.stderr(`runway forecast: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

function readInput(path: string, io: CommandIo): string {
  try {
    return io.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new RunwayError('RUNWAY_ERR_FORECAST_INPUT_FILE', { path, reason }, { cause: e });
  }
}

function forecast(args: ForecastArgs, text: string, eventsText: string): ForecastRun {
  const series = aggregate(parseCsvSeries(text, args.input), args.step.ms, args.agg);
  const endMs = series.startMs + (series.values.length - 1) * series.stepMs;
  // Holiday effects begin weeks before the day itself, so look that far beyond both ends.
  const padMs = (HOLIDAY_LEAD_DAYS + 7) * DAY_MS;
  // A store that fills (bytes on a disk) has no holiday peak in its level, whatever the country:
  // a Christmas effect fitted to its noise could only invent a crossing. Custom events still count.
  const holidays = fillsLikeStore(series.values) ? [] : holidayRanges(args.country, series.startMs - padMs, endMs + (args.horizonSteps + 1) * series.stepMs + padMs);
  if (args.events !== undefined) holidays.push(...parseEventsCsv(eventsText, args.events));
  const capacity = args.threshold !== undefined;
  const { points, model } = forecastSeries(series, { horizonSteps: args.horizonSteps, levelPercent: args.level, holidays, seasonality: 'additive', capacity });
  const run: ForecastRun = { args, points, model };
  if (args.threshold !== undefined) run.crossing = findCrossing(points, args.threshold);
  return run;
}

/** CSV line errors name the file first: `data.csv line 7: "abc" is not a number`. */
function userMessage(e: RunwayError): string {
  return e.code === 'RUNWAY_ERR_CSV_LINE' ? `${String(e.details.path)} ${e.message}` : e.message;
}
