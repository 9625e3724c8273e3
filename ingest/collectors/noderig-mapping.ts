import { TAG_DEVICE, TAG_HOST, TAG_MOUNT, type MetricPoint } from '../../core/schema.ts';
import {
  addTag, cleanText, deriveUsedPercent, deviceName, floatOf, numberOfField, own, PointSet,
  type LineError, type ParseResult, type Tags,
} from './common.ts';
import { addRtmMetric, isRtmMetric } from './rtm-probes.ts';
import { parseSensision, type SensisionSample } from './sensision.ts';

/**
 * Maps noderig's Sensision series (formats.md §1a) onto the canonical schema:
 *
 * - `os.load1`, `os.load5`, `os.load15` → system load1/5/15;
 * - `os.cpu{}` (all CPUs, % busy) → cpu usage_percent;
 * - `os.mem{}` (% used) → mem used_percent; `os.mem.used` / `os.mem.total` (bytes) → used_bytes /
 *   total_bytes, and used_percent = used / total × 100 when noderig sent no percentage;
 * - `os.disk.fs{disk=…}{mount=…}` (% used) → disk used_percent; `.used`, `.total` (bytes) →
 *   used_bytes / total_bytes; `.inodes.used`, `.inodes.total` → inodes_used / inodes_total. Tags:
 *   mount from the attribute (or label) `mount`, device from the label `disk` with `/dev/` removed
 *   as Telegraf does. A disk series without a mount keeps its device but has no mount tag;
 * - `rtm.*` and `os.load.processes*` (RTM probes run by noderig) → as parseRtmProbes maps them;
 * - anything else, per-core `os.cpu{chore=N}` and canonical series whose value is not a number
 *   included → measurement `noderig`, field = the class name (numbers as floats), labels and
 *   attributes as tags: nothing is lost.
 *
 * Host: the label `host` (beamium adds it), else the fallback host. Samples with neither are
 * skipped here; parseNoderig reports them. NaN and ±Infinity values are skipped: InfluxDB cannot
 * store them.
 */

export const NODERIG_MEASUREMENT = 'noderig';

const CANONICAL: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['os.load1', ['system', 'load1']], ['os.load5', ['system', 'load5']], ['os.load15', ['system', 'load15']],
  ['os.cpu', ['cpu', 'usage_percent']],
  ['os.mem', ['mem', 'used_percent']], ['os.mem.used', ['mem', 'used_bytes']], ['os.mem.total', ['mem', 'total_bytes']],
  ['os.disk.fs', ['disk', 'used_percent']], ['os.disk.fs.used', ['disk', 'used_bytes']],
  ['os.disk.fs.total', ['disk', 'total_bytes']], ['os.disk.fs.inodes.used', ['disk', 'inodes_used']],
  ['os.disk.fs.inodes.total', ['disk', 'inodes_total']],
] as const);

/** The host a sample belongs to, or undefined when it names none and there is no fallback. */
export function noderigHost(sample: SensisionSample, fallbackHost?: string): string | undefined {
  const tags: Tags = {};
  addTag(tags, TAG_HOST, own(sample.labels, TAG_HOST));
  if (!Object.hasOwn(tags, TAG_HOST)) addTag(tags, TAG_HOST, fallbackHost);
  return own(tags, TAG_HOST);
}

/** Labels then attributes as tags (a label wins over an attribute of the same name), minus `skip`. */
function tagsOf(sample: SensisionSample, host: string, skip: ReadonlySet<string>): Tags {
  const tags: Tags = {};
  for (const source of [sample.attributes, sample.labels]) {
    for (const key of Object.keys(source)) if (!skip.has(key)) addTag(tags, key, source[key]);
  }
  addTag(tags, TAG_HOST, host);
  return tags;
}

const NO_SKIP: ReadonlySet<string> = new Set([TAG_HOST]);
const DISK_SKIP: ReadonlySet<string> = new Set([TAG_HOST, 'disk', TAG_MOUNT]);

function diskTags(sample: SensisionSample, host: string): Tags {
  const tags = tagsOf(sample, host, DISK_SKIP);
  addTag(tags, TAG_MOUNT, own(sample.labels, TAG_MOUNT) ?? own(sample.attributes, TAG_MOUNT));
  const disk = own(sample.labels, 'disk') ?? own(sample.attributes, 'disk');
  if (disk !== undefined) addTag(tags, TAG_DEVICE, deviceName(disk));
  return tags;
}

function addOther(set: PointSet, sample: SensisionSample, host: string, timeNs: bigint): void {
  const { value } = sample;
  const tags = tagsOf(sample, host, NO_SKIP);
  if (typeof value === 'number') set.add(NODERIG_MEASUREMENT, tags, timeNs, sample.className, floatOf(value));
  else if (typeof value === 'boolean') set.add(NODERIG_MEASUREMENT, tags, timeNs, sample.className, { type: 'bool', value });
  else set.add(NODERIG_MEASUREMENT, tags, timeNs, sample.className, { type: 'string', value: cleanText(value) });
}

function addSample(set: PointSet, sample: SensisionSample, host: string): void {
  const timeNs = sample.timeUs * 1000n;
  const { className, value } = sample;
  const target = CANONICAL.get(className);
  // Per-core CPU (chore=N) is not the machine-wide figure: it stays under `noderig`.
  const perCore = className === 'os.cpu' && (own(sample.labels, 'chore') ?? own(sample.attributes, 'chore')) !== undefined;
  if (target !== undefined && typeof value === 'number' && !perCore) {
    const [measurement, field] = target;
    const tags = measurement === 'disk' ? diskTags(sample, host) : tagsOf(sample, host, NO_SKIP);
    set.add(measurement, tags, timeNs, field, floatOf(value));
  } else if (isRtmMetric(className)) {
    addRtmMetric(set, className, value, tagsOf(sample, host, NO_SKIP), timeNs);
  } else {
    addOther(set, sample, host, timeNs);
  }
}

/** Canonical points for noderig samples; see the module comment for the mapping. */
export function mapNoderig(samples: readonly SensisionSample[], fallbackHost?: string): MetricPoint[] {
  const set = new PointSet();
  for (const sample of samples) {
    const host = noderigHost(sample, fallbackHost);
    if (host !== undefined) addSample(set, sample, host);
  }
  const points = set.points();
  for (const p of points) {
    if (p.measurement !== 'mem' && p.measurement !== 'disk') continue;
    deriveUsedPercent(p, numberOfField(p.fields.used_bytes), numberOfField(p.fields.total_bytes));
  }
  return points;
}

/**
 * Parses and maps a beamium/noderig body in one step. Besides the parse errors, a sample with
 * no `host` label when no fallback host is given is reported against its line.
 */
export function parseNoderig(body: string, options: { defaultTimeUs: bigint; fallbackHost?: string }): ParseResult {
  const parsed = parseSensision(body, options.defaultTimeUs);
  const errors: LineError[] = [...parsed.errors];
  const hosted: SensisionSample[] = [];
  for (const sample of parsed.samples) {
    if (noderigHost(sample, options.fallbackHost) !== undefined) hosted.push(sample);
    else errors.push({ line: sample.line, reason: 'no "host" label and no fallback host', text: sample.className });
  }
  errors.sort((a, b) => a.line - b.line);
  return { points: mapNoderig(hosted, options.fallbackHost), errors, lines: parsed.lines };
}
