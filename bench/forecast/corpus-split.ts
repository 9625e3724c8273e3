/**
 * The fixed dev/test split of the real corpus, by series name. Tune on the dev half; the test
 * half is only reported. Each half holds electricity, bikes/transit, web-like activity and a
 * growing store. Series from one source stay in one half where that source has several (daily
 * mean and max of one hourly file; one repository's bytes, files and commits), so the test half is
 * not a near copy of something tuned on. Changing this list invalidates every comparison made
 * with it: add new series to it, never move old ones.
 */
export const DEV_SERIES: readonly string[] = [
  'de-load-mean', 'de-load-max', 'ch-load-mean', 'ch-load-max', 'se-load', 'se1-load', 'se3-load',
  'fremont-bikes-mean', 'fremont-bikes-max', 'munich-arnulf', 'munich-hirsch', 'munich-olympia',
  'bitcoin-transactions', 'tldr-commits',
  'tldr-bytes', 'tldr-files',
];

export const TEST_SERIES: readonly string[] = [
  'at-load-mean', 'at-load-max', 'dk-load', 'fr-load', 'se2-load', 'se4-load',
  'munich-erhardt', 'munich-kreuther', 'munich-margareten', 'zurich-transit', 'tsa-passengers',
  'wikipedia-main-page', 'household-power',
  'bitcoin-cumulative', 'nginx-bytes',
];

export type Half = 'dev' | 'test';

/** The half a series belongs to; throws for a series the split does not list, so none is missed. */
export function halfOf(name: string): Half {
  if (DEV_SERIES.includes(name)) return 'dev';
  if (TEST_SERIES.includes(name)) return 'test';
  throw new Error(`series "${name}" is in neither half of bench/forecast/corpus-split.ts`);
}
