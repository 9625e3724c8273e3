import { describe, it, expect } from 'vitest';
import { CANONICAL, type MetricPoint } from '../core/schema.ts';
import { parseLineProtocol } from './line-protocol.ts';
import { TELEGRAF_MAPPING, toCanonical } from './telegraf-mapping.ts';

// Telegraf's README lines (formats.md §3); cpu, mem and disk get a host tag, as the agent adds one.
const CPU_TOTAL =
  'cpu,cpu=cpu-total,host=loaner usage_active=17.61,usage_guest=1.03,usage_guest_nice=0,usage_idle=82.38,usage_iowait=0,usage_irq=0,usage_nice=0,usage_softirq=1.03,usage_steal=0,usage_system=4.14,usage_user=11.39 1568760922000000000';
const CPU0 = 'cpu,cpu=cpu0,host=loaner usage_idle=90.5,usage_user=9.5 1568760922000000000';
const MEM =
  'mem,host=loaner active=9299595264i,available=16818249728i,available_percent=80.41,buffered=2383761408i,cached=13316689920i,free=1877688320i,total=20913917952i,used=3335778304i,used_percent=15.95 1574712869000000000';
const DISK =
  'disk,device=dm-1,fstype=xfs,host=loaner,label=lvg-lv,mode=rw,path=/mnt free=16959598592i,inodes_free=8388605i,inodes_total=8388608i,inodes_used=3i,total=17112760320i,used=153161728i,used_percent=0.895 1677001387000000000';
const SYSTEM_LOAD = 'system,host=tyrion load1=3.72,load5=2.4,load15=2.1,n_users=3i,n_cpus=4i 1483964144000000000';
const SYSTEM_UPTIME = 'system,host=tyrion uptime=1249632i 1483964144000000000';
const SYSTEM_UPTIME_FORMAT = 'system,host=tyrion uptime_format="14 days, 11:07" 1483964144000000000';
const DISKIO =
  'diskio,name=sda1 merged_reads=0i,reads=2353i,writes=10i,write_bytes=2117632i,write_time=49i,io_time=1271i,weighted_io_time=1350i,read_bytes=31350272i,read_time=1303i,iops_in_progress=0i,merged_writes=0i 1578326400000000000';

function point(line: string): MetricPoint {
  const r = parseLineProtocol(line, { precision: 'ns', nowNs: 0n });
  expect(r.errors).toEqual([]);
  return r.points[0] as MetricPoint;
}

function mapped(line: string, customer = 'acme'): MetricPoint {
  const p = toCanonical(point(line), customer);
  expect(p).not.toBeNull();
  return p as MetricPoint;
}

const f = (value: number) => ({ type: 'float', value });
const i = (value: bigint) => ({ type: 'int', value });
const s = (value: string) => ({ type: 'string', value });

describe('toCanonical: system', () => {
  it('writes load1, load5, load15 and n_cpus as floats and keeps n_users as sent', () => {
    const p = mapped(SYSTEM_LOAD);
    expect(p.measurement).toBe('system');
    expect(p.tags).toEqual({ customer: 'acme', host: 'tyrion' });
    expect(p.fields).toEqual({ load1: f(3.72), load5: f(2.4), load15: f(2.1), n_cpus: f(4), n_users: i(3n) });
    expect(p.timeNs).toBe(1483964144000000000n);
  });

  it('maps the legacy uptime and uptime_format lines, keeping their fields and types', () => {
    expect(mapped(SYSTEM_UPTIME).fields).toEqual({ uptime: i(1249632n) });
    const p = mapped(SYSTEM_UPTIME_FORMAT);
    expect(p.measurement).toBe('system');
    expect(p.fields).toEqual({ uptime_format: s('14 days, 11:07') });
  });
});

describe('toCanonical: cpu', () => {
  it('maps cpu-total to cpu with usage_percent = 100 - usage_idle, keeping usage_* and dropping the cpu tag', () => {
    const p = mapped(CPU_TOTAL);
    expect(p.measurement).toBe('cpu');
    expect(p.tags).toEqual({ customer: 'acme', host: 'loaner' });
    expect(p.fields.usage_percent?.type).toBe('float');
    expect(p.fields.usage_percent?.value).toBeCloseTo(17.62, 10);
    expect(p.fields.usage_idle).toEqual(f(82.38));
    expect(p.fields.usage_user).toEqual(f(11.39));
    expect(Object.keys(p.fields)).toHaveLength(12);
  });

  it('keeps per-core lines as cpu_core with a core tag and their fields unchanged', () => {
    const p = mapped(CPU0);
    expect(p.measurement).toBe('cpu_core');
    expect(p.tags).toEqual({ customer: 'acme', host: 'loaner', core: 'cpu0' });
    expect(p.fields).toEqual({ usage_idle: f(90.5), usage_user: f(9.5) });
  });

  it('clamps usage_percent to 0–100 when usage_idle overshoots by rounding', () => {
    expect(mapped('cpu,cpu=cpu-total usage_idle=100.0000001').fields.usage_percent).toEqual(f(0));
  });

  it('treats a cpu line without a cpu tag as machine-wide, and one without usage_idle gets no usage_percent', () => {
    expect(mapped('cpu,host=h usage_idle=75i').fields.usage_percent).toEqual(f(25));
    expect(mapped('cpu,cpu=cpu-total,host=h time_user=5').fields).toEqual({ time_user: f(5) });
  });
});

