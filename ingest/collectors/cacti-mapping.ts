import { TAG_DEVICE, TAG_HOST, TAG_MOUNT, type MetricPoint } from '../../core/schema.ts';
import { addTag, deriveUsedPercent, floatOf, millisToNs, numberOfField, PointSet, type Tags } from './common.ts';
import type { RrdXport } from './rrd-xport.ts';

/**
 * Maps Cacti data-source names (formats.md §5: the shipped Local Linux Machine and Net-SNMP
 * templates) onto the canonical schema, for backfilling from `rrdtool xport` with the data-source
 * names as legends (`XPORT:a:load_1min`):
 *
 * - `load_1min`, `load_5min`, `load_15min` → system load1, load5, load15;
 * - `hdd_used`, `hdd_total` → disk used_bytes, total_bytes; `hdd_free` → disk free_bytes. Tags:
 *   mount (and device) from the options; without a mount these give no point, since a disk
 *   series without its mount cannot be forecast or told from the host's other disks;
 * - `mem_total` → mem total_bytes; `mem_free`, `mem_buffers`, `mem_cache`, `mem_swap` → mem
 *   free_bytes, buffered_bytes, cached_bytes, swap_free_bytes (floats, under names of their own so
 *   they never meet Telegraf's integer `free`, `buffered`, `cached` fields).
 *
 * Units: Cacti stores these in kilobytes of 1024 bytes. The Unix partition query and the memory
 * script read `df -k` and /proc/meminfo (kB), and Net-SNMP reports memory in kB too. formats.md
 * does not say; this is the assumption, and `diskUnitBytes` / `memUnitBytes` override it (the
 * Host MIB disk template multiplies by the allocation unit and stores bytes: give 1 there).
 *
 * xportToCanonical also derives what one legend alone cannot: mem used_bytes = total − free −
 * buffers − cache (as `free` and Telegraf compute it) and used_percent, and disk used_percent =
 * used / (used + free) × 100 as df computes it (or used / total without hdd_free).
 */

export interface CactiOptions {
  /** The mount the hdd_* data sources describe; required for disk points. */
  mount?: string;
  device?: string;
  /** Bytes per unit of hdd_* values; default 1024 (Cacti's kilobytes). */
  diskUnitBytes?: number;
  /** Bytes per unit of mem_* values; default 1024. */
  memUnitBytes?: number;
}

type Target = readonly ['system' | 'disk' | 'mem', string];

const TARGETS: ReadonlyMap<string, Target> = new Map<string, Target>([
  ['load_1min', ['system', 'load1']], ['load_5min', ['system', 'load5']], ['load_15min', ['system', 'load15']],
  ['hdd_used', ['disk', 'used_bytes']], ['hdd_total', ['disk', 'total_bytes']], ['hdd_free', ['disk', 'free_bytes']],
  ['mem_total', ['mem', 'total_bytes']], ['mem_free', ['mem', 'free_bytes']], ['mem_buffers', ['mem', 'buffered_bytes']],
  ['mem_cache', ['mem', 'cached_bytes']], ['mem_swap', ['mem', 'swap_free_bytes']],
]);

function unit(bytes: number | undefined): number {
  return bytes !== undefined && Number.isFinite(bytes) && bytes > 0 ? bytes : 1024;
}

/** The tags for a measurement, or undefined when the point cannot be made (no host; disk without mount). */
function tagsFor(measurement: Target[0], host: string, options: CactiOptions): Tags | undefined {
  const tags: Tags = {};
  addTag(tags, TAG_HOST, host.trim());
  if (!Object.hasOwn(tags, TAG_HOST)) return undefined;
  if (measurement !== 'disk') return tags;
  addTag(tags, TAG_MOUNT, options.mount);
  if (!Object.hasOwn(tags, TAG_MOUNT)) return undefined;
  addTag(tags, TAG_DEVICE, options.device);
  return tags;
}

/**
 * One Cacti value as a canonical point with one field, or null for an unknown legend, a
 * non-finite value or time, no host, or a disk legend without `options.mount`.
 */
export function cactiToCanonical(legend: string, value: number, host: string, timeMs: number, options: CactiOptions = {}): MetricPoint | null {
  const target = TARGETS.get(legend.trim().toLowerCase());
  const timeNs = millisToNs(timeMs);
  if (target === undefined || timeNs === undefined || !Number.isFinite(value)) return null;
  const [measurement, field] = target;
  const tags = tagsFor(measurement, host, options);
  if (tags === undefined) return null;
  const scale = measurement === 'disk' ? unit(options.diskUnitBytes) : measurement === 'mem' ? unit(options.memUnitBytes) : 1;
  const v = floatOf(value * scale);
  return v === undefined ? null : { measurement, tags, fields: { [field]: v }, timeNs };
}

function deriveMem(p: MetricPoint): void {
  const total = numberOfField(p.fields.total_bytes);
  const free = numberOfField(p.fields.free_bytes);
  const buffered = numberOfField(p.fields.buffered_bytes);
  const cached = numberOfField(p.fields.cached_bytes);
  if (total === undefined || free === undefined || buffered === undefined || cached === undefined) return;
  const used = Math.max(0, total - free - buffered - cached);
  const field = floatOf(used);
  if (field === undefined) return;
  p.fields.used_bytes = field;
  deriveUsedPercent(p, used, total);
}

function deriveDisk(p: MetricPoint): void {
  const used = numberOfField(p.fields.used_bytes);
  const free = numberOfField(p.fields.free_bytes);
  deriveUsedPercent(p, used, used !== undefined && free !== undefined ? used + free : numberOfField(p.fields.total_bytes));
}

/** Every row of an xport as canonical points, one per measurement and row; unknown legends are skipped. */
export function xportToCanonical(xport: Pick<RrdXport, 'legends' | 'rows'>, host: string, options: CactiOptions = {}): MetricPoint[] {
  const set = new PointSet();
  for (const row of xport.rows) {
    row.values.forEach((value, column) => {
      const legend = xport.legends[column];
      if (value === null || legend === undefined) return;
      const p = cactiToCanonical(legend, value, host, row.timeMs, options);
      if (p === null) return;
      for (const [field, v] of Object.entries(p.fields)) set.add(p.measurement, p.tags, p.timeNs, field, v);
    });
  }
  const points = set.points();
  for (const p of points) {
    if (p.measurement === 'mem') deriveMem(p);
    else if (p.measurement === 'disk') deriveDisk(p);
  }
  return points;
}
