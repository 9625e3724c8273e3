import { RunwayError } from '../../core/errors.ts';
import { OUTPUT_MEASUREMENTS } from '../../core/rollups.ts';
import type { MetricPoint } from '../../core/schema.ts';
import { influxTypeName, type FieldType, type FieldTypeCache } from './field-types.ts';

/** Runway's own output: only the forecast job, the alerting stage and the rollup maintainer write these, never a collector. */
export const RESERVED_MEASUREMENTS: ReadonlySet<string> = new Set(OUTPUT_MEASUREMENTS);

/** InfluxDB 1.x refuses a series key (measurement and tags, escaped) longer than this, in bytes. */
export const MAX_SERIES_KEY_BYTES = 65535;

/**
 * What InfluxDB would refuse of one point, checked before it is acknowledged, for one request:
 * a field whose type differs from the type InfluxDB holds (or an earlier line of the request
 * gave), and a series key over InfluxDB's limit. Points of reserved measurements are noted, and
 * refuse the whole request (assertNoReserved).
 */
export class PointChecks {
  readonly #cache: FieldTypeCache | undefined;
  /** Types this request introduces, learnt by the cache once its points are durable. */
  readonly learned = new Map<string, Map<string, FieldType>>();
  readonly #reserved = new Set<string>();
  /** Measurements of this request that are not reserved, with their points' field lists that passed. */
  readonly #seen = new Map<string, Passed>();

  constructor(cache: FieldTypeCache | undefined) {
    this.#cache = cache;
  }

  /** Why InfluxDB would refuse the point (as InfluxDB words it), or null when it would take it. */
  problem(p: MetricPoint): string | null {
    let passed = this.#seen.get(p.measurement);
    if (passed === undefined) {
      // Looked up once per measurement and request, not per point.
      if (RESERVED_MEASUREMENTS.has(p.measurement)) {
        this.#reserved.add(p.measurement);
        return null;
      }
      this.#seen.set(p.measurement, (passed = { latest: undefined, before: undefined }));
    }
    const keyBytes = seriesKeyBytes(p);
    if (keyBytes > MAX_SERIES_KEY_BYTES) return `max key length exceeded: ${keyBytes} > ${MAX_SERIES_KEY_BYTES}`;
    return this.#cache ? this.#typeConflict(p, passed) : null;
  }

  /** Throws 403 naming the reserved measurements the request tried to write. */
  assertNoReserved(): void {
    if (this.#reserved.size === 0) return;
    const names = [...this.#reserved].map((m) => `"${m}"`);
    throw new RunwayError('RUNWAY_ERR_INGEST_RESERVED', { measurements: names.join(', '), plural: names.length > 1 ? 's' : '', verb: names.length > 1 ? 'are' : 'is' });
  }

  /**
   * A measurement's lines repeat their fields in the same order and types, so a point whose fields
   * match, in order, those of an earlier point that passed cannot conflict (types once known never
   * change): a comparison per field instead of a lookup. Any other point is looked up field by field.
   */
  #typeConflict(p: MetricPoint, passed: Passed): string | null {
    const fields = p.fields;
    if (sameFields(fields, passed.latest) || sameFields(fields, passed.before)) return null;
    const problem = this.#lookUpTypes(p);
    if (problem === null) {
      passed.before = passed.latest;
      passed.latest = fieldList(fields);
    }
    return problem;
  }

  #lookUpTypes(p: MetricPoint): string | null {
    const known = this.#cache!.fieldsOf(p.measurement);
    const fields = p.fields;
    let unknown = false;
    for (const field in fields) {
      const type = fields[field]!.type;
      // Nearly always the field is known with this type: one lookup.
      const before = known === undefined ? undefined : known.get(field);
      if (before === type) continue;
      const earlier = before ?? this.learned.get(p.measurement)?.get(field);
      if (earlier === type) continue;
      if (earlier === undefined) unknown = true;
      else return `field type conflict: input field "${field}" on measurement "${p.measurement}" is type ${influxTypeName(type)}, already exists as type ${influxTypeName(earlier)}`;
    }
    // Only a point that will be stored teaches types (its fields are new to InfluxDB).
    if (unknown) this.#learn(p, known);
    return null;
  }

  #learn(p: MetricPoint, known: ReadonlyMap<string, FieldType> | undefined): void {
    let fresh = this.learned.get(p.measurement);
    if (!fresh) this.learned.set(p.measurement, (fresh = new Map()));
    for (const field in p.fields) if (!known?.has(field)) fresh.set(field, p.fields[field]!.type);
  }
}

/** A point's field names and types, in the order its fields object holds them. */
interface FieldList {
  names: string[];
  types: FieldType[];
}

/** The field lists of a measurement's last two points that passed (Telegraf's system alternates two kinds of line). */
interface Passed {
  latest: FieldList | undefined;
  before: FieldList | undefined;
}

function fieldList(fields: MetricPoint['fields']): FieldList {
  const list: FieldList = { names: [], types: [] };
  for (const field in fields) {
    list.names.push(field);
    list.types.push(fields[field]!.type);
  }
  return list;
}

function sameFields(fields: MetricPoint['fields'], list: FieldList | undefined): boolean {
  if (list === undefined) return false;
  const { names, types } = list;
  let i = 0;
  for (const field in fields) {
    if (i === names.length || field !== names[i] || fields[field]!.type !== types[i]) return false;
    i++;
  }
  return i === names.length;
}

/**
 * Bytes of the point's series key as InfluxDB builds it (measurement, then `,key=value` per tag).
 * Exact only when it could matter: a key whose characters, at their widest (3 UTF-8 bytes, each
 * escaped), stay under the limit is short enough without counting bytes.
 */
function seriesKeyBytes(p: MetricPoint): number {
  let chars = p.measurement.length;
  for (const k in p.tags) chars += k.length + p.tags[k]!.length + 2;
  if (chars * 6 <= MAX_SERIES_KEY_BYTES) return chars;
  let bytes = escapedBytes(p.measurement, /[, ]/g);
  for (const k in p.tags) if (p.tags[k] !== '') bytes += escapedBytes(k, /[,= ]/g) + escapedBytes(p.tags[k]!, /[,= ]/g) + 2;
  return bytes;
}

const escapedBytes = (s: string, specials: RegExp): number => Buffer.byteLength(s) + (s.match(specials)?.length ?? 0);
