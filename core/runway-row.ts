/**
 * The runway row: what a capacity cycle concludes for one resource of one host. Forecast workers
 * produce it, alerting, notices and the API consume it, so it is a contract and lives here.
 */
/** What a disk's history says about why it fills, for the remediation proposal. */
export interface DiskEvidence {
  /** Median daily swing (max − min, percentage points) over the last 30 days: log rotation, clean-ups. */
  swingNow: number;
  /** The same, 60 to 120 days earlier. */
  swingBefore: number;
  /** Correlation of the daily growth with the host's daily peak load over the last 90 days; null without load. */
  trafficCorrelation: number | null;
}

/** What the forecast job concludes for one resource of one host: a row of the runway table. */
export interface RunwayRow {
  customer: string;
  host: string;
  /** Human label of the resource: "disk /var" or "load". */
  resource: string;
  metric: RunwayMetric;
  /** Mount point, for disks. */
  mount?: string;
  /** Latest daily value (disk: max % used; load: max load1). */
  current: number;
  /** The value that counts as exhaustion: disk full threshold in %, or the host's cores. */
  threshold: number;
  /** Epoch ms of the first forecast step reaching the threshold (null: not within the horizon). */
  crossing: { earliest: number | null; likely: number | null; latest: number | null };
  /** Days from the run to the likely crossing; null when none within the horizon. */
  daysLeft: number | null;
  /** What drives the crossing: a season such as "christmas 2026", or "trend". */
  driver: string | null;
  /** When the recent trend changed regime (a step, a new growth rate), as the chosen model saw it; null if it did not. */
  trendBreakMs?: number | null;
  /** For disks: the daily swing and whether growth follows traffic, evidence for the proposal. */
  diskEvidence?: DiskEvidence;
  /** Forecast growth per day over the first 30 days, in the metric's unit (disk: percentage points). */
  growthPerDay: number;
  /** Highest point forecast within the horizon. */
  peakForecast: number;
  /** Disk size in bytes, for disks. */
  totalBytes?: number;
  model: string;
  /** The models the forecast averages, with weights ("seasonal-linear 0.62, seasonal-level 0.38"), and why they were chosen. */
  combination?: string;
  choiceReason?: string;
  /** Rolling-origin backtest MASE of that model (below 1 beats seasonal naive); null without enough history. */
  mase?: number | null;
  /** Share of held-out backtest outcomes inside the calibrated interval; null without enough history. */
  coverage?: number | null;
  run: string;
  computedAtMs: number;
}

/** The metric a runway row forecasts: a disk's daily maximum use, or a host's daily peak load. */
export const RUNWAY_METRICS = ['disk_used_percent', 'load_daily_max'] as const;
export type RunwayMetric = (typeof RUNWAY_METRICS)[number];
