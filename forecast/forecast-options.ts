import { readCommandLine } from '../core/command-line.ts';
import { RunwayError } from '../core/errors.ts';
import { knownCountries } from './holidays.ts';
import { AGGREGATIONS, type Aggregation, DAY_MS, HOUR_MS } from './series.ts';

export type OutputFormat = 'json' | 'table';

/** A duration as given (`90d`, `6h`, `2w`) and in ms. */
export interface Duration {
  text: string;
  ms: number;
}

export interface ForecastArgs {
  input: string;
  horizon: Duration;
  step: Duration;
  /** horizon / step, rounded up so the forecast covers the whole horizon. */
  horizonSteps: number;
  agg: Aggregation;
  /** Central prediction interval, percent. */
  level: number;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
  threshold?: number;
  /** CSV of custom events (name,start,end). */
  events?: string;
  format: OutputFormat;
}

/** Caps the output at a size a terminal or a pipe handles comfortably. */
export const MAX_HORIZON_STEPS = 20_000;

const DEFAULTS = { horizon: '90d', step: '1d', agg: 'mean', level: '80', format: 'table' } as const;
const OPTIONS = ['input', 'horizon', 'step', 'agg', 'level', 'country', 'threshold', 'events', 'format'] as const;
const UNIT_MS: Record<string, number> = { h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS };

export const USAGE = `Usage: runway forecast --input FILE.csv [--horizon 90d] [--step 1d] [--agg mean|max|last]
                       [--level 80] [--country DK] [--threshold N] [--events FILE.csv] [--format json|table]

Forecasts one time series from a CSV file and, with --threshold, when it will reach a limit.
The model is chosen per series by a rolling-origin backtest (Runway's own model, its seasons at
today's level, seasonal naive; those it cannot tell apart are averaged), and its interval is
calibrated on the errors it made on held-out history.

Options (each takes a value, as "--name value" or "--name=value"):
  --input FILE      CSV with a header row; column 1 the time, column 2 the value, further columns
                    ignored. Times: ISO 8601 (no zone = UTC), "YYYY-MM-DD HH:MM:SS" (UTC), or epoch
                    seconds/milliseconds (told apart by magnitude). Rows in any order, gaps allowed,
                    blank lines skipped, fields may be "quoted". Required.
  --horizon DUR     How far ahead to forecast (default ${DEFAULTS.horizon}). DUR is N followed by h (hours),
                    d (days) or w (weeks). Rounded up to whole steps.
  --step DUR        Bucket width the samples are aggregated to, aligned to UTC multiples of the step
                    from 1970-01-01 (1d = UTC days; default ${DEFAULTS.step}). Forecast points come one per step.
  --agg HOW         How the samples in one bucket become its value: mean, max (peaks, e.g. daily peak
                    load, or a disk's upper envelope under log rotation) or last (default ${DEFAULTS.agg}).
  --level PCT       Width of the prediction interval in percent, 0 < PCT < 100 (default ${DEFAULTS.level}).
  --country CC      ISO 3166-1 country code (DK, DE, SE, US, …): also learn that country's public
                    holidays, Mother's Day, Valentine's Day and Black Friday. Christmas (from Dec 24)
                    is always modelled.
  --threshold N     A limit in the series' unit (e.g. disk bytes, cores): report when the forecast
                    reaches it.
  --events FILE     CSV of custom events (campaigns, migrations) with header name,start,end: dates
                    YYYY-MM-DD (end inclusive) or ISO date-times (end exclusive); end optional.
                    Rows with the same name share one learnt effect; list future ones too. A
                    fourth column, scope (a customer or host), matters to the forecast job only:
                    this command forecasts one series and uses every row.
  --format FMT      table (default) for people, json for programs.
  --help, -h        This text.

JSON output (--format json):
  step              The step as given, e.g. "1d".
  agg               The aggregation used.
  level             The interval level in percent.
  points            One entry per forecast step, starting one step after the bucket of the last
                    input sample:
    time              ISO 8601 UTC start of the bucket.
    value             Point forecast (median-like "likely" value).
    lower, upper      Prediction interval holding level % of outcomes, calibrated from backtest
                      errors and at least ± z · 15 % of the trend's growth so far (a growth rate
                      can change); it widens with the horizon. With --threshold, on a series that
                      grew, at least as wide as its own history's spread of growth over windows
                      as long as each lead (faster and slower stretches, steps, clean-ups).
  threshold         Only with --threshold:
    value             The threshold.
    crossing          ISO times by which the series has reached the threshold: likely (as
                      likely as not), earliest (pessimistic) and latest (optimistic), the ends
                      of the band at --level; null when that does not happen within the horizon.
                      For daily steps, days scatter around the forecast (measured against the
                      same weekday a week before), and the first busy day that reaches the
                      threshold counts; a series that only fills (a disk) does not scatter, and
                      other steps date the crossings of upper, value and lower.
  model             The chosen model:
    name              seasonal-linear (Runway's model), seasonal-linear-multiplicative (the same
                      on a log scale, for traffic), seasonal-level (its seasons at the level of
                      the last eight weeks, no growth) or seasonal-naive; with a combination,
                      the one of largest weight.
    backtest          origins (rolling origins scored: up to 4 recent ones 4 weeks apart, and with
                      enough history the one a year back, whose held-out window is last year's
                      stretch of the season ahead), mase (mean absolute scaled error against
                      in-sample seasonal naive over all of them: below 1 beats it), coverage (share
                      of held-out outcomes inside the calibrated interval, which the recent origins
                      set, each judged by the others),
                      calibrated (false: too little history, model's own interval), candidates
                      (each candidate's mase), combination (the models averaged, with weights,
                      when the backtest cannot separate them: MASE within 25 % of the best; name
                      is the one with the largest weight), reason (why).
    n, nEff           Values fitted; values behind the forecast trend line.
    spikesIgnored     One-off spikes left out of the fit (far out while the days around stay normal).
    parameters        Coefficients used. residualSd: spread around the trend line.
    stepMs, fittedFrom, fittedTo   The series' step and the span fitted.
    trend             levelAtEnd, slopePerDay (unit per day), longRunSlopePerDay (the median
                      year-on-year change), recentSlopeFadesOverDays (time constant of the fade
                      from the recent slope to the long-run one; null: it holds), evidence
                      (standard errors between the two), recentWindowDays, trendBreak (the
                      changepoint the forecast line starts at, or null), form (line: the recent
                      line, its difference from the long-run rate fading after about a quarter of
                      the length of its regime unless strongly evidenced; anchored: that line moved to
                      the level of the last 7 days; flat: that level at the long-run rate, the
                      median year-on-year change; chosen on the last 90 days of history).
    seasonality       Fourier orders: dailyOrder, weeklyOrder, yearlyOrder, and
                      yearlyRejectedByHoldout (yearly terms did not clearly help forecast quarters
                      of the history held out in turn).
    holidays          Learnt effect (series' unit, or log units for multiplicative) per holiday
                      and window ("-28..-15" days before, "during", "+1..+7" after).
    bounds            min/max the forecast is clamped to (null: none).

Table output: a header line (input, model, values fitted, backtest MASE and coverage), one row per
step (time, value, lower, upper), and with --threshold the likely, earliest and latest crossing.

Exit status: 0 success; 2 bad options, unreadable file, malformed CSV or too little data; 1 other failures.`;

