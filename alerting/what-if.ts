import type { RunwayRow } from '../forecast/job/runway-row.ts';

const GB = 1e9;
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

/** A sensible increment to propose: about a quarter of the disk, rounded to a size people buy. */
function growStep(totalBytes: number): number {
  const steps = [10, 20, 50, 100, 200, 500, 1000, 2000].map((g) => g * GB);
  return steps.find((s) => s >= totalBytes / 4) ?? 2000 * GB;
}
