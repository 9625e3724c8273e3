import { CANONICAL, TAG_CUSTOMER, TAG_MOUNT, float, type FieldValue, type MetricPoint } from '../core/schema.ts';

/**
 * Maps Telegraf's input plugins (formats.md §3) onto Runway's canonical schema.
 *
 * Canonical fields are always written as floats, whatever type the collector sent, so a
 * field never changes type between collectors (InfluxDB rejects that as a type conflict).
 * Everything else a point carries is kept as it came, other tags (e.g. Telegraf global_tags)
 * included: nothing Telegraf sends is lost.
 */

type Tags = Record<string, string>;
type Fields = Record<string, FieldValue>;

export interface MappingRule {
  telegraf: string;
  canonical: string;
  fields: string;
  tags: string;
}

/** What toCanonical does, one row per Telegraf measurement, for docs. */
export const TELEGRAF_MAPPING: readonly MappingRule[] = [
  {
    telegraf: 'system',
    canonical: 'system',
    fields: 'load1, load5, load15, n_cpus → float; n_users, uptime, uptime_format, … kept as sent',
    tags: 'customer, host',
  },
  {
    telegraf: 'cpu (cpu=cpu-total, or no cpu tag)',
    canonical: 'cpu',
    fields: 'usage_percent = 100 − usage_idle (float, clamped to 0–100); usage_* and time_* kept as sent',
    tags: 'customer, host (cpu tag dropped)',
  },
  {
    telegraf: 'cpu (cpu=cpu0, cpu1, …)',
    canonical: 'cpu_core',
    fields: 'kept as sent',
    tags: 'customer, host, core = cpu tag',
  },
  {
    telegraf: 'mem',
    canonical: 'mem',
    fields: 'used → used_bytes, total → total_bytes, used_percent (or used/total×100), all float; the rest kept as sent',
    tags: 'customer, host',
  },
  {
    telegraf: 'disk',
    canonical: 'disk',
    fields:
      'used → used_bytes, total → total_bytes, used_percent (or used/(used+free)×100, as Telegraf computes it), ' +
      'inodes_used, inodes_total, all float; free, inodes_free, … kept as sent',
    tags: 'customer, host, mount = path, device, fstype, mode, label',
  },
  {
    telegraf: 'anything else (net, diskio, swap, processes, …)',
    canonical: 'unchanged',
    fields: 'kept as sent',
    tags: 'customer set; the rest kept as sent',
  },
];

function numberOf(v: FieldValue | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (v.type === 'float') return Number.isFinite(v.value) ? v.value : undefined;
  if (v.type === 'int' || v.type === 'uint') return Number(v.value);
  return undefined;
}

/** Sets a key even when it is `__proto__`, which plain assignment would swallow. */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

const own = <T>(obj: Record<string, T>, key: string): T | undefined => (Object.hasOwn(obj, key) ? obj[key] : undefined);

/** Telegraf field → canonical float field, for each measurement with canonical fields to convert. */
const FLOAT_FIELDS = {
  system: new Map<string, string>(CANONICAL.system.map((key) => [key, key])),
  mem: new Map([['used', 'used_bytes'], ['total', 'total_bytes'], ['used_percent', 'used_percent']]),
  disk: new Map([
    ['used', 'used_bytes'], ['total', 'total_bytes'], ['used_percent', 'used_percent'],
    ['inodes_used', 'inodes_used'], ['inodes_total', 'inodes_total'],
  ]),
} as const;

/**
 * Copies the fields, turning those named in `floats` into their canonical float field. A value
 * that is not a number cannot become a float field, so it stays where and as it was.
 * Builds a new record rather than deleting keys: `delete` drops V8 objects into slow mode.
 */
function withFloats(src: Fields, floats: ReadonlyMap<string, string>): Fields {
  const out: Fields = {};
  for (const key in src) {
    const value = src[key]!;
    const to = floats.get(key);
    const n = to === undefined ? undefined : numberOf(value);
    if (to !== undefined && n !== undefined) out[to] = float(n);
    else setOwn(out, key, value);
  }
  return out;
}

