/**
 * The canonical metric schema every collector is mapped to (see README "Canonical metrics").
 * Field values keep their InfluxDB type so that a field never changes type between writes
 * (InfluxDB rejects that as a "field type conflict").
 */
export type FieldValue =
  | { type: 'float'; value: number }
  | { type: 'int'; value: bigint }
  | { type: 'uint'; value: bigint }
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean };

export interface MetricPoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  /** Nanoseconds since the Unix epoch. */
  timeNs: bigint;
}

/** Canonical measurements and their fields, all in base units (bytes, percent, load). */
export const CANONICAL = {
  system: ['load1', 'load5', 'load15', 'n_cpus'],
  cpu: ['usage_percent'],
  mem: ['used_bytes', 'total_bytes', 'used_percent'],
  disk: ['used_bytes', 'total_bytes', 'used_percent', 'inodes_used', 'inodes_total'],
  status: ['code'],
} as const;

export type CanonicalMeasurement = keyof typeof CANONICAL;

/** Canonical measurement names, for code that names one (the forecast job reads these). */
export const SYSTEM_MEASUREMENT: CanonicalMeasurement = 'system';
export const DISK_MEASUREMENT: CanonicalMeasurement = 'disk';
export const MEM_MEASUREMENT: CanonicalMeasurement = 'mem';
export const CPU_MEASUREMENT: CanonicalMeasurement = 'cpu';
/** Canonical field names that code reads by name. */
export const FIELD = {
  diskUsedPercent: 'used_percent',
  diskTotalBytes: 'total_bytes',
  load1: 'load1',
  cores: 'n_cpus',
  memUsedPercent: 'used_percent',
  memTotalBytes: 'total_bytes',
  cpuUsagePercent: 'usage_percent',
  inodesUsed: 'inodes_used',
  inodesTotal: 'inodes_total',
} as const satisfies Record<string, (typeof CANONICAL)[CanonicalMeasurement][number]>;

/** Tags every stored point carries; `mount` and `device` only where they apply. */
export const TAG_CUSTOMER = 'customer';
export const TAG_HOST = 'host';
export const TAG_MOUNT = 'mount';
export const TAG_DEVICE = 'device';

/** Written by the forecast job: one point per future step. */
export const FORECAST_MEASUREMENT = 'forecast';
/** Written by the forecast job: one point per (host, resource) per run, the runway table row. */
export const RUNWAY_MEASUREMENT = 'runway';
/** Written by the forecast job: one point per holiday occurrence its calendars hold. */
export const HOLIDAY_MEASUREMENT = 'holiday';
/** Written by the capacity cycle: one point per pool and pooled resource (load, memory) per run, its headroom. */
export const POOL_MEASUREMENT = 'pool';
/** Written by the alerting stage: one point per alert state change. */
export const ALERT_MEASUREMENT = 'alert';

export const float = (value: number): FieldValue => ({ type: 'float', value });
export const int = (value: number | bigint): FieldValue => ({ type: 'int', value: BigInt(value) });
export const str = (value: string): FieldValue => ({ type: 'string', value });

export const msToNs = (ms: number): bigint => BigInt(Math.round(ms)) * 1_000_000n;
export const nsToMs = (ns: bigint): number => Number(ns / 1_000_000n);
