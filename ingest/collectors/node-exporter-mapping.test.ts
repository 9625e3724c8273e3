import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../core/schema.ts';
import { NodeExporterMapper } from './node-exporter-mapping.ts';
import { parsePrometheusText } from './prometheus-text.ts';

const T0 = 1_700_000_000_000;
const NS = (ms: number) => BigInt(ms) * 1_000_000n;
const f = (value: number) => ({ type: 'float', value });

/** A node_exporter scrape in e2e-output style, with the CPU counters given. */
function scrape(cpu: { idle: number; user: number; system: number }[], extra = ''): string {
  const cpuLines = cpu.flatMap((c, i) => [
    `node_cpu_seconds_total{cpu="${i}",mode="idle"} ${c.idle}`,
    `node_cpu_seconds_total{cpu="${i}",mode="iowait"} 0`,
    `node_cpu_seconds_total{cpu="${i}",mode="system"} ${c.system}`,
    `node_cpu_seconds_total{cpu="${i}",mode="user"} ${c.user}`,
  ]);
  return `# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
# TYPE node_cpu_seconds_total counter
${cpuLines.join('\n')}
# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
# TYPE node_filesystem_avail_bytes gauge
node_filesystem_avail_bytes{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 2.5e+10
node_filesystem_avail_bytes{device="tmpfs",device_error="",fstype="tmpfs",mountpoint="/run"} 1.6e+09
node_filesystem_files{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 6.5536e+06
node_filesystem_files_free{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 6.0e+06
node_filesystem_free_bytes{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 3.0e+10
node_filesystem_free_bytes{device="tmpfs",device_error="",fstype="tmpfs",mountpoint="/run"} 1.6e+09
node_filesystem_size_bytes{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 1.0e+11
node_filesystem_size_bytes{device="tmpfs",device_error="",fstype="tmpfs",mountpoint="/run"} 1.6e+09
node_filesystem_size_bytes{device="/dev/loop0",device_error="",fstype="squashfs",mountpoint="/snap/core/1"} 1.0e+08
# HELP node_load1 1m load average.
# TYPE node_load1 gauge
node_load1 0.21
node_load5 0.37
node_load15 0.39
node_memory_MemAvailable_bytes 1.2e+09
node_memory_MemFree_bytes 2.0e+08
node_memory_MemTotal_bytes 4.0e+09
node_network_receive_bytes_total{device="eth0"} 1.234e+09
node_uname_info{domainname="(none)",machine="x86_64",nodename="web1",release="5.15",sysname="Linux",version="#1"} 1
${extra}`;
}

function mapScrape(mapper: NodeExporterMapper, body: string, timeMs: number, host = 'web1'): MetricPoint[] {
  const parsed = parsePrometheusText(body, timeMs);
  expect(parsed.errors).toEqual([]);
  return mapper.map(parsed.samples, host);
}

const byMeasurement = (points: MetricPoint[], m: string) => points.filter((p) => p.measurement === m);

