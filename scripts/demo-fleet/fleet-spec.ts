/**
 * The hand-written demo fleet. Scenario hosts and disks are fixed so the required outcomes hold
 * for every seed; the seed only jitters the unremarkable hosts and the noise.
 */
import { DAY_MS } from './calendar.ts';
import { hashString, mulberry32 } from './prng.ts';
import type { DemoDisk, DemoHost, HostKind, LoadProfile } from './types.ts';
import type { Country } from './calendar.ts';

const GiB = 1024 ** 3;
const KiB = 1024;
const MiB = 1024 ** 2;

/** Disk spec relative to endMs; `crossInDays` solves the level so the peak reaches 90 % then. */
interface DiskSpec {
  mount: string;
  device: string;
  sizeGiB: number;
  level?: number;
  crossInDays?: number;
  ratePerDay?: number;
  accel?: { daysBeforeEnd: number; factor: number };
  step?: { daysBeforeEnd: number; fraction: number };
  saw?: DemoDisk['sawtooth'];
  avgFileBytes: number;
  /** Small files: solve the average file size so the trend's inode use reaches 90 % after this many days. */
  inodesCrossInDays?: number;
  scenario?: string;
}

/** Memory that follows traffic more (or less) than the kind's default, or leaks. */
interface MemSpec {
  base?: number;
  perLoad?: number;
  /** A leak that began `daysBeforeEnd` ago and takes the quiet-day peak to 90 % `crossInDays` after endMs. */
  leak?: { daysBeforeEnd: number; crossInDays: number };
}

interface HostSpec {
  customer: string;
  host: string;
  country: Country;
  kind: HostKind;
  cores: number;
  memGiB: number;
  load: Partial<LoadProfile> & { peak: number };
  disks: DiskSpec[];
  mem?: MemSpec;
  scenario?: string;
}

const root = (level: number, ratePerDay = 0, sizeGiB = 50, device = 'sda1'): DiskSpec => ({
  mount: '/', device, sizeGiB, level, ratePerDay, avgFileBytes: 48 * KiB,
  saw: { period: 'daily', amplitude: 0.006, shape: 'linear' }, // /var/log on the root fs
});
const data = (mount: string, sizeGiB: number, level: number, ratePerDay: number, avgFileBytes: number, saw?: DemoDisk['sawtooth']): DiskSpec => ({
  mount, device: 'sdb1', sizeGiB, level, ratePerDay, avgFileBytes, ...(saw ? { saw } : {}),
});
const weeklyBackup = (amplitude: number): DemoDisk['sawtooth'] => ({ period: 'weekly', amplitude, shape: 'nightly' });
const dailyLogs = (amplitude: number): DemoDisk['sawtooth'] => ({ period: 'daily', amplitude, shape: 'linear' });
const weeklyLogs = (amplitude: number): DemoDisk['sawtooth'] => ({ period: 'weekly', amplitude, shape: 'linear' });

const HYG = 'hyggehjem';
const BLH = 'blomsterhuset';
const LQS = 'lindqvist-sport';
const BLG = 'blomstergarden';
const KRU = 'moebelhaus-krueger';
const STW = 'stadtwerk-medien';

