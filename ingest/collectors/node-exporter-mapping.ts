import { TAG_DEVICE, TAG_HOST, TAG_MOUNT, type MetricPoint } from '../../core/schema.ts';
import { addTag, deriveUsedPercent, deviceName, floatOf, millisToNs, own, PointSet, type ParseResult, type Tags } from './common.ts';
import { parsePrometheusText, type PromSample } from './prometheus-text.ts';

/**
 * Maps node_exporter samples (formats.md §4) onto the canonical schema:
 *
 * - `node_load1/5/15` → system load1/5/15; system n_cpus = distinct `cpu` labels of
 *   `node_cpu_seconds_total`.
 * - `node_cpu_seconds_total` → cpu usage_percent = 100 × (1 − Δidle / Δ(all modes)) between two
 *   posts of the same host. Like Telegraf's 100 − usage_idle, iowait counts as busy. The first
 *   post of a host, a post no newer than the last, and a counter reset give no cpu point.
 * - `node_filesystem_{size,free,avail}_bytes`, `files`, `files_free` per mountpoint → disk:
 *   total_bytes = size, used_bytes = size − free, used_percent = used / (used + avail) × 100 as df
 *   and Telegraf compute it (not node_exporter's usual 1 − avail/size), inodes_total = files,
 *   inodes_used = files − files_free. Pseudo filesystems are skipped (PSEUDO_FS).
 * - `node_memory_MemTotal_bytes` / `MemAvailable_bytes` → mem total_bytes, used_bytes = total −
 *   available, used_percent. Kernels before 3.14 have no MemAvailable: MemFree + Buffers + Cached
 *   stands in, as gopsutil (Telegraf) does.
 *
 * Every other series is dropped on purpose: node_exporter exposes thousands of series and Runway
 * keeps capacity metrics only. Fields get the time of the samples they came from.
 */

/** Telegraf's default ignore_fs, plus the virtual filesystems node_exporter may still report. */
export const PSEUDO_FS: ReadonlySet<string> = new Set([
  'tmpfs', 'devtmpfs', 'devfs', 'iso9660', 'overlay', 'aufs', 'squashfs', 'rootfs', 'ramfs', 'proc', 'sysfs',
  'cgroup', 'cgroup2', 'autofs', 'binfmt_misc', 'bpf', 'configfs', 'debugfs', 'devpts', 'fusectl', 'hugetlbfs',
  'mqueue', 'nsfs', 'pstore', 'rpc_pipefs', 'securityfs', 'selinuxfs', 'tracefs', 'efivarfs', 'nfsd', 'erofs',
]);

const LOADS = new Map([['node_load1', 'load1'], ['node_load5', 'load5'], ['node_load15', 'load15']]);
const FS_FIELDS = new Map([
  ['node_filesystem_size_bytes', 'size'], ['node_filesystem_free_bytes', 'free'], ['node_filesystem_avail_bytes', 'avail'],
  ['node_filesystem_files', 'files'], ['node_filesystem_files_free', 'filesFree'],
]);
const MEM_FIELDS = new Map([
  ['node_memory_MemTotal_bytes', 'total'], ['node_memory_MemAvailable_bytes', 'available'],
  ['node_memory_MemFree_bytes', 'free'], ['node_memory_Buffers_bytes', 'buffers'], ['node_memory_Cached_bytes', 'cached'],
]);

type Raw = Record<string, number>;
interface CpuTotals { idle: number; all: number }
interface CpuState { timeMs: number; cpus: Map<string, CpuTotals> }

/** One post's samples sorted by what they feed; raw values keyed by series and time. */
interface Gathered {
  cpus: Map<string, CpuTotals>;
  cpuTimeMs: number;
  disks: Map<string, { tags: Tags; timeNs: bigint; raw: Raw }>;
  mems: Map<bigint, Raw>;
}

function gather(samples: readonly PromSample[], host: string, set: PointSet, hostTags: Tags): Gathered {
  const g: Gathered = { cpus: new Map(), cpuTimeMs: -Infinity, disks: new Map(), mems: new Map() };
  for (const s of samples) {
    const timeNs = millisToNs(s.timeMs);
    if (timeNs === undefined || !Number.isFinite(s.value)) continue;
    const load = LOADS.get(s.name);
    if (load !== undefined) set.add('system', hostTags, timeNs, load, floatOf(s.value));
    else if (s.name === 'node_cpu_seconds_total') addCpu(g, s);
    else if (FS_FIELDS.has(s.name)) addDisk(g, s, host, timeNs);
    else if (MEM_FIELDS.has(s.name)) {
      let raw = g.mems.get(timeNs);
      if (raw === undefined) g.mems.set(timeNs, (raw = {}));
      raw[MEM_FIELDS.get(s.name) as string] = s.value;
    }
  }
  return g;
}

function addCpu(g: Gathered, s: PromSample): void {
  const cpu = own(s.labels, 'cpu') ?? '';
  let totals = g.cpus.get(cpu);
  if (totals === undefined) g.cpus.set(cpu, (totals = { idle: 0, all: 0 }));
  totals.all += s.value;
  if (own(s.labels, 'mode') === 'idle') totals.idle += s.value;
  g.cpuTimeMs = Math.max(g.cpuTimeMs, s.timeMs);
}

