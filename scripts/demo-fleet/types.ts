import type { Country } from './calendar.ts';

export type HostKind = 'shop' | 'florist' | 'web' | 'db' | 'backup' | 'mail';

export interface DemoDisk {
  mount: string;
  device: string;
  totalBytes: number;
  /** The instant at which `level` holds: endMs, since disk scenarios are relative to "now". */
  anchorMs: number;
  /** Used fraction (0–1) of the trend at anchorMs, before sawtooth and noise. */
  level: number;
  /** Trend growth in used fraction per day (before acceleration). */
  ratePerDay: number;
  /** From this instant on the trend grows `accelFactor` times faster (a new workload). */
  accelAtMs?: number;
  accelFactor?: number;
  /** Sudden jumps in used fraction, e.g. a new application installed. */
  steps: { atMs: number; fraction: number }[];
  /**
   * Periodic fill-and-drop on top of the trend: log rotation (drops once a day or week) or a
   * backup area filled nightly and cleaned weekly. The trend is the LOWER envelope.
   */
  sawtooth?: { period: 'daily' | 'weekly'; amplitude: number; shape: 'linear' | 'nightly' };
  /** Average file size; inodes used = used bytes / this. */
  avgFileBytes: number;
  /** What the disk demonstrates, e.g. 'critical', 'warning-accelerating', 'flat'. */
  scenario: string;
}

/** Load model parameters; see load-model.ts. */
export interface LoadProfile {
  /** Daily/weekly/yearly traffic pattern; a shop's database follows the shop, not office hours. */
  pattern: HostKind;
  /** load1 with no traffic (daemons, cron). */
  idle: number;
  /** Typical daily max load1 of an ordinary week around LOAD_REF_MS, before events. */
  peak: number;
  /** Compound yearly traffic growth, e.g. 0.4 = +40 % per year. */
  growthPerYear: number;
  /** Multipliers of traffic at the height of each event (1 = no effect). */
  christmas: number;
  blackFriday: number;
  mothersDay: number;
  valentines: number;
}

export interface DemoHost {
  customer: string;
  host: string;
  country: Country;
  kind: HostKind;
  cores: number;
  memBytes: number;
  disks: DemoDisk[];
  load: LoadProfile;
  /** Memory used fraction with no load, and the extra fraction at full CPU. */
  memBase: number;
  memPerLoad: number;
  /** A leak: from startMs on, memory used grows by perDay (used fraction) a day whatever the load. */
  memLeak?: { startMs: number; perDay: number };
  /** What the host demonstrates, e.g. 'christmas-overload'; 'normal' otherwise. */
  scenario: string;
}

export interface DemoFleetOptions {
  /** Seeds noise and the small per-host jitter; default 42. */
  seed?: number;
  /** Last sample; floored to a multiple of stepMs so that samples fall on the hour. */
  endMs: number;
  /** History length; default 730. */
  days?: number;
  /** Sample interval; default 3 600 000 (hourly). */
  stepMs?: number;
  /** Number of hosts, default 30 (all); smaller values keep the most telling hosts first. */
  hosts?: number;
}
