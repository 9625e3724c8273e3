/**
 * Disk usage = trend (lower envelope) + sawtooth + a little noise.
 * Disk scenarios are anchored at endMs (their "now"), so "critical in 6 days" holds for any endMs;
 * load, by contrast, is tied to the calendar (see load-model.ts).
 */
import { DAY_MS, HOUR_MS } from './calendar.ts';
import { noiseKey, signedAt, smoothAt } from './prng.ts';
import type { DemoDisk } from './types.ts';

/** Logrotate's cron.daily and the weekly backup cleanup run early morning, UTC for simplicity. */
const ROTATE_OFFSET_MS = 5 * HOUR_MS;
/** 1970-01-01 was a Thursday, so weeks counted from epoch + 3 days start on Sunday 00:00 UTC. */
const SUNDAY_OFFSET_MS = 3 * DAY_MS;
const MIN_USED = 0.02; // the OS and filesystem metadata never go away

export interface DiskSample {
  total: number;
  used: number;
  free: number;
  usedPercent: number;
  inodesTotal: number;
  inodesUsed: number;
  inodesFree: number;
}

/** Bytes per inode chosen by mke2fs for ordinary filesystems. */
const BYTES_PER_INODE = 16_384;

export class DiskSeries {
  private readonly kSample: number;
  private readonly kSlow: number;
  private readonly kInode: number;
  readonly inodesTotal: number;

  private readonly disk: DemoDisk;
  constructor(
    disk: DemoDisk,
    hostName: string,
    seed: number,
  ) {
    this.disk = disk;
    this.kSample = noiseKey(seed, hostName, disk.mount, 'disk');
    this.kSlow = noiseKey(seed, hostName, disk.mount, 'disk-slow');
    this.kInode = noiseKey(seed, hostName, disk.mount, 'inodes');
    this.inodesTotal = Math.floor(disk.totalBytes / BYTES_PER_INODE);
  }

  /** Cumulative growth since epoch, in used fraction; acceleration multiplies the rate. */
  private growth(ms: number): number {
    const d = this.disk;
    let g = (d.ratePerDay * ms) / DAY_MS;
    if (d.accelAtMs !== undefined && d.accelFactor !== undefined && ms > d.accelAtMs) {
      g += ((d.accelFactor - 1) * d.ratePerDay * (ms - d.accelAtMs)) / DAY_MS;
    }
    return g;
  }

  /** Lower envelope: level at anchor, moved by growth and by steps on either side of the anchor. */
  trend(ms: number): number {
    const d = this.disk;
    let t = d.level + this.growth(ms) - this.growth(d.anchorMs);
    for (const s of d.steps) {
      if (ms >= s.atMs && d.anchorMs < s.atMs) t += s.fraction;
      if (ms < s.atMs && d.anchorMs >= s.atMs) t -= s.fraction;
    }
    return Math.max(MIN_USED, t);
  }

  /** Position in the sawtooth cycle, 0 right after the drop, approaching 1 just before it. */
  private sawtooth(ms: number): number {
    const saw = this.disk.sawtooth;
    if (!saw) return 0;
    if (saw.period === 'daily') return saw.amplitude * ((((ms - ROTATE_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS;
    const sinceCleanup = (((ms - SUNDAY_OFFSET_MS - ROTATE_OFFSET_MS) % (7 * DAY_MS)) + 7 * DAY_MS) % (7 * DAY_MS);
    if (saw.shape === 'linear') return (saw.amplitude * sinceCleanup) / (7 * DAY_MS);
    // Nightly backups written between 01:00 and 03:00 UTC; seven of them before Sunday's cleanup.
    // Cleanup runs Sunday 05:00, so the first backup of the week starts 20 h later.
    const x = sinceCleanup / HOUR_MS - 20;
    if (x < 0) return 0;
    const nights = Math.floor(x / 24);
    const within = Math.min(1, (x - nights * 24) / 2);
    return (saw.amplitude * Math.min(7, nights + within)) / 7;
  }

  /** Used fraction at an instant, including noise. */
  fraction(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    // Small against daily growth, so that the designed crossing dates hold to within hours.
    const noise = 0.0001 * smoothAt(this.kSlow, hour, 12) + 0.00005 * signedAt(this.kSample, hour);
    return Math.min(0.995, this.trend(ms) + this.sawtooth(ms) + noise);
  }

  sample(ms: number): DiskSample {
    const total = this.disk.totalBytes;
    const used = Math.round(this.fraction(ms) * total);
    const free = total - used;
    const inodeNoise = 1 + 0.01 * smoothAt(this.kInode, Math.floor(ms / HOUR_MS), 48);
    const inodesUsed = Math.min(this.inodesTotal, Math.round((used / this.disk.avgFileBytes) * inodeNoise));
    return {
      total,
      used,
      free,
      // Telegraf: used / (used + free); no reserved blocks on these filesystems.
      usedPercent: (used / (used + free)) * 100,
      inodesTotal: this.inodesTotal,
      inodesUsed,
      inodesFree: this.inodesTotal - inodesUsed,
    };
  }
}
