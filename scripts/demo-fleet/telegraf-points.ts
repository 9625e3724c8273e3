/**
 * Turns the load and disk models into points shaped exactly like Telegraf's inputs.system,
 * inputs.cpu (totalcpu), inputs.mem and inputs.disk, with `host` and `customer` tags.
 */
import { float, int, type FieldValue, type MetricPoint } from '../../core/schema.ts';
import { HOUR_MS } from './calendar.ts';
import { DiskSeries } from './disk-model.ts';
import { HostLoad } from './load-model.ts';
import { noiseKey, signedAt, smoothAt, unitAt } from './prng.ts';
import type { DemoHost } from './types.ts';

const round3 = (x: number): number => Math.round(x * 1e3) / 1e3;
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const ZERO = float(0);
const USERS = [int(0), int(1)] as const;

/** Share of busy CPU time spent waiting for disks: backups and databases do real I/O. */
const IOWAIT_SHARE: Record<DemoHost['kind'], number> = { backup: 0.3, db: 0.08, mail: 0.04, shop: 0.02, florist: 0.02, web: 0.02 };
/** Page cache share of memory not used by processes: databases and backups keep it full. */
const CACHE_SHARE: Record<DemoHost['kind'], number> = { backup: 0.75, db: 0.85, mail: 0.6, shop: 0.55, florist: 0.5, web: 0.55 };

interface DiskState {
  series: DiskSeries;
  tags: Record<string, string>;
  total: FieldValue;
  inodesTotal: FieldValue;
}

/** Produces all Telegraf points of one host for one instant. */
export class HostSampler {
  readonly load: HostLoad;
  readonly disks: DiskState[];
  readonly pointsPerInstant: number;
  // Tag objects are shared by every point of a series: they are never mutated.
  private readonly baseTags: Record<string, string>;
  private readonly cpuTags: Record<string, string>;
  private readonly nCpus: FieldValue;
  private readonly memTotal: FieldValue;
  private readonly kCpu: number;
  private readonly kMem: number;
  private readonly kUsers: number;

  private readonly host: DemoHost;
  constructor(host: DemoHost, seed: number) {
    this.host = host;
    this.load = new HostLoad(host, seed);
    this.baseTags = { customer: host.customer, host: host.host };
    this.cpuTags = { ...this.baseTags, cpu: 'cpu-total' };
    this.nCpus = int(host.cores);
    this.memTotal = int(host.memBytes);
    this.kCpu = noiseKey(seed, host.host, 'cpu');
    this.kMem = noiseKey(seed, host.host, 'mem');
    this.kUsers = noiseKey(seed, host.host, 'users');
    this.disks = host.disks.map((d) => {
      const series = new DiskSeries(d, host.host, seed);
      return {
        series,
        tags: { ...this.baseTags, device: d.device, fstype: 'ext4', mode: 'rw', path: d.mount },
        total: int(d.totalBytes),
        inodesTotal: int(series.inodesTotal),
      };
    });
    this.pointsPerInstant = 3 + this.disks.length;
  }

  /** Appends this instant's points to `out` (system, cpu, mem, then one per disk). */
  pointsAt(ms: number, timeNs: bigint, out: MetricPoint[]): void {
    const hourIndex = Math.floor(ms / HOUR_MS);
    const l = this.load.at(ms);
    const office = l.dow < 5 && l.hour >= 8 && l.hour < 17;
    const nUsers = unitAt(this.kUsers, hourIndex) < (office ? 0.25 : 0.03) ? 1 : 0;
    out.push({
      measurement: 'system',
      tags: this.baseTags,
      fields: { load1: float(l.load1), load5: float(l.load5), load15: float(l.load15), n_cpus: this.nCpus, n_users: nUsers ? USERS[1] : USERS[0] },
      timeNs,
    });
    const util = Math.min(1, (l.det / this.host.cores) * (1 + 0.06 * signedAt(this.kCpu, hourIndex)));
    out.push({ measurement: 'cpu', tags: this.cpuTags, fields: this.cpuFields(util, hourIndex), timeNs });
    out.push({ measurement: 'mem', tags: this.baseTags, fields: this.memFields(util, hourIndex), timeNs });
    for (const d of this.disks) {
      const s = d.series.sample(ms);
      out.push({
        measurement: 'disk',
        tags: d.tags,
        fields: {
          free: int(s.free),
          inodes_free: int(s.inodesFree),
          inodes_total: d.inodesTotal,
          inodes_used: int(s.inodesUsed),
          total: d.total,
          used: int(s.used),
          used_percent: float(round4(s.usedPercent)),
        },
        timeNs,
      });
    }
  }

  /** CPU percentages that add up to 100, busy time following load. */
  private cpuFields(util: number, hourIndex: number): Record<string, FieldValue> {
    const busy = 92 * util + 0.5;
    const iowait = busy * IOWAIT_SHARE[this.host.kind];
    const work = busy - iowait;
    const steal = 0.15 + 0.1 * unitAt(this.kCpu, hourIndex + 1);
    // Shares of non-iowait busy time: user, system, nice, irq, softirq (sum 1).
    const user = round3(work * 0.72);
    const system = round3(work * 0.22);
    const nice = round3(work * 0.01);
    const irq = round3(work * 0.005);
    const softirq = round3(work * 0.045);
    const io = round3(iowait);
    const st = round3(steal);
    return {
      usage_guest: ZERO,
      usage_guest_nice: ZERO,
      usage_idle: float(round3(Math.max(0, 100 - user - system - nice - irq - softirq - io - st))),
      usage_iowait: float(io),
      usage_irq: float(irq),
      usage_nice: float(nice),
      usage_softirq: float(softirq),
      usage_steal: float(st),
      usage_system: float(system),
      usage_user: float(user),
    };
  }

  /** Memory as gopsutil reports it on Linux: used = total − free − buffers − cache. */
  private memFields(util: number, hourIndex: number): Record<string, FieldValue> {
    const total = this.host.memBytes;
    const leak = this.host.memLeak && hourIndex * HOUR_MS > this.host.memLeak.startMs ? (this.host.memLeak.perDay * (hourIndex * HOUR_MS - this.host.memLeak.startMs)) / 86_400_000 : 0;
    const usedFrac = Math.min(0.99, this.host.memBase + this.host.memPerLoad * util + leak + 0.03 * smoothAt(this.kMem, hourIndex, 30));
    const used = Math.round(total * usedFrac);
    const buffered = Math.round(total * 0.02);
    const cached = Math.round((total - used - buffered) * CACHE_SHARE[this.host.kind] * (1 + 0.05 * smoothAt(this.kMem, hourIndex + 7919, 50)));
    const free = total - used - buffered - cached;
    // Part of the page cache (shared memory, dirty pages) cannot be reclaimed.
    const available = free + buffered + Math.round(cached * 0.9);
    return {
      available: int(available),
      available_percent: float(round4((available / total) * 100)),
      buffered: int(buffered),
      cached: int(cached),
      free: int(free),
      total: this.memTotal,
      used: int(used),
      used_percent: float(round4((used / total) * 100)),
    };
  }
}