function addDisk(g: Gathered, s: PromSample, host: string, timeNs: bigint): void {
  const mount = own(s.labels, 'mountpoint') ?? '';
  const fstype = own(s.labels, 'fstype') ?? '';
  if (mount === '' || PSEUDO_FS.has(fstype)) return;
  const device = deviceName(own(s.labels, 'device') ?? '');
  const key = JSON.stringify([mount, device, fstype, String(timeNs)]);
  let disk = g.disks.get(key);
  if (disk === undefined) {
    const tags: Tags = {};
    addTag(tags, TAG_HOST, host);
    addTag(tags, TAG_MOUNT, mount);
    addTag(tags, TAG_DEVICE, device);
    addTag(tags, 'fstype', fstype);
    g.disks.set(key, (disk = { tags, timeNs, raw: {} }));
  }
  disk.raw[FS_FIELDS.get(s.name) as string] = s.value;
}

function emitDisks(g: Gathered, set: PointSet): void {
  for (const { tags, timeNs, raw } of g.disks.values()) {
    const { size, free, avail, files, filesFree } = raw;
    const used = size !== undefined && free !== undefined ? Math.max(0, size - free) : undefined;
    set.add('disk', tags, timeNs, 'total_bytes', floatOf(size));
    set.add('disk', tags, timeNs, 'used_bytes', floatOf(used));
    if (used !== undefined && avail !== undefined && used + avail > 0) {
      set.add('disk', tags, timeNs, 'used_percent', floatOf((used / (used + avail)) * 100));
    } else if (used !== undefined && size !== undefined && size > 0) {
      set.add('disk', tags, timeNs, 'used_percent', floatOf((used / size) * 100));
    }
    set.add('disk', tags, timeNs, 'inodes_total', floatOf(files));
    if (files !== undefined && filesFree !== undefined) set.add('disk', tags, timeNs, 'inodes_used', floatOf(Math.max(0, files - filesFree)));
  }
}

function emitMem(g: Gathered, set: PointSet, hostTags: Tags): void {
  for (const [timeNs, { total, available, free, buffers, cached }] of g.mems) {
    const avail = available ?? (free !== undefined && buffers !== undefined && cached !== undefined ? free + buffers + cached : undefined);
    set.add('mem', hostTags, timeNs, 'total_bytes', floatOf(total));
    if (total === undefined || avail === undefined) continue;
    const used = Math.max(0, total - avail);
    set.add('mem', hostTags, timeNs, 'used_bytes', floatOf(used));
    deriveUsedPercent(set.point('mem', hostTags, timeNs), used, total);
  }
}

/**
 * Maps node_exporter samples to canonical points, keeping per-host CPU counters between calls
 * so CPU usage can be computed from two posts. The counter state is an LRU of `maxHosts` hosts
 * (default 10,000; a few hundred bytes per host), so a flood of host names cannot grow it without
 * bound; an evicted host simply starts over with no cpu point on its next post.
 */
export class NodeExporterMapper {
  private readonly maxHosts: number;
  private readonly cpuState = new Map<string, CpuState>();

  constructor(options: { maxHosts?: number } = {}) {
    this.maxHosts = Math.max(1, Math.floor(options.maxHosts ?? 10_000));
  }

  /** Hosts whose CPU counters are remembered. */
  get trackedHosts(): number {
    return this.cpuState.size;
  }

  /** Canonical points for one post of one host; an empty host gives none. */
  map(samples: readonly PromSample[], host: string): MetricPoint[] {
    const hostTags: Tags = {};
    addTag(hostTags, TAG_HOST, host);
    if (!Object.hasOwn(hostTags, TAG_HOST)) return [];
    const set = new PointSet();
    const g = gather(samples, host, set, hostTags);
    const cpuTimeNs = millisToNs(g.cpuTimeMs);
    if (g.cpus.size > 0 && cpuTimeNs !== undefined) {
      set.add('system', hostTags, cpuTimeNs, 'n_cpus', floatOf(g.cpus.size));
      set.add('cpu', hostTags, cpuTimeNs, 'usage_percent', floatOf(this.cpuUsage(hostTags[TAG_HOST] as string, g)));
    }
    emitDisks(g, set);
    emitMem(g, set, hostTags);
    return set.points();
  }

  /** Parses a scrape body and maps it in one step: the parse errors, and the canonical points. */
  parse(body: string, host: string, defaultTimeMs: number): ParseResult {
    const parsed = parsePrometheusText(body, defaultTimeMs);
    return { points: this.map(parsed.samples, host), errors: parsed.errors, lines: parsed.lines };
  }

  /** Busy percent since this host's last post, remembering this post; undefined when none can be given. */
  private cpuUsage(host: string, g: Gathered): number | undefined {
    const previous = this.cpuState.get(host);
    if (previous !== undefined && g.cpuTimeMs < previous.timeMs) return undefined; // a late, older post
    this.remember(host, { timeMs: g.cpuTimeMs, cpus: g.cpus });
    if (previous === undefined || g.cpuTimeMs === previous.timeMs) return undefined;
    let idle = 0;
    let all = 0;
    for (const [cpu, now] of g.cpus) {
      const before = previous.cpus.get(cpu);
      if (before === undefined) continue; // a CPU brought online since: no baseline yet
      const dIdle = now.idle - before.idle;
      const dAll = now.all - before.all;
      if (dIdle < 0 || dAll < 0) return undefined; // counters reset (reboot): start over
      idle += dIdle;
      all += dAll;
    }
    if (!(all > 0)) return undefined;
    return Math.min(100, Math.max(0, 100 * (1 - idle / all)));
  }

  private remember(host: string, state: CpuState): void {
    this.cpuState.delete(host);
    this.cpuState.set(host, state);
    if (this.cpuState.size > this.maxHosts) {
      const oldest = this.cpuState.keys().next().value;
      if (oldest !== undefined) this.cpuState.delete(oldest);
    }
  }
}