describe('toCanonical: mem', () => {
  it('renames used and total to float byte fields and keeps the rest as sent', () => {
    const p = mapped(MEM);
    expect(p.measurement).toBe('mem');
    expect(p.tags).toEqual({ customer: 'acme', host: 'loaner' });
    expect(p.fields).toEqual({
      active: i(9299595264n), available: i(16818249728n), available_percent: f(80.41), buffered: i(2383761408n),
      cached: i(13316689920n), free: i(1877688320n), used_percent: f(15.95),
      used_bytes: f(3335778304), total_bytes: f(20913917952),
    });
    expect(p.fields.used).toBeUndefined();
    expect(p.fields.total).toBeUndefined();
  });

  it('computes used_percent from used and total when it is absent', () => {
    const p = mapped('mem,host=h used=25i,total=200i');
    expect(p.fields).toEqual({ used_bytes: f(25), total_bytes: f(200), used_percent: f(12.5) });
  });

  it('writes used_percent as a float even when sent as an integer', () => {
    expect(mapped('mem used_percent=15i').fields).toEqual({ used_percent: f(15) });
  });

  it('leaves a non-numeric used where it is rather than invent a float', () => {
    expect(mapped('mem used="n/a",total=10i').fields).toEqual({ used: s('n/a'), total_bytes: f(10) });
  });
});

describe('toCanonical: disk', () => {
  it('maps path to mount, keeps device, fstype, mode and label, and writes the canonical fields as floats', () => {
    const p = mapped(DISK);
    expect(p.measurement).toBe('disk');
    expect(p.tags).toEqual({ customer: 'acme', host: 'loaner', device: 'dm-1', fstype: 'xfs', label: 'lvg-lv', mode: 'rw', mount: '/mnt' });
    expect(p.fields).toEqual({
      free: i(16959598592n), inodes_free: i(8388605n), used_percent: f(0.895),
      used_bytes: f(153161728), total_bytes: f(17112760320), inodes_used: f(3), inodes_total: f(8388608),
    });
    expect(p.timeNs).toBe(1677001387000000000n);
  });

  it('computes used_percent as Telegraf does, used / (used + free), when it is absent', () => {
    expect(mapped('disk,path=/ used=30i,free=70i,total=110i').fields.used_percent).toEqual(f(30));
    expect(mapped('disk,path=/ used=30i,total=120i').fields.used_percent).toEqual(f(25));
  });

  it('gives every canonical disk field as a float', () => {
    const p = mapped(DISK);
    for (const key of CANONICAL.disk) expect(p.fields[key]?.type, key).toBe('float');
  });
});

describe('toCanonical: everything else', () => {
  it('passes diskio through unchanged apart from the customer tag', () => {
    const original = point(DISKIO);
    const p = toCanonical(original, 'acme');
    expect(p).toEqual({ ...original, tags: { name: 'sda1', customer: 'acme' } });
  });

  it('passes net, swap and processes through', () => {
    for (const line of ['net,host=h,interface=eth0 bytes_recv=10i 1', 'swap,host=h used_percent=1.5 1', 'processes,host=h total=120i 1']) {
      const original = point(line);
      expect(toCanonical(original, 'acme')).toEqual({ ...original, tags: { ...original.tags, customer: 'acme' } });
    }
  });
});

describe('toCanonical: tags and invariants', () => {
  it('overrides a customer tag sent in the payload', () => {
    expect(mapped('system,customer=evil,host=h load1=1 1', 'acme').tags).toEqual({ customer: 'acme', host: 'h' });
    expect(mapped('net,customer=evil bytes_recv=1i 1', 'acme').tags).toEqual({ customer: 'acme' });
  });

  it('adds no host tag to a point that has none', () => {
    expect(mapped('system load1=1 1').tags).toEqual({ customer: 'acme' });
  });

  it('keeps other tags (e.g. Telegraf global_tags)', () => {
    expect(mapped('mem,dc=rbx,host=h used=1i,total=2i 1').tags).toEqual({ customer: 'acme', dc: 'rbx', host: 'h' });
  });

  it('keeps a field or tag named __proto__ as an ordinary own key', () => {
    const p = mapped('mem,__proto__=x __proto__=1i,used=2i 1');
    expect(Object.getOwnPropertyDescriptor(p.fields, '__proto__')?.value).toEqual(i(1n));
    expect(Object.getOwnPropertyDescriptor(p.tags, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(p.fields)).toBe(Object.prototype);
  });

  it('does not modify the point it is given', () => {
    const original = point(DISK);
    const copy = structuredClone(original);
    toCanonical(original, 'acme');
    expect(original).toEqual(copy);
  });

  it('returns null only for a point with no fields', () => {
    expect(toCanonical({ measurement: 'mem', tags: {}, fields: {}, timeNs: 1n }, 'acme')).toBeNull();
  });

  it('writes every canonical field of every Telegraf line as a float', () => {
    for (const line of [CPU_TOTAL, MEM, DISK, SYSTEM_LOAD]) {
      const p = mapped(line);
      const canonical = CANONICAL[p.measurement as 'cpu' | 'mem' | 'disk' | 'system'];
      for (const key of canonical) expect(p.fields[key]?.type, `${p.measurement}.${key}`).toBe('float');
    }
  });

  it('describes every mapping for docs', () => {
    expect(TELEGRAF_MAPPING.map((r) => r.canonical)).toEqual(['system', 'cpu', 'cpu_core', 'mem', 'disk', 'unchanged']);
  });
});