/** Copies the tags with `customer` set; `renames` maps a tag to a new key, or to '' to drop it. */
function withCustomer(src: Tags, customer: string, renames?: ReadonlyMap<string, string>): Tags {
  if (renames === undefined) {
    // Copied whole, which V8 does by cloning the record's layout, rather than key by key.
    const out = { ...src };
    out[TAG_CUSTOMER] = customer;
    return out;
  }
  const out: Tags = {};
  for (const key in src) {
    const to = renames.get(key) ?? key;
    if (to !== '' && key !== TAG_CUSTOMER) setOwn(out, to, src[key]!);
  }
  out[TAG_CUSTOMER] = customer;
  return out;
}

const DROP_CPU = new Map([['cpu', '']]);
const CPU_TO_CORE = new Map([['cpu', 'core']]);
const PATH_TO_MOUNT = new Map([['path', TAG_MOUNT]]);

/** used_percent from `used / whole`, only when the collector sent none. */
function addUsedPercent(fields: Fields, used: number | undefined, whole: number | undefined): void {
  if (Object.hasOwn(fields, 'used_percent') || used === undefined || whole === undefined || whole <= 0) return;
  fields.used_percent = float((used / whole) * 100);
}

/** Only the machine-wide line feeds canonical `cpu`; per-core lines go to `cpu_core`. */
function mapCpu(p: MetricPoint, customer: string): MetricPoint {
  const cpu = own(p.tags, 'cpu');
  if (cpu !== undefined && cpu !== 'cpu-total') {
    return { measurement: 'cpu_core', tags: withCustomer(p.tags, customer, CPU_TO_CORE), fields: p.fields, timeNs: p.timeNs };
  }
  const fields: Fields = { ...p.fields };
  const idle = numberOf(own(p.fields, 'usage_idle'));
  // Telegraf's percentages can overshoot by rounding (usage_idle=100.0000001); busy is 0–100.
  if (idle !== undefined) fields.usage_percent = float(Math.min(100, Math.max(0, 100 - idle)));
  return { measurement: 'cpu', tags: withCustomer(p.tags, customer, DROP_CPU), fields, timeNs: p.timeNs };
}

function mapMem(p: MetricPoint, customer: string): MetricPoint {
  const fields = withFloats(p.fields, FLOAT_FIELDS.mem);
  addUsedPercent(fields, numberOf(own(fields, 'used_bytes')), numberOf(own(fields, 'total_bytes')));
  return { measurement: 'mem', tags: withCustomer(p.tags, customer), fields, timeNs: p.timeNs };
}

/** Telegraf's `device` tag already has the canonical name; fstype, mode and label stay too. */
function mapDisk(p: MetricPoint, customer: string): MetricPoint {
  const fields = withFloats(p.fields, FLOAT_FIELDS.disk);
  const used = numberOf(own(fields, 'used_bytes'));
  const free = numberOf(own(fields, 'free'));
  // Telegraf's used_percent is used / (used + free): reserved blocks count as neither.
  addUsedPercent(fields, used, used !== undefined && free !== undefined ? used + free : numberOf(own(fields, 'total_bytes')));
  return { measurement: 'disk', tags: withCustomer(p.tags, customer, PATH_TO_MOUNT), fields, timeNs: p.timeNs };
}

function mapPoint(p: MetricPoint, customer: string): MetricPoint {
  switch (p.measurement) {
    case 'system':
      return {
        measurement: 'system',
        tags: withCustomer(p.tags, customer),
        fields: withFloats(p.fields, FLOAT_FIELDS.system),
        timeNs: p.timeNs,
      };
    case 'cpu':
      return mapCpu(p, customer);
    case 'mem':
      return mapMem(p, customer);
    case 'disk':
      return mapDisk(p, customer);
    default:
      return { measurement: p.measurement, tags: withCustomer(p.tags, customer), fields: p.fields, timeNs: p.timeNs };
  }
}

/**
 * Maps one Telegraf point to the canonical schema: the `customer` tag is always the given
 * customer (a payload's own customer tag is overridden), `host` is kept as sent, and
 * measurements Runway has no canonical form for pass through unchanged otherwise.
 * Returns null only for a point with no fields. The input point is not modified; the result
 * may share its field record and field values with it, so treat both as read-only.
 */
export function toCanonical(p: MetricPoint, customer: string): MetricPoint | null {
  const mapped = mapPoint(p, customer);
  for (const _ in mapped.fields) return mapped;
  return null;
}