export const FLEET: readonly HostSpec[] = [
  // Hyggehjem ApS (DK): home-goods web shop. Growth makes Christmas 2026 its first overload.
  // Its cores saturate at the Christmas peak (CPU), and its caches grow with the traffic (memory).
  { customer: HYG, host: 'hyggehjem-shop1', country: 'DK', kind: 'shop', cores: 8, memGiB: 32, scenario: 'christmas-overload',
    load: { idle: 0.3, peak: 4.1, growthPerYear: 0.42, christmas: 2.25, blackFriday: 1.35 }, mem: { base: 0.33, perLoad: 0.62 },
    disks: [root(0.41, 0.00002), data('/var/www', 200, 0.38, 0.0001, 96 * KiB, dailyLogs(0.01))] },
  { customer: HYG, host: 'hyggehjem-shop2', country: 'DK', kind: 'shop', cores: 16, memGiB: 32,
    load: { idle: 0.4, peak: 3.6, growthPerYear: 0.12, christmas: 1.9, blackFriday: 1.35 },
    disks: [root(0.36, 0.00002), data('/var/www', 200, 0.35, 0.0001, 96 * KiB, dailyLogs(0.01))] },
  { customer: HYG, host: 'hyggehjem-db1', country: 'DK', kind: 'db', cores: 16, memGiB: 64,
    load: { pattern: 'shop', idle: 0.8, peak: 4.5, growthPerYear: 0.3, christmas: 1.6, blackFriday: 1.25 },
    disks: [root(0.33, 0.00002),
      { mount: '/var/lib/mysql', device: 'sdb1', sizeGiB: 500, crossInDays: 5.9, ratePerDay: 0.0009,
        saw: dailyLogs(0.01), avgFileBytes: 8 * MiB, scenario: 'critical' }] },
  // Maildirs of small messages: the inodes run out while a third of the bytes are still free.
  { customer: HYG, host: 'hyggehjem-mail1', country: 'DK', kind: 'mail', cores: 2, memGiB: 4,
    load: { idle: 0.1, peak: 0.7, growthPerYear: 0.05 },
    disks: [root(0.48, 0.00003, 30, 'vda1'), { ...data('/var/mail', 100, 0.52, 0.0008, 48 * KiB), inodesCrossInDays: 24, scenario: 'inodes-running-out' }] },
  // The backup agent updated 120 days ago leaks memory while the nightly load stays as it was.
  { customer: HYG, host: 'hyggehjem-backup1', country: 'DK', kind: 'backup', cores: 4, memGiB: 8,
    load: { idle: 0.2, peak: 2.2, growthPerYear: 0.1 }, mem: { leak: { daysBeforeEnd: 120, crossInDays: 28 } },
    disks: [root(0.3, 0.00002),
      { mount: '/backup', device: 'sdb1', sizeGiB: 4096, level: 0.52, ratePerDay: 0, saw: weeklyBackup(0.32),
        avgFileBytes: 256 * MiB, scenario: 'sawtooth-no-alarm' }] },

  // Blomsterhuset (DK): florist; Mother's Day is the second Sunday of May in Denmark.
  { customer: BLH, host: 'blomsterhuset-web1', country: 'DK', kind: 'florist', cores: 4, memGiB: 8, scenario: 'mothers-day-overload',
    load: { idle: 0.15, peak: 1.65, growthPerYear: 0.38, mothersDay: 3.0, valentines: 2.1, christmas: 1.3 },
    disks: [root(0.44, 0.00003, 40, 'vda1'), data('/var/www', 80, 0.31, 0.00008, 96 * KiB, dailyLogs(0.008))] },
  { customer: BLH, host: 'blomsterhuset-db1', country: 'DK', kind: 'db', cores: 4, memGiB: 16,
    load: { pattern: 'florist', idle: 0.2, peak: 1.1, growthPerYear: 0.25, mothersDay: 1.8, valentines: 1.5, christmas: 1.15 },
    disks: [{ mount: '/', device: 'vda1', sizeGiB: 40, crossInDays: 200, ratePerDay: 0.0002, saw: dailyLogs(0.01),
      avgFileBytes: 1 * MiB, scenario: 'slow-linear' }] },
  { customer: BLH, host: 'blomsterhuset-mail1', country: 'DK', kind: 'mail', cores: 2, memGiB: 4,
    load: { idle: 0.08, peak: 0.5, growthPerYear: 0.05 },
    disks: [root(0.4, 0.00002, 30, 'vda1'), data('/var/mail', 50, 0.33, 0.0002, 48 * KiB)] },

  // Lindqvist Sport AB (SE): sports web shop; a new analytics feature doubled DB growth recently.
  { customer: LQS, host: 'lindqvist-shop1', country: 'SE', kind: 'shop', cores: 12, memGiB: 32,
    load: { idle: 0.4, peak: 3.4, growthPerYear: 0.15, christmas: 1.8, blackFriday: 1.45 },
    disks: [root(0.39, 0.00002), data('/var/www', 150, 0.46, 0.00012, 96 * KiB, weeklyLogs(0.03))] },
  { customer: LQS, host: 'lindqvist-shop2', country: 'SE', kind: 'shop', cores: 12, memGiB: 32,
    load: { idle: 0.4, peak: 3.3, growthPerYear: 0.15, christmas: 1.8, blackFriday: 1.45 },
    disks: [root(0.38, 0.00002), data('/var/www', 150, 0.45, 0.00012, 96 * KiB, dailyLogs(0.012))] },
  { customer: LQS, host: 'lindqvist-db1', country: 'SE', kind: 'db', cores: 16, memGiB: 128,
    load: { pattern: 'shop', idle: 1, peak: 5, growthPerYear: 0.2, christmas: 1.5, blackFriday: 1.3 },
    disks: [root(0.29, 0.00002),
      { mount: '/var/lib/postgresql', device: 'nvme1n1p1', sizeGiB: 1024, crossInDays: 16, ratePerDay: 0.0004,
        accel: { daysBeforeEnd: 30, factor: 2 }, avgFileBytes: 1 * MiB, scenario: 'warning-accelerating' }] },
  { customer: LQS, host: 'lindqvist-mail1', country: 'SE', kind: 'mail', cores: 2, memGiB: 8,
    load: { idle: 0.1, peak: 0.8, growthPerYear: 0.05 },
    disks: [root(0.42, 0.00002, 30, 'vda1'), data('/var/mail', 200, 0.47, 0.00025, 48 * KiB)] },
  { customer: LQS, host: 'lindqvist-backup1', country: 'SE', kind: 'backup', cores: 4, memGiB: 8,
    load: { idle: 0.2, peak: 2, growthPerYear: 0.1 },
    disks: [root(0.27, 0.00002), data('/backup', 6144, 0.4, 0.00015, 256 * MiB, weeklyBackup(0.22))] },

  // Blomstergården (SE): florist; Swedish Mother's Day is the last Sunday of May.
  { customer: BLG, host: 'blomstergarden-web1', country: 'SE', kind: 'florist', cores: 4, memGiB: 8, scenario: 'mothers-day-overload',
    load: { idle: 0.15, peak: 1.6, growthPerYear: 0.4, mothersDay: 3.0, valentines: 2.1, christmas: 1.3 },
    disks: [root(0.37, 0.00003, 40, 'vda1'), data('/var/www', 60, 0.42, 0.0001, 96 * KiB, dailyLogs(0.01))] },
  { customer: BLG, host: 'blomstergarden-db1', country: 'SE', kind: 'db', cores: 2, memGiB: 8,
    load: { pattern: 'florist', idle: 0.1, peak: 0.6, growthPerYear: 0.2, mothersDay: 1.7, valentines: 1.4 },
    disks: [root(0.35, 0.00002, 40, 'vda1'), data('/var/lib/mysql', 100, 0.28, 0.0002, 8 * MiB, dailyLogs(0.01))] },
  { customer: BLG, host: 'blomstergarden-mail1', country: 'SE', kind: 'mail', cores: 2, memGiB: 4,
    load: { idle: 0.08, peak: 0.4, growthPerYear: 0.03 },
    disks: [root(0.36, 0.00002, 30, 'vda1'), data('/var/mail', 40, 0.29, 0.0002, 48 * KiB)] },

  // Möbelhaus Krüger GmbH (DE): furniture shop; a PIM was installed on shop1 40 days ago.
  { customer: KRU, host: 'krueger-shop1', country: 'DE', kind: 'shop', cores: 8, memGiB: 16,
    load: { idle: 0.3, peak: 2.2, growthPerYear: 0.1, christmas: 1.6, blackFriday: 1.5 },
    disks: [root(0.43, 0.00002),
      { mount: '/var/www', device: 'sdb1', sizeGiB: 200, crossInDays: 25, ratePerDay: 0.0006,
        step: { daysBeforeEnd: 40, fraction: 0.15 }, saw: dailyLogs(0.02), avgFileBytes: 96 * KiB, scenario: 'warning-step' }] },
  { customer: KRU, host: 'krueger-shop2', country: 'DE', kind: 'shop', cores: 8, memGiB: 16,
    load: { idle: 0.3, peak: 2.1, growthPerYear: 0.1, christmas: 1.6, blackFriday: 1.5 },
    disks: [root(0.41, 0.00002), data('/var/www', 200, 0.37, 0.0001, 96 * KiB, dailyLogs(0.015))] },
  { customer: KRU, host: 'krueger-db1', country: 'DE', kind: 'db', cores: 12, memGiB: 64,
    load: { pattern: 'shop', idle: 0.8, peak: 3.2, growthPerYear: 0.1, christmas: 1.4, blackFriday: 1.3 },
    disks: [root(0.31, 0.00002), data('/var/lib/mysql', 400, 0.51, 0.00025, 8 * MiB, dailyLogs(0.01))] },
  { customer: KRU, host: 'krueger-mail1', country: 'DE', kind: 'mail', cores: 2, memGiB: 4,
    load: { idle: 0.1, peak: 0.6, growthPerYear: 0.03 },
    disks: [root(0.45, 0.00002, 30, 'vda1'), data('/var/mail', 80, 0.38, 0.0002, 48 * KiB)] },
  { customer: KRU, host: 'krueger-backup1', country: 'DE', kind: 'backup', cores: 4, memGiB: 8,
    load: { idle: 0.2, peak: 1.8, growthPerYear: 0.05 },
    disks: [root(0.3, 0.00002), data('/backup', 4096, 0.36, 0.0001, 256 * MiB, weeklyBackup(0.25))] },

  // Stadtwerk Medien GmbH (DE): agency hosting customer sites; web1's traffic grows fast.
  { customer: STW, host: 'stadtwerk-web1', country: 'DE', kind: 'web', cores: 8, memGiB: 16, scenario: 'growth-overload',
    load: { idle: 0.3, peak: 5.1, growthPerYear: 0.55 },
    disks: [root(0.4, 0.00002), data('/var/www', 100, 0.44, 0.0002, 96 * KiB, dailyLogs(0.01))] },
  { customer: STW, host: 'stadtwerk-web2', country: 'DE', kind: 'web', cores: 4, memGiB: 8,
    load: { idle: 0.2, peak: 1.6, growthPerYear: 0.1 },
    disks: [root(0.38, 0.00002),
      { mount: '/var/log', device: 'sdc1', sizeGiB: 50, crossInDays: 70, ratePerDay: 0.0008, saw: dailyLogs(0.04),
        avgFileBytes: 2 * MiB, scenario: 'info-logs' }] },
  { customer: STW, host: 'stadtwerk-web3', country: 'DE', kind: 'web', cores: 4, memGiB: 8,
    load: { idle: 0.2, peak: 1.3, growthPerYear: 0.1 },
    disks: [root(0.35, 0.00002), data('/var/www', 100, 0.33, 0.00015, 96 * KiB, dailyLogs(0.008))] },
  { customer: STW, host: 'stadtwerk-web4', country: 'DE', kind: 'web', cores: 4, memGiB: 8,
    load: { idle: 0.2, peak: 1.1, growthPerYear: 0.08 },
    disks: [root(0.34, 0.00002), data('/var/www', 100, 0.27, 0.0001, 96 * KiB, dailyLogs(0.008))] },
  { customer: STW, host: 'stadtwerk-db1', country: 'DE', kind: 'db', cores: 8, memGiB: 32,
    load: { idle: 0.5, peak: 2.8, growthPerYear: 0.15 },
    disks: [root(0.32, 0.00002),
      // A customer database was migrated onto this server 200 days ago.
      { ...data('/var/lib/mysql', 300, 0.48, 0.0003, 8 * MiB, dailyLogs(0.01)), step: { daysBeforeEnd: 200, fraction: 0.12 } }] },
  { customer: STW, host: 'stadtwerk-db2', country: 'DE', kind: 'db', cores: 8, memGiB: 32,
    load: { idle: 0.5, peak: 2.2, growthPerYear: 0.1 },
    disks: [root(0.31, 0.00002), data('/var/lib/postgresql', 300, 0.22, 0.0002, 1 * MiB)] },
  { customer: STW, host: 'stadtwerk-mail1', country: 'DE', kind: 'mail', cores: 4, memGiB: 8,
    load: { idle: 0.15, peak: 1.2, growthPerYear: 0.05 },
    disks: [root(0.42, 0.00002, 30, 'vda1'), data('/var/mail', 300, 0.55, 0.0003, 48 * KiB)] },
  { customer: STW, host: 'stadtwerk-mail2', country: 'DE', kind: 'mail', cores: 4, memGiB: 8,
    load: { idle: 0.15, peak: 1.1, growthPerYear: 0.05 },
    disks: [root(0.4, 0.00002, 30, 'vda1'), data('/var/mail', 300, 0.5, 0.0003, 48 * KiB)] },
  { customer: STW, host: 'stadtwerk-backup1', country: 'DE', kind: 'backup', cores: 8, memGiB: 16,
    load: { idle: 0.3, peak: 3.5, growthPerYear: 0.05 },
    disks: [root(0.28, 0.00002), data('/srv/backup', 8192, 0.55, 0.00002, 256 * MiB, weeklyBackup(0.25))] },
];

