import { isRunwayError, RunwayError } from '../core/errors.ts';
import { parseForecastArgs, USAGE } from './forecast-options.ts';

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
    const text = readInput(args.input, io);
    // The engine (models, WASM, holiday calendars) loads only now, so help and mistakes answer at once.
    const { forecastCsv, renderRun } = await import('./forecast-run.ts');
    io.stdout(renderRun(forecastCsv(args, text, events)));
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

/** CSV line errors name the file first: `data.csv line 7: "abc" is not a number`. */
function userMessage(e: RunwayError): string {
  return e.code === 'RUNWAY_ERR_CSV_LINE' ? `${String(e.details.path)} ${e.message}` : e.message;
}
