import { DAILY_PERCENTILES, GRAIN_MS, OUTPUT_MEASUREMENTS, percentileField, rollupField, type RollupGrain } from '../rollups.ts';
import { float, msToNs, nsToMs, type FieldValue, type MetricPoint } from '../schema.ts';

/** One field's statistics in one bucket; max and min keep the field's type, as InfluxDB's `max(*)` does. */
interface FieldStats {
  type: 'float' | 'int' | 'uint';
  max: number;
  min: number;
  sum: number;
  count: number;
  /** Every value of the bucket, for a daily percentile (DAILY_PERCENTILES); absent otherwise. */
  values?: number[];
}

interface Bucket {
  startMs: number;
  fields: Map<string, FieldStats>;
}

interface SeriesState {
  measurement: string;
  tags: Record<string, string>;
  hour: Bucket | null;
  day: Bucket | null;
}

const numeric = (v: FieldValue): v is Extract<FieldValue, { type: 'float' | 'int' | 'uint' }> => v.type === 'float' || v.type === 'int' || v.type === 'uint';

/**
 * Rollups computed from points as they pass, for a load that sends every point once and each
 * series' points in time order (the demo fleet: years of history sent once at start-up). Rolling
 * those years up with InfluxDB's `SELECT … INTO` afterwards takes minutes; here a bucket is final
 * as soon as a later point of its series arrives, so memory holds one open hour and day per series.
 * The values are InfluxDB's: max and min keep the field's type, the mean is the float mean.
 * A point out of order makes the whole stream unusable (`valid` turns false): the caller then leaves
 * the rolling up to the rollup maintainer, as for any other write.
 */
export class StreamingRollups {
  readonly #series = new Map<string, SeriesState>();
  readonly #hourlyFromMs: number;
  #done: Record<RollupGrain, MetricPoint[]> = { hour: [], day: [] };
  #valid = true;
  #fromMs = Infinity;
  #toMs = -Infinity;

  /** `hourlyFromMs`: points before it are rolled up daily only (imported history, as the rollup maintainer does). */
  constructor(hourlyFromMs: number) {
    this.#hourlyFromMs = hourlyFromMs;
  }

  get valid(): boolean {
    return this.#valid;
  }

  /** Epoch ms of the first and last point seen. */
  get span(): { fromMs: number; toMs: number } {
    return { fromMs: this.#fromMs, toMs: this.#toMs };
  }

  add(points: readonly MetricPoint[]): void {
    if (!this.#valid) return;
    for (const p of points) {
      if (OUTPUT_MEASUREMENTS.includes(p.measurement)) continue;
      const ms = nsToMs(p.timeNs);
      if (ms < this.#fromMs) this.#fromMs = ms;
      if (ms > this.#toMs) this.#toMs = ms;
      const state = this.#stateOf(p);
      if (!this.#into(state, 'day', ms, p) || (ms >= this.#hourlyFromMs && !this.#into(state, 'hour', ms, p))) {
        this.#valid = false;
        this.#series.clear();
        this.#done = { hour: [], day: [] };
        return;
      }
    }
  }

  /** The rollup points whose buckets are final, handed over once. */
  take(): Record<RollupGrain, MetricPoint[]> {
    const done = this.#done;
    this.#done = { hour: [], day: [] };
    return done;
  }

  /** Closes every open bucket (the load is over) and hands over what is left. */
  finish(): Record<RollupGrain, MetricPoint[]> {
    for (const state of this.#series.values()) {
      for (const grain of ['hour', 'day'] as const) this.#close(state, grain);
    }
    this.#series.clear();
    return this.take();
  }

  #stateOf(p: MetricPoint): SeriesState {
    const key = `${p.measurement}\u0000${Object.keys(p.tags).sort().map((k) => `${k}=${p.tags[k]}`).join('\u0000')}`;
    let state = this.#series.get(key);
    if (!state) {
      state = { measurement: p.measurement, tags: p.tags, hour: null, day: null };
      this.#series.set(key, state);
    }
    return state;
  }

  /** Adds a point to its series' open bucket of the grain; false when the point is older than that bucket. */
  #into(state: SeriesState, grain: RollupGrain, ms: number, p: MetricPoint): boolean {
    const startMs = Math.floor(ms / GRAIN_MS[grain]) * GRAIN_MS[grain];
    let bucket = state[grain];
    if (bucket && startMs < bucket.startMs) return false;
    if (bucket && startMs > bucket.startMs) {
      this.#close(state, grain);
      bucket = null;
    }
    if (!bucket) {
      bucket = { startMs, fields: new Map() };
      state[grain] = bucket;
    }
    for (const [name, value] of Object.entries(p.fields)) {
      if (!numeric(value)) continue;
      const v = Number(value.value);
      const stats = bucket.fields.get(name);
      if (!stats) {
        const keep = grain === 'day' && DAILY_PERCENTILES.some((d) => d.measurement === state.measurement && d.field === name);
        bucket.fields.set(name, { type: value.type, max: v, min: v, sum: v, count: 1, ...(keep ? { values: [v] } : {}) });
      } else {
        if (v > stats.max) stats.max = v;
        if (v < stats.min) stats.min = v;
        stats.sum += v;
        stats.count++;
        stats.values?.push(v);
      }
    }
    return true;
  }

  #close(state: SeriesState, grain: RollupGrain): void {
    const bucket = state[grain];
    state[grain] = null;
    if (!bucket || bucket.fields.size === 0) return;
    const fields: MetricPoint['fields'] = {};
    for (const [name, s] of bucket.fields) {
      const typed = (v: number): FieldValue => (s.type === 'float' ? float(v) : { type: s.type, value: BigInt(v) });
      fields[rollupField('max', name)] = typed(s.max);
      fields[rollupField('min', name)] = typed(s.min);
      fields[rollupField('mean', name)] = float(s.sum / s.count);
      if (s.values) {
        for (const d of DAILY_PERCENTILES.filter((x) => x.measurement === state.measurement && x.field === name)) {
          const p = nearestRank(s.values, d.percentile);
          if (p !== null) fields[percentileField(d.percentile, name)] = float(p);
        }
      }
    }
    this.#done[grain].push({ measurement: state.measurement, tags: state.tags, fields, timeNs: msToNs(bucket.startMs) });
  }
}

/**
 * InfluxDB 1.x's percentile(): the sorted values' element at rank floor(n · p / 100 + 0.5), none
 * when that rank is 0 (too few values for a low percentile).
 */
function nearestRank(values: number[], percentile: number): number | null {
  const sorted = Float64Array.from(values).sort();
  const i = Math.floor((sorted.length * percentile) / 100 + 0.5) - 1;
  return i >= 0 && i < sorted.length ? sorted[i]! : null;
}