/** Which hosts a smaller fleet keeps, most telling first (critical and warning disks, events). */
export const PRIORITY: readonly string[] = [
  'hyggehjem-shop1', 'hyggehjem-db1', 'lindqvist-db1', 'blomstergarden-web1', 'blomsterhuset-web1',
  'hyggehjem-backup1', 'hyggehjem-mail1', 'krueger-shop1', 'stadtwerk-web2', 'stadtwerk-web1', 'blomsterhuset-db1',
];

const DEFAULT_PROFILE: Omit<LoadProfile, 'pattern' | 'peak'> = {
  idle: 0.2, growthPerYear: 0.1, christmas: 1, blackFriday: 1, mothersDay: 1, valentines: 1,
};

/** Turns a disk spec into an absolute DemoDisk; ordinary disks get seeded jitter. */
function buildDisk(spec: DiskSpec, endMs: number, rand: () => number): DemoDisk {
  const scenario = spec.scenario ?? (spec.saw?.shape === 'nightly' ? 'sawtooth' : 'normal');
  const fixed = spec.scenario !== undefined;
  const rate = (spec.ratePerDay ?? 0) * (fixed ? 1 : 0.8 + 0.4 * rand());
  const inodeFixed = spec.inodesCrossInDays !== undefined;
  const afterRate = rate * (spec.accel?.factor ?? 1);
  // The highest hourly sample of a sawtooth is one hour short of the drop.
  const sawPeriodH = spec.saw?.period === 'weekly' ? 168 : 24;
  const sawPeak = spec.saw ? spec.saw.amplitude * (1 - 1 / sawPeriodH) : 0;
  // Solve the trend level at endMs so that the sawtooth peak reaches 90 % after crossInDays.
  const level = spec.crossInDays !== undefined
    ? 0.9 - sawPeak - afterRate * spec.crossInDays
    : (spec.level ?? 0.3) + (fixed ? 0 : 0.06 * (rand() - 0.5));
  return {
    mount: spec.mount,
    device: spec.device,
    totalBytes: spec.sizeGiB * GiB,
    anchorMs: endMs,
    level,
    ratePerDay: rate,
    ...(spec.accel ? { accelAtMs: endMs - spec.accel.daysBeforeEnd * DAY_MS, accelFactor: spec.accel.factor } : {}),
    steps: spec.step ? [{ atMs: endMs - spec.step.daysBeforeEnd * DAY_MS, fraction: spec.step.fraction }] : [],
    ...(spec.saw ? { sawtooth: spec.saw } : {}),
    avgFileBytes: inodeFixed ? smallFileBytes(level + afterRate * spec.inodesCrossInDays!) : spec.avgFileBytes,
    scenario,
  };
}

