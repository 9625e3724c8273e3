import type { RunwayRow } from '../forecast/job/runway-row.ts';
import { isoDay } from './format.ts';
import { capacityOutcome, cpuWhatIf, inodesWhatIf, memoryWhatIf, type CapacityWhatIf } from './what-if.ts';

const GiB = 1024 ** 3;

/** A host in the same pool whose forecast leaves room for what the row's host needs. */
export interface PoolDonor {
  host: string;
  pool: string;
  /** Its capacity and its forecast peak, in the row's terms (cores and percent of them). */
  capacity: number;
  peakPercent: number;
}

/** How memory grows: on its own while traffic stays flat (a leak), with traffic (capacity), or unclear. */
export type MemoryCause = 'leak' | 'traffic' | 'unclear';

/**
 * A steady rise (at least 1.5 points a month) while the peak load changed by under a tenth over the
 * same 90 days and memory does not follow it day by day is a leak; memory that follows load closely,
 * or rises with a growing load, is capacity.
 */
export function memoryCause(row: RunwayRow): MemoryCause {
  const e = row.memEvidence;
  if (!e) return 'unclear';
  const loadChange = e.loadSlopePerDay === null ? null : Math.abs(e.loadSlopePerDay * 90);
  if (e.memSlopePerDay >= 0.05 && loadChange !== null && loadChange < 0.1 && (e.loadCorrelation ?? 0) < 0.5) return 'leak';
  if ((e.loadCorrelation ?? 0) >= 0.6 || (loadChange !== null && loadChange >= 0.1 && (e.loadSlopePerDay ?? 0) > 0)) return 'traffic';
  return 'unclear';
}

const season = (row: RunwayRow) => (row.driver && row.driver !== 'trend' ? `the ${row.driver} season` : 'steady growth');

/**
 * "moves the likely date from A to B" at the forecast's growth, and what the larger resource does to
 * the forecast peak (all a season-driven crossing has: without growth there is no later date to name).
 */
function movesText(row: RunwayRow, w: CapacityWhatIf, unit: string): string {
  const peak = `the forecast peak becomes ${w.newPeakPercent.toFixed(0)} % of ${unit} instead of ${row.peakForecast.toFixed(0)} %`;
  const outcome = capacityOutcome(row, w);
  if (outcome.kind === 'moves') return `moves the likely date from ${isoDay(outcome.fromMs)} to about ${isoDay(outcome.toMs)}; ${peak}`;
  const under = outcome.under ? `, under the ${row.threshold} % mark, so the crossing of ${isoDay(row.crossing.likely)} leaves the forecast` : `, still over the ${row.threshold} % mark`;
  return `means ${peak}${under}`;
}

export function memoryProposal(row: RunwayRow): string {
  const parts = [`Memory on ${row.host} peaks at ${row.current.toFixed(1)} % of RAM and the forecast reaches ${row.threshold} % around ${isoDay(row.crossing.likely)}, driven by ${season(row)}.`];
  const e = row.memEvidence;
  const cause = memoryCause(row);
  if (cause === 'leak' && e) {
    parts.push(
      `It rose ${(e.memSlopePerDay * 30).toFixed(1)} points a month over the last 90 days while the host's peak load stayed flat: that points at a leak (or a cache without a bound), not at traffic. ` +
        'Find the process whose resident memory keeps growing (`ps -eo pid,rss,etime,cmd --sort=-rss | head`) and restart it, then fix or bound it; more RAM only postpones the date.',
    );
  } else if (cause === 'traffic' && e) {
    const corr = e.loadCorrelation === null ? '' : ` (correlation ${e.loadCorrelation.toFixed(2)} with the daily peak load)`;
    parts.push(`It rises and falls with the host's traffic${corr}: this is capacity being used, so plan more RAM or move work within the pool.`);
  }
  const w = memoryWhatIf(row);
  if (w) parts.push(`+${Math.round(w.extra / GiB)} GiB of RAM ${movesText(row, w, `${Math.round(((row.totalBytes ?? 0) + w.extra) / GiB)} GiB`)}.`);
  return parts.join(' ');
}

export function cpuProposal(row: RunwayRow, donor?: PoolDonor): string {
  const parts = [`The daily 95th percentile of CPU use on ${row.host} is forecast to reach ${row.peakForecast.toFixed(0)} % against a ${row.threshold} % mark, first around ${isoDay(row.crossing.likely)}, driven by ${season(row)}.`];
  const w = cpuWhatIf(row);
  if (w && row.cores) {
    const n = (k: number) => `${k} core${k === 1 ? '' : 's'}`;
    parts.push(`+${n(w.extra)} (${row.cores} → ${row.cores + w.extra}) ${movesText(row, w, `${row.cores + w.extra} cores`)}.`);
    if (donor) {
      parts.push(`Or move the work of ${n(w.extra)} to ${donor.host} in the same pool (${donor.pool}: its forecast 95th percentile is ${donor.peakPercent.toFixed(0)} % of ${n(donor.capacity)}).`);
    }
  }
  parts.push(`Do it before ${isoDay(row.crossing.earliest ?? row.crossing.likely)}; a profiler or the slow-query log may also show work that need not be done at the peak.`);
  return parts.join(' ');
}

/** Where many small files usually live, by what the filesystem holds. */
function inodeSuspects(mount: string): string {
  if (/mail|spool/.test(mount)) return 'mail queues (`/var/spool/postfix/deferred`, `/var/spool/exim4/input`) and maildirs of abandoned mailboxes';
  if (/www|html|srv/.test(mount)) return 'PHP sessions (`/var/lib/php/sessions`), application caches (`var/cache`, thumbnails) and upload temp files';
  return 'PHP sessions (`/var/lib/php/sessions`), mail queues (`/var/spool`), caches (`/var/cache`) and `/tmp`';
}

export function inodesProposal(row: RunwayRow): string {
  const mount = row.mount ?? '/';
  const parts = [
    `${row.resource} on ${row.host}: ${row.current.toFixed(1)} % of the filesystem's inodes are used and the forecast reaches ${row.threshold} % around ${isoDay(row.crossing.likely)}. ` +
      'With no inode left, no file can be created even when bytes are free.',
    `Inodes usually go to many small files: ${inodeSuspects(mount)}. \`find ${mount} -xdev -type f | cut -d/ -f1-4 | sort | uniq -c | sort -rn | head\` counts files per directory.`,
  ];
  const w = inodesWhatIf(row);
  if (w) {
    parts.push(`That is about ${Math.round(w.filesPerDay).toLocaleString('en')} new files a day. Removing ${w.filesRemoved.toLocaleString('en')} files moves the likely date from ${isoDay(row.crossing.likely)} to about ${isoDay(w.newCrossingMs)}.`);
  }
  parts.push('The clean-small-files job removes files older than a given age under one directory (a dry run lists them first). A filesystem rebuilt with more inodes (`mkfs.ext4 -i`) or XFS, which allocates them as needed, ends it for good.');
  return parts.join(' ');
}
