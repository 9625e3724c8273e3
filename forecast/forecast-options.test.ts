import { describe, expect, it } from 'vitest';
import { isRunwayError } from '../core/errors.ts';
import { parseDuration, parseForecastArgs } from './forecast-options.ts';
import { DAY_MS, HOUR_MS } from './series.ts';

function usageError(argv: string[]): string {
  try {
    parseForecastArgs(argv);
  } catch (e) {
    if (isRunwayError(e, 'RUNWAY_ERR_CLI_USAGE')) return e.message;
    throw e;
  }
  throw new Error('expected a usage error');
}

describe('parseForecastArgs', () => {
  it('applies the defaults', () => {
    expect(parseForecastArgs(['--input', 'd.csv'])).toEqual({
      input: 'd.csv',
      horizon: { text: '90d', ms: 90 * DAY_MS },
      step: { text: '1d', ms: DAY_MS },
      horizonSteps: 90,
      agg: 'mean',
      level: 80,
      format: 'table',
    });
  });

  it('reads every option, in both --name value and --name=value forms', () => {
    const args = parseForecastArgs([
      '--input=d.csv', '--horizon', '2w', '--step=6h', '--agg', 'max', '--level', '95',
      '--country', 'dk', '--threshold=-1.5e3', '--format', 'json',
    ]);
    expect(args).toEqual({
      input: 'd.csv',
      horizon: { text: '2w', ms: 14 * DAY_MS },
      step: { text: '6h', ms: 6 * HOUR_MS },
      horizonSteps: 56,
      agg: 'max',
      level: 95,
      country: 'DK',
      threshold: -1500,
      format: 'json',
    });
  });

  it('rounds the horizon up to whole steps', () => {
    expect(parseForecastArgs(['--input', 'd.csv', '--step', '1w'])).toMatchObject({ horizonSteps: 13 });
  });

  it('answers help whatever else is given', () => {
    expect(parseForecastArgs(['--bogus', '--help'])).toBe('help');
    expect(parseForecastArgs(['-h'])).toBe('help');
  });

  it.each([
    [[], '--input FILE.csv is required'],
    [['--input'], '--input needs a value'],
    [['--input', '--step', '1d'], '--input needs a value'],
    [['--input', 'a', '--input', 'b'], '--input given twice'],
    [['--input', 'a', 'extra'], 'unexpected argument "extra"'],
    [['--input', 'a', '--colour', 'red'], 'unknown option --colour'],
    [['--input', 'a', '--horizon', '90'], '--horizon "90" is not a duration'],
    [['--input', 'a', '--step', '0d'], '--step "0d" is not a duration'],
    [['--input', 'a', '--step', '1m'], '--step "1m" is not a duration'],
    [['--input', 'a', '--agg', 'median'], '--agg must be one of mean, max, last'],
    [['--input', 'a', '--level', '100'], '--level must be between 0 and 100'],
    [['--input', 'a', '--level', 'high'], '--level "high" is not a number'],
    [['--input', 'a', '--threshold', '90%'], '--threshold "90%" is not a number'],
    [['--input', 'a', '--format', 'csv'], '--format must be one of json, table'],
    [['--input', 'a', '--country', 'XX'], '--country "XX" is not a country code'],
    [['--input', 'a', '--step', '1h', '--horizon', '200w'], 'at most 20000 are allowed'],
  ])('rejects %j', (argv, message) => {
    expect(usageError(argv)).toContain(message);
  });
});

describe('parseDuration', () => {
  it('reads hours, days and weeks', () => {
    expect(parseDuration('x', '12h')).toEqual({ text: '12h', ms: 12 * HOUR_MS });
    expect(parseDuration('x', '007d')).toEqual({ text: '7d', ms: 7 * DAY_MS });
    expect(parseDuration('x', '3w')).toEqual({ text: '3w', ms: 21 * DAY_MS });
  });
});