/** The average file size at which a filesystem's inodes (one per 16 KiB, as mke2fs sets) are 90 % used at this used fraction. */
const smallFileBytes = (usedFraction: number): number => (16_384 * usedFraction) / 0.9;

export function buildHost(spec: HostSpec, endMs: number, seed: number): DemoHost {
  const rand = mulberry32(seed ^ hashString(spec.host));
  const fixed = spec.scenario !== undefined;
  const jitter = fixed ? 1 : 0.92 + 0.16 * rand();
  const load: LoadProfile = { ...DEFAULT_PROFILE, pattern: spec.kind, ...spec.load, peak: spec.load.peak * jitter };
  return {
    customer: spec.customer,
    host: spec.host,
    country: spec.country,
    kind: spec.kind,
    cores: spec.cores,
    memBytes: spec.memGiB * GiB,
    disks: spec.disks.map((d) => buildDisk(d, endMs, rand)),
    load,
    ...memOf(spec, endMs),
    scenario: spec.scenario ?? 'normal',
  };
}

/**
 * Memory of a host: the kind's base and share per load unless the spec says otherwise, and a leak's
 * daily rate, which takes the used fraction at the host's typical peak from where it was at the
 * leak's start to 90 % `crossInDays` after endMs.
 */
function memOf(spec: HostSpec, endMs: number): Pick<DemoHost, 'memBase' | 'memPerLoad' | 'memLeak'> {
  const memBase = spec.mem?.base ?? (spec.kind === 'db' ? 0.55 : spec.kind === 'backup' ? 0.15 : 0.3);
  const memPerLoad = spec.mem?.perLoad ?? (spec.kind === 'db' ? 0.15 : 0.35);
  const leak = spec.mem?.leak;
  if (!leak) return { memBase, memPerLoad };
  const peakNow = memBase + memPerLoad * (spec.load.peak / spec.cores);
  return { memBase, memPerLoad, memLeak: { startMs: endMs - leak.daysBeforeEnd * DAY_MS, perDay: (0.9 - peakNow) / (leak.daysBeforeEnd + leak.crossInDays) } };
}
