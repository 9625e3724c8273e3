import { TAG_HOST, TAG_MOUNT, type MetricPoint } from '../../core/schema.ts';
import { addTag, deriveUsedPercent, floatOf, numberOfField, PointSet, type Tags } from './common.ts';
import type { PerfItem, PerfRange } from './nagios-perfdata.ts';

/**
 * Maps Nagios perfdata items onto the canonical schema:
 *
 * - check_load's `load1`, `load5`, `load15` (no unit) → system load1/5/15. (With `check_load -r`
 *   the plugin divides by the CPU count under the same labels; perfdata cannot tell.)
 * - check_disk items, whose label is the mount (`/`, `/var`) and whose unit is a byte unit →
 *   disk used_bytes, total_bytes (= max) and used_percent = used / total × 100, tags host and
 *   mount. A `%` item on a mount → used_percent. An inode item (`'/ (inodes)'`, ≥ 2.3) →
 *   inodes_used and inodes_total (= max).
 * - Everything else → measurement `nagios`, tags host and service, field = the label, as a float
 *   in base units. Nothing is lost; warn, crit and min are thresholds, not measurements, and are
 *   not stored.
 *
 * Units: s, ms, us → seconds. B, KB, MB, GB, TB → bytes with 1024 multiples, as check_disk
 * computes them (`-u MB` is mult = 1024 × 1024; it prints kB with a small k, accepted too, as are
 * KiB…TiB). `%` and `c` (counter) are kept as they are; an unknown unit keeps the value as sent.
 *
 * check_disk 3.0 reports FREE bytes where 2.x reported used bytes, with thresholds that alert
 * when the value drops below a limit (`@~:206729625.6`). Such an "inside, open below" threshold
 * on a disk item is therefore read as free space: used = max − value. Without thresholds the 2.x
 * meaning (used) is assumed.
 */

export const NAGIOS_MEASUREMENT = 'nagios';

const KIB = 1024;
const BYTE_UNITS: ReadonlyMap<string, number> = new Map([
  ['B', 1], ['KB', KIB], ['kB', KIB], ['KiB', KIB], ['MB', KIB ** 2], ['MiB', KIB ** 2],
  ['GB', KIB ** 3], ['GiB', KIB ** 3], ['TB', KIB ** 4], ['TiB', KIB ** 4],
]);
/** Powers of ten to seconds. */
const TIME_EXPONENTS: ReadonlyMap<string, number> = new Map([['s', 0], ['ms', -3], ['us', -6], ['µs', -6]]);

/**
 * value × 10^exponent by moving the decimal point, so 0.52 ms is the double nearest 0.00052;
 * multiplying (0.52 × 0.001) or dividing (0.52 / 1000) lands one unit off.
 */
function shiftDecimal(value: number, exponent: number): number {
  if (exponent === 0) return value;
  const [mantissa, power = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(power) + exponent}`);
}
const LOADS: ReadonlySet<string> = new Set(['load1', 'load5', 'load15']);
const INODES_SUFFIX = ' (inodes)';

export interface PerfdataContext {
  host: string;
  /** The Nagios service description; `_HOST_` for host perfdata. */
  service: string;
  timeNs: bigint;
}

/** The value in base units: seconds for time units, bytes for byte units, else as sent. */
export function toBaseUnit(value: number, uom: string): number {
  const exponent = TIME_EXPONENTS.get(uom);
  return exponent === undefined ? value * (BYTE_UNITS.get(uom) ?? 1) : shiftDecimal(value, exponent);
}

const alertsBelow = (r: PerfRange | undefined): boolean => r !== undefined && r.inside && r.start <= 0 && Number.isFinite(r.end);

/** check_disk 3.0's free-space reading; see the module comment. */
const reportsFreeSpace = (item: PerfItem): boolean => alertsBelow(item.warn) || alertsBelow(item.crit);

/** Adds a check_disk item; returns its disk tags, or undefined when the item is not one. */
function addDiskItem(set: PointSet, item: PerfItem, hostTags: Tags, timeNs: bigint): Tags | undefined {
  const inodes = item.label.endsWith(INODES_SUFFIX);
  const mount = inodes ? item.label.slice(0, -INODES_SUFFIX.length) : item.label;
  if (!mount.startsWith('/')) return undefined;
  const mult = BYTE_UNITS.get(item.uom);
  if (!(inodes ? item.uom === '' : mult !== undefined || item.uom === '%')) return undefined;
  const tags: Tags = { ...hostTags };
  addTag(tags, TAG_MOUNT, mount);
  if (inodes) {
    set.add('disk', tags, timeNs, 'inodes_used', floatOf(item.value));
    set.add('disk', tags, timeNs, 'inodes_total', floatOf(item.max));
  } else if (mult === undefined) {
    set.add('disk', tags, timeNs, 'used_percent', floatOf(item.value));
  } else {
    const total = item.max === undefined ? undefined : item.max * mult;
    const value = item.value * mult;
    const used = reportsFreeSpace(item) ? (total === undefined ? undefined : Math.max(0, total - value)) : value;
    set.add('disk', tags, timeNs, 'used_bytes', floatOf(used));
    set.add('disk', tags, timeNs, 'total_bytes', floatOf(total));
    if (used === undefined) set.add('disk', tags, timeNs, 'free_bytes', floatOf(value));
  }
  return tags;
}

/** Adds the points for one check result's items to the set. */
export function addPerfdataPoints(set: PointSet, items: readonly PerfItem[], ctx: PerfdataContext): void {
  const hostTags: Tags = {};
  addTag(hostTags, TAG_HOST, ctx.host.trim());
  if (!Object.hasOwn(hostTags, TAG_HOST)) return;
  const serviceTags: Tags = { ...hostTags };
  addTag(serviceTags, 'service', ctx.service);
  const disks: Tags[] = [];
  for (const item of items) {
    if (LOADS.has(item.label) && item.uom === '') {
      set.add('system', hostTags, ctx.timeNs, item.label, floatOf(item.value));
      continue;
    }
    const diskTags = addDiskItem(set, item, hostTags, ctx.timeNs);
    if (diskTags !== undefined) disks.push(diskTags);
    else set.add(NAGIOS_MEASUREMENT, serviceTags, ctx.timeNs, item.label, floatOf(toBaseUnit(item.value, item.uom)));
  }
  for (const tags of disks) {
    const p = set.point('disk', tags, ctx.timeNs);
    deriveUsedPercent(p, numberOfField(p.fields.used_bytes), numberOfField(p.fields.total_bytes));
  }
}

/** Canonical points for one check result's items (see the module comment). */
export function perfdataToCanonical(items: readonly PerfItem[], ctx: PerfdataContext): MetricPoint[] {
  const set = new PointSet();
  addPerfdataPoints(set, items, ctx);
  return set.points();
}