const usage = (reason: string): RunwayError => new RunwayError('RUNWAY_ERR_CLI_USAGE', { reason });

/** Parses the arguments after `runway forecast`; 'help' when --help/-h is among them. */
export function parseForecastArgs(argv: readonly string[]): ForecastArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const given = readCommandLine(argv, { values: OPTIONS }).values;
  if (given.input === undefined) throw usage('--input FILE.csv is required');
  const step = parseDuration('step', given.step ?? DEFAULTS.step);
  const horizon = parseDuration('horizon', given.horizon ?? DEFAULTS.horizon);
  const horizonSteps = Math.ceil(horizon.ms / step.ms);
  if (horizonSteps > MAX_HORIZON_STEPS) {
    throw usage(`--horizon ${horizon.text} is ${horizonSteps} steps of ${step.text}; at most ${MAX_HORIZON_STEPS} are allowed`);
  }
  const args: ForecastArgs = {
    input: given.input,
    horizon,
    step,
    horizonSteps,
    agg: oneOf('agg', given.agg ?? DEFAULTS.agg, AGGREGATIONS),
    level: parseLevel(given.level ?? DEFAULTS.level),
    format: oneOf('format', given.format ?? DEFAULTS.format, ['json', 'table'] as const),
  };
  if (given.country !== undefined) args.country = parseCountry(given.country);
  if (given.threshold !== undefined) args.threshold = parseNumber('threshold', given.threshold);
  if (given.events !== undefined) args.events = given.events;
  return args;
}

export function parseDuration(option: string, text: string): Duration {
  const match = /^(\d+)([hdw])$/.exec(text.trim());
  const n = match ? Number(match[1]) : 0;
  if (!match || n < 1) throw usage(`--${option} "${text}" is not a duration such as 12h, 90d or 2w`);
  return { text: `${n}${match[2]}`, ms: n * UNIT_MS[match[2]!]! };
}

function parseLevel(text: string): number {
  const level = parseNumber('level', text);
  if (!(level > 0 && level < 100)) throw usage(`--level must be between 0 and 100 (exclusive), got ${text}`);
  return level;
}

function parseNumber(option: string, text: string): number {
  const value = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw usage(`--${option} "${text}" is not a number`);
  return value;
}

function parseCountry(text: string): string {
  const code = text.trim().toUpperCase();
  if (!knownCountries().includes(code)) {
    throw usage(`--country "${text}" is not a country code with a holiday calendar (use ISO 3166-1 alpha-2, e.g. DK, DE, SE)`);
  }
  return code;
}

function oneOf<T extends string>(option: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw usage(`--${option} must be one of ${allowed.join(', ')}; got "${text}"`);
  return text as T;
}
