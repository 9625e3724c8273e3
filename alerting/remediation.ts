import type { RunwayRow } from '../forecast/job/runway-row.ts';
import { bytesText, isoDay } from './format.ts';
import { cpuProposal, inodesProposal, memoryProposal, type PoolDonor } from './resource-proposals.ts';
import { coresToAdd, diskWhatIf } from './what-if.ts';

const GB = 1e9;

/**
 * One paragraph an operator can act on, with what-if numbers from the forecast's growth rate.
 * The forecast issue's drivers and the alerting issue's evidence-based rules refine this.
 */
export function proposeRemediation(row: RunwayRow, donor?: CoreDonor | PoolDonor): string {
  switch (row.metric) {
    case 'disk_used_percent': return diskProposal(row);
    case 'load_daily_max': return loadProposal(row, donor && 'spareCores' in donor ? donor : undefined);
    case 'mem_used_percent': return memoryProposal(row);
    case 'cpu_p95_percent': return cpuProposal(row, donor && 'peakPercent' in donor ? donor : undefined);
    case 'inodes_used_percent': return inodesProposal(row);
  }
}

/** A host in the same pool that can lend cores: its forecast peak leaves `spareCores` unused (one kept in reserve). */
export interface CoreDonor {
  host: string;
  pool: string;
  cores: number;
  peak: number;
  spareCores: number;
}

function diskProposal(row: RunwayRow): string {
  const parts = [`${row.resource} on ${row.host} is ${row.current.toFixed(1)} % used and the forecast grows it by ${row.growthPerDay.toFixed(2)} percentage points a day.`];
  if (row.trendBreakMs) {
    // A recent change of regime is evidence of a cause someone can name and perhaps undo.
    parts.push(`The growth changed on ${isoDay(row.trendBreakMs)} and the forecast follows the new rate: what changed on that day (a deployment, a new application, a retention or logging setting)? Undoing it may be cheaper than more disk.`);
  }
  const e = row.diskEvidence;
  // A daily swing (rotation, clean-up) that keeps growing: something writes more log each day.
  if (e && e.swingNow >= 1 && e.swingNow >= 1.5 * Math.max(e.swingBefore, 0.1)) {
    parts.push(`Its daily swing between clean-ups grew from ${e.swingBefore.toFixed(1)} to ${e.swingNow.toFixed(1)} points in three months: a log that is not rotated, or debug logging left on, is the likely cause; a rotate-logs or debug-logging-off job fixes it.`);
  }
  // Growth in step with the host's traffic is capacity being used, not waste to clean up.
  if (e?.trafficCorrelation != null && e.trafficCorrelation >= 0.6) {
    parts.push(`Its growth follows the host's traffic (correlation ${e.trafficCorrelation.toFixed(2)} with the daily peak load): this is capacity being used, so plan more disk rather than a clean-up.`);
  }
  const whatIf = diskWhatIf(row);
  if (whatIf) {
    parts.push(
      `That is about ${bytesText(whatIf.bytesPerDay)} a day. Growing the disk by +${whatIf.extraBytes / GB} GB moves the likely full date from ${isoDay(row.crossing.likely)} to about ${isoDay(whatIf.newCrossingMs)} (${monthsText(whatIf.daysBought)} of headroom).`,
    );
  }
  parts.push('Before buying space, check for logs that are not rotated or debug logging left on, and for old backups or caches that can go.');
  return parts.join(' ');
}

function loadProposal(row: RunwayRow, donor?: CoreDonor): string {
  const season = row.driver && row.driver !== 'trend' ? `the ${row.driver} season` : 'steady growth';
  const moreCores = coresToAdd(row);
  const cores = (n: number) => `${n} core${n === 1 ? '' : 's'}`;
  const before = isoDay(row.crossing.earliest ?? row.crossing.likely);
  const move = donor
    ? `or move ${cores(moreCores)} from ${donor.host} in the same pool (${donor.pool}: its forecast peak is ${donor.peak.toFixed(1)} of ${cores(donor.cores)})`
    : 'or move load to an idle host in the same pool';
  return (
    `The daily peak load of ${row.host} is forecast to reach ${row.peakForecast.toFixed(1)} against ${row.threshold} cores, first around ${isoDay(row.crossing.likely)}, driven by ${season}. ` +
    `${moreCores === 1 ? '1 more core keeps' : `${moreCores} more cores keep`} the forecast peak under capacity; add ${moreCores === 1 ? 'it' : 'them'}, ${move}, before ${before}.`
  );
}


function monthsText(days: number): string {
  return days >= 60 ? `${(days / 30.4).toFixed(0)} months` : `${Math.round(days)} days`;
}

