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

/** What a host's memory history says about why it grows, for the remediation proposal. */
export interface MemEvidence {
  /** Daily peak memory growth over the last 90 days, in percentage points a day (least squares). */
  memSlopePerDay: number;
  /** The host's daily peak load over the same days: relative growth a day (least squares on the 90 days / mean). */
  loadSlopePerDay: number | null;
  /** Correlation of daily peak memory with daily peak load over the last 90 days; null without load. */
  loadCorrelation: number | null;
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
  /** For memory: whether it grows with traffic or on its own (a leak), evidence for the proposal. */
  memEvidence?: MemEvidence;
  /** Forecast growth per day over the first 30 days, in the metric's unit (disk: percentage points). */
  growthPerDay: number;
  /** Highest point forecast within the horizon. */
  peakForecast: number;
  /** Size in bytes: of the disk, for disks; of the host's RAM, for memory. */
  totalBytes?: number;
  /** Inodes the filesystem has, for inode rows. */
  inodesTotal?: number;
  /** The host's cores, for CPU rows (their threshold is a percentage of these). */
  cores?: number;
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

/**
 * The metric a runway row forecasts: a disk's daily maximum use, a host's daily peak load, its
 * daily peak memory use, the daily 95th percentile of its CPU use, and a filesystem's daily peak
 * inode use (inodes_used / inodes_total, in percent).
 */
export const RUNWAY_METRICS = ['disk_used_percent', 'load_daily_max', 'mem_used_percent', 'cpu_p95_percent', 'inodes_used_percent'] as const;
export type RunwayMetric = (typeof RUNWAY_METRICS)[number];

/** The alert name of each metric's early warning: Runway's alerts, Alertmanager's and Grafana's rules share them. */
export const ALERT_NAME = {
  disk_used_percent: 'DiskFillingUp',
  load_daily_max: 'PeakLoadOverCapacity',
  mem_used_percent: 'MemoryRunningOut',
  cpu_p95_percent: 'CpuSaturating',
  inodes_used_percent: 'InodesRunningOut',
} as const satisfies Record<RunwayMetric, string>;

/**
 * Metrics whose exhaustion slows a host down but loses nothing (a peak over the cores, a saturated
 * CPU): their alerts stay warnings at most. A full disk, no inode left or no memory left (the
 * kernel kills processes) lose work, so those may go critical.
 */
export const SLOWDOWN_METRICS: ReadonlySet<RunwayMetric> = new Set<RunwayMetric>(['load_daily_max', 'cpu_p95_percent']);

/**
 * A pool's headroom: the daily sum of its hosts' forecasts (peak load, or peak memory in bytes)
 * against the sum of their capacities (cores, or RAM). A pool whose summed peak fits can absorb a
 * host's peak by moving work within it; one whose summed peak does not needs more capacity itself.
 */
export interface PoolHeadroom {
  customer: string;
  pool: string;
  hosts: string[];
  resource: 'load' | 'memory';
  /** Cores, or RAM in bytes, summed over the hosts. */
  capacity: number;
  /** What the summed peak must stay under: the cores, or the memory threshold's share of the RAM. */
  usable: number;
  /** The highest daily sum of the hosts' point forecasts within the horizon, in the capacity's unit. */
  peakForecast: number;
  /** Start of the day of that peak (epoch ms); null without forecast days common to every host. */
  peakAtMs: number | null;
  /** First day whose summed forecast exceeds `usable` (epoch ms); null when none does within the horizon. */
  crossingMs: number | null;
  /** Last forecast day common to every host (epoch ms): how far the pool's forecast reaches; null without one. */
  lastDayMs: number | null;
  /** Hosts whose own forecast crosses their capacity within the horizon. */
  shortHosts: string[];
  run: string;
  computedAtMs: number;
}

/** Tags of the `pool` measurement: one point per pool and pooled resource per run. */
export const POOL_TAG = { customer: 'customer', pool: 'pool', resource: 'resource' } as const;

/** Fields of the `pool` measurement, as the capacity cycle writes them and the dashboards read them. */
export const POOL_FIELD = {
  /** PoolHeadroom's capacity, usable and peakForecast, in cores or bytes. */
  capacity: 'capacity',
  usable: 'usable',
  peakForecast: 'peak_forecast',
  /** Usable minus the peak (cores or bytes), and that in percent of usable: below zero the pool itself is short. */
  headroom: 'headroom',
  headroomPercent: 'headroom_percent',
  /** Start of the peak's day, epoch ms. */
  peakAtMs: 'peak_at_ms',
  /** First day the summed forecast exceeds usable, and the last forecast day common to the hosts, epoch ms. */
  crossingMs: 'crossing_ms',
  lastDayMs: 'last_day_ms',
  /** How many hosts, and their names (comma-separated). */
  hosts: 'hosts',
  hostList: 'host_list',
  /** Hosts whose own forecast crosses their capacity, comma-separated; empty when none. */
  shortHosts: 'short_hosts',
  run: 'run',
} as const;
