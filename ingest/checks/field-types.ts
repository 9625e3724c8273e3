import type { FieldValue } from '../../core/schema.ts';
import type { SeriesReader } from '../../core/store.ts';
import { ownString } from '../own-string.ts';

export type FieldType = FieldValue['type'];

/** InfluxDB's names for field types (SHOW FIELD KEYS, error messages) and ours. */
const FROM_INFLUX: Record<string, FieldType> = { float: 'float', integer: 'int', unsigned: 'uint', string: 'string', boolean: 'bool' };
const TO_INFLUX: Record<FieldType, string> = { float: 'float', int: 'integer', uint: 'unsigned', string: 'string', bool: 'boolean' };
export const influxTypeName = (type: FieldType): string => TO_INFLUX[type];

/** Fields remembered in all; past it new fields go unchecked (InfluxDB still refuses a conflict, at replay). */
const MAX_FIELDS = 200_000;
/** Seeding from InfluxDB is tried again this often while it fails (InfluxDB down at start). */
const RESEED_DELAY_MS = 30_000;

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The type of every field of every measurement, as InfluxDB holds them (SHOW FIELD KEYS) and as
 * Runway accepted them since. InfluxDB refuses a point whose field changes type; knowing the types
 * here lets such a line be refused up front, with its line number, instead of being acknowledged
 * and refused later at replay. A field InfluxDB lists with two types (different shards) is left
 * out: InfluxDB decides those itself.
 */
export class FieldTypeCache {
  readonly #types = new Map<string, Map<string, FieldType>>();
  #size = 0;
  #seeded = false;
  #timer: NodeJS.Timeout | null = null;

  /** The known types of a measurement's fields, if any. */
  fieldsOf(measurement: string): ReadonlyMap<string, FieldType> | undefined {
    return this.#types.get(measurement);
  }

  get seeded(): boolean {
    return this.#seeded;
  }

  /** Remembers types of points InfluxDB will hold (accepted, durable). */
  learn(learned: ReadonlyMap<string, ReadonlyMap<string, FieldType>>): void {
    for (const [measurement, fields] of learned) {
      for (const [field, type] of fields) this.#set(measurement, field, type);
    }
  }

  /**
   * Reads every field type from InfluxDB once; while that fails (InfluxDB down), tries again in
   * the background until it succeeds or stop() is called. Resolves after the first attempt.
   */
  async seed(reader: SeriesReader, log?: Log): Promise<void> {
    try {
      const series = await reader.query('SHOW FIELD KEYS');
      const seen = new Map<string, Map<string, FieldType | null>>();
      for (const s of series) {
        const fields = seen.get(s.name) ?? new Map<string, FieldType | null>();
        seen.set(s.name, fields);
        for (const [key, type] of s.values as [string, string][]) {
          const ours = FROM_INFLUX[type];
          const before = fields.get(key);
          fields.set(key, ours === undefined || (before !== undefined && before !== ours) ? null : ours);
        }
      }
      for (const [measurement, fields] of seen) for (const [field, type] of fields) if (type) this.#set(measurement, field, type);
      this.#seeded = true;
      log?.info({ fields: this.#size }, 'field types read from InfluxDB');
    } catch (e) {
      log?.warn({ reason: (e as Error).message, retryInMs: RESEED_DELAY_MS }, 'cannot read field types from InfluxDB yet; conflicts are refused from what Runway accepts meanwhile');
      this.#timer = setTimeout(() => void this.seed(reader, log), RESEED_DELAY_MS);
      this.#timer.unref();
    }
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #set(measurement: string, field: string, type: FieldType): void {
    let fields = this.#types.get(measurement);
    if (fields?.has(field)) return; // the first type stays: InfluxDB keeps it too
    if (this.#size >= MAX_FIELDS) return;
    // Copied names: slices of a request body would keep the whole body alive as long as the cache.
    if (!fields) this.#types.set(ownString(measurement), (fields = new Map()));
    fields.set(ownString(field), type);
    this.#size++;
  }
}