describe('NodeExporterMapper', () => {
  it('maps load, CPU count, memory and real filesystems of the first post, with no cpu point yet', () => {
    const points = mapScrape(new NodeExporterMapper(), scrape([{ idle: 100, user: 50, system: 10 }, { idle: 90, user: 60, system: 10 }]), T0);
    expect(byMeasurement(points, 'cpu')).toEqual([]);
    expect(byMeasurement(points, 'system')).toEqual([
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(0.21), load5: f(0.37), load15: f(0.39), n_cpus: f(2) }, timeNs: NS(T0) },
    ]);
    expect(byMeasurement(points, 'mem')).toEqual([
      { measurement: 'mem', tags: { host: 'web1' }, fields: { total_bytes: f(4e9), used_bytes: f(2.8e9), used_percent: f(70) }, timeNs: NS(T0) },
    ]);
    // df's arithmetic: used = size − free = 7e10; used / (used + avail) = 7e10 / 9.5e10.
    expect(byMeasurement(points, 'disk')).toEqual([
      {
        measurement: 'disk',
        tags: { host: 'web1', mount: '/', device: 'sda1', fstype: 'ext4' },
        fields: {
          total_bytes: f(1e11), used_bytes: f(7e10), used_percent: f((7e10 / 9.5e10) * 100),
          inodes_total: f(6553600), inodes_used: f(553600),
        },
        timeNs: NS(T0),
      },
    ]);
    expect(points.map((p) => p.measurement).sort()).toEqual(['disk', 'mem', 'system']);
  });

  it('computes cpu usage from the counters of two posts of the same host', () => {
    const mapper = new NodeExporterMapper();
    mapScrape(mapper, scrape([{ idle: 100, user: 50, system: 10 }, { idle: 100, user: 50, system: 10 }]), T0);
    // Δidle = 30 + 10 = 40, Δall = (30 + 6 + 4) + (10 + 20 + 10) = 80: 50 % busy.
    const second = mapScrape(mapper, scrape([{ idle: 130, user: 56, system: 14 }, { idle: 110, user: 70, system: 20 }]), T0 + 60_000);
    expect(byMeasurement(second, 'cpu')).toEqual([
      { measurement: 'cpu', tags: { host: 'web1' }, fields: { usage_percent: f(50) }, timeNs: NS(T0 + 60_000) },
    ]);
  });

  it('keeps hosts apart', () => {
    const mapper = new NodeExporterMapper();
    mapScrape(mapper, scrape([{ idle: 100, user: 0, system: 0 }]), T0, 'a');
    expect(byMeasurement(mapScrape(mapper, scrape([{ idle: 200, user: 0, system: 0 }]), T0 + 1, 'b'), 'cpu')).toEqual([]);
    expect(byMeasurement(mapScrape(mapper, scrape([{ idle: 150, user: 50, system: 0 }]), T0 + 2, 'a'), 'cpu')[0]?.fields).toEqual({
      usage_percent: f(50),
    });
  });

  it('gives no cpu point across a counter reset, and restarts from the reset', () => {
    const mapper = new NodeExporterMapper();
    mapScrape(mapper, scrape([{ idle: 1000, user: 500, system: 100 }]), T0);
    expect(byMeasurement(mapScrape(mapper, scrape([{ idle: 10, user: 5, system: 1 }]), T0 + 60_000), 'cpu')).toEqual([]);
    const after = mapScrape(mapper, scrape([{ idle: 40, user: 25, system: 1 }]), T0 + 120_000);
    expect(byMeasurement(after, 'cpu')[0]?.fields.usage_percent).toEqual(f(40));
  });

  it('ignores a late, older post for cpu and keeps the newer baseline', () => {
    const mapper = new NodeExporterMapper();
    mapScrape(mapper, scrape([{ idle: 100, user: 0, system: 0 }]), T0 + 60_000);
    expect(byMeasurement(mapScrape(mapper, scrape([{ idle: 50, user: 0, system: 0 }]), T0), 'cpu')).toEqual([]);
    expect(byMeasurement(mapScrape(mapper, scrape([{ idle: 100, user: 0, system: 0 }]), T0 + 60_000), 'cpu')).toEqual([]);
    const next = mapScrape(mapper, scrape([{ idle: 175, user: 25, system: 0 }]), T0 + 120_000);
    expect(byMeasurement(next, 'cpu')[0]?.fields.usage_percent).toEqual(f(25));
  });

  it('bounds its state: the least recently seen host is forgotten first', () => {
    const mapper = new NodeExporterMapper({ maxHosts: 2 });
    const post = (host: string, t: number, idle: number) => mapScrape(mapper, scrape([{ idle, user: t, system: 0 }]), T0 + t, host);
    post('a', 0, 100);
    post('b', 0, 100);
    post('a', 1, 101); // a is now the most recent
    post('c', 0, 100); // evicts b
    expect(mapper.trackedHosts).toBe(2);
    expect(byMeasurement(post('b', 2, 102), 'cpu')).toEqual([]);
    expect(byMeasurement(post('c', 3, 103), 'cpu')).toHaveLength(1);
  });

  it('falls back to MemFree + Buffers + Cached on kernels without MemAvailable', () => {
    const body = 'node_memory_MemTotal_bytes 1000\nnode_memory_MemFree_bytes 100\nnode_memory_Buffers_bytes 50\nnode_memory_Cached_bytes 250\n';
    const points = mapScrape(new NodeExporterMapper(), body, T0);
    expect(points).toEqual([
      { measurement: 'mem', tags: { host: 'web1' }, fields: { total_bytes: f(1000), used_bytes: f(600), used_percent: f(60) }, timeNs: NS(T0) },
    ]);
  });

  it('uses the samples\' own timestamps and skips NaN values', () => {
    const body = 'node_load1 0.5 1484828198557\nnode_load5 NaN 1484828198557\nnode_load15 0.7\n';
    const points = mapScrape(new NodeExporterMapper(), body, T0);
    expect(points).toEqual([
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(0.5) }, timeNs: NS(1484828198557) },
      { measurement: 'system', tags: { host: 'web1' }, fields: { load15: f(0.7) }, timeNs: NS(T0) },
    ]);
  });

  it('parses and maps a scrape body in one step, passing parse errors through', () => {
    const r = new NodeExporterMapper().parse('node_load1 0.5\nnode_load5 oops\n', 'web1', T0);
    expect(r.points).toEqual([{ measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(0.5) }, timeNs: NS(T0) }]);
    expect(r.errors.map((e) => e.line)).toEqual([2]);
    expect(r.lines).toBe(2);
  });

  it('drops every series it has no canonical place for, and maps nothing without a host', () => {
    const mapper = new NodeExporterMapper();
    expect(mapScrape(mapper, 'node_network_receive_bytes_total{device="eth0"} 1\ngo_goroutines 8\n', T0)).toEqual([]);
    expect(mapScrape(mapper, scrape([{ idle: 1, user: 1, system: 1 }]), T0, '')).toEqual([]);
  });
});
