import type { RunwayRow } from '../forecast/job/runway-row.ts';

const GB = 1e9;
const GiB = 1024 ** 3;
const DAY_MS = 86_400_000;

/**
 * The what-if numbers behind every proposal (alert remediation, notices, job bundles): a disk grown
 * by about a quarter, rounded to a size people buy, keeps the same used bytes under the threshold
 * of a bigger disk for headroom / growth-per-day more days.
 */
export function diskWhatIf(row: RunwayRow): { extraBytes: number; bytesPerDay: number; daysBought: number; newCrossingMs: number } | null {
  if (!row.totalBytes || row.growthPerDay <= 0) return null;
  const bytesPerDay = (row.growthPerDay / 100) * row.totalBytes;
  const extraBytes = growStep(row.totalBytes);
  const headroomBytes = (row.threshold / 100) * (row.totalBytes + extraBytes) - (row.current / 100) * row.totalBytes;
  const daysBought = headroomBytes / bytesPerDay;
  return { extraBytes, bytesPerDay, daysBought, newCrossingMs: row.computedAtMs + daysBought * DAY_MS };
}

/** Whole cores that keep the forecast peak under capacity; at least one. */
export function coresToAdd(row: RunwayRow): number {
  return Math.max(1, Math.ceil(row.peakForecast - row.threshold));
}

/**
 * What adding capacity does to a resource measured in percent of it (RAM, cores): the same work
 * on `capacity + extra` is `capacity / (capacity + extra)` of the percentage. The forecast peak
 * scales so; the likely date moves to where the forecast's growth reaches the threshold of the
 * larger resource (null without growth: only a season's peak drives it).
 */
export interface CapacityWhatIf {
  /** Added capacity, in the row's unit (bytes of RAM, cores). */
  extra: number;
  /** The forecast peak, in percent of the larger resource. */
  newPeakPercent: number;
  /** The likely crossing with the larger resource at the forecast's growth; null when the growth does not reach it. */
  newCrossingMs: number | null;
}

function capacityWhatIf(row: RunwayRow, capacity: number, extra: number): CapacityWhatIf {
  const scale = capacity / (capacity + extra);
  const newPeakPercent = row.peakForecast * scale;
  const headroom = row.threshold / scale - row.current; // percentage points of today's capacity
  const newCrossingMs = row.growthPerDay > 0 ? row.computedAtMs + (headroom / row.growthPerDay) * DAY_MS : null;
  return { extra, newPeakPercent, newCrossingMs };
}

/**
 * What a larger resource says about a crossing: a later date when growth drives it, or else (a
 * season's peak recurs every year, and growth from today's level does not date it) the forecast
 * peak in percent of the larger resource, and whether that stays under the threshold.
 */
export type CapacityOutcome = { kind: 'moves'; fromMs: number; toMs: number } | { kind: 'peak'; peakPercent: number; under: boolean };

export function capacityOutcome(row: RunwayRow, w: CapacityWhatIf): CapacityOutcome {
  const likely = row.crossing.likely;
  const seasonal = row.driver !== null && row.driver !== 'trend';
  if (!seasonal && w.newCrossingMs !== null && likely !== null && w.newCrossingMs > likely) return { kind: 'moves', fromMs: likely, toMs: w.newCrossingMs };
  return { kind: 'peak', peakPercent: w.newPeakPercent, under: w.newPeakPercent < row.threshold };
}

/**
 * RAM to add: a size people buy (4 GiB steps up to 512 GiB), at least a quarter of the RAM and
 * enough to keep the forecast peak under the threshold. Null without the host's RAM size.
 */
export function memoryWhatIf(row: RunwayRow): CapacityWhatIf | null {
  if (!row.totalBytes) return null;
  const needed = Math.max(row.totalBytes / 4, row.totalBytes * (row.peakForecast / row.threshold - 1));
  const steps = [4, 8, 16, 32, 64, 128, 256, 512].map((g) => g * GiB);
  return capacityWhatIf(row, row.totalBytes, steps.find((s) => s >= needed) ?? 512 * GiB);
}

/** Cores to add so the forecast 95th percentile stays under the threshold; null without the host's cores. */
export function cpuWhatIf(row: RunwayRow): CapacityWhatIf | null {
  if (!row.cores) return null;
  const extra = Math.max(1, Math.ceil(row.cores * (row.peakForecast / row.threshold - 1)));
  return capacityWhatIf(row, row.cores, extra);
}

/**
 * A clean-up that removes a tenth of the filesystem's inodes in files (old sessions, a drained
 * mail queue, an emptied cache): the days it buys at the forecast's rate of new files.
 */
export function inodesWhatIf(row: RunwayRow): { filesRemoved: number; filesPerDay: number; newCrossingMs: number } | null {
  if (!row.inodesTotal || row.growthPerDay <= 0) return null;
  const filesPerDay = (row.growthPerDay / 100) * row.inodesTotal;
  const filesRemoved = roundFiles(row.inodesTotal / 10);
  const headroom = (row.threshold / 100) * row.inodesTotal - (row.current / 100) * row.inodesTotal + filesRemoved;
  return { filesRemoved, filesPerDay, newCrossingMs: row.computedAtMs + (headroom / filesPerDay) * DAY_MS };
}

/** A file count as people say it: two significant digits. */
export function roundFiles(n: number): number {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.round(n / magnitude) * magnitude;
}

/** A sensible increment to propose: about a quarter of the disk, rounded to a size people buy. */
function growStep(totalBytes: number): number {
  const steps = [10, 20, 50, 100, 200, 500, 1000, 2000].map((g) => g * GB);
  return steps.find((s) => s >= totalBytes / 4) ?? 2000 * GB;
}
