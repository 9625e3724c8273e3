import { firstOpenHourMs, firstRawDayMs } from '../core/rollups.ts';
import { msToNs, nsToMs, type MetricPoint } from '../core/schema.ts';
import type { MetricWriter } from '../core/store.ts';
import { startBatch, writeAsBatch, type BatchWriter, type PointBatch } from './point-batch.ts';

export interface RetentionRouterOptions {
  /** Where points within the raw retention go: the spool in `runway serve`, or the store. */
  raw: MetricWriter;
  /** Where points older than the raw retention go: a spool (or the store) writing to the history retention policy. */
  history: MetricWriter;
  /**
   * Told which days received points for closed hours, and of which hosts (none named: of any), so
   * that they are rolled up again and the hosts refitted; such points are acknowledged once it has
   * persisted that, so a restart cannot forget their days.
   */
  rollups: { touched(fromMs: number, toMs: number, hosts?: Iterable<string>): void; persisted?(): Promise<void> };
  rawRetentionDays: number;
  now?: () => number;
}

/**
 * Sends each point where InfluxDB keeps it: live and recent points to the raw policy, older ones
 * (a backfill of years) to the history policy, which the raw one would refuse as "beyond retention
 * policy". Points for hours already closed (core/rollups.ts firstOpenHourMs) are reported, with
 * their hosts, for their days to be rolled up again; live points pass through without a copy, so
 * collectors' writes pay one comparison per point.
 */
export class RetentionRouter implements BatchWriter {
  readonly #opts: RetentionRouterOptions;

  constructor(opts: RetentionRouterOptions) {
    this.#opts = opts;
  }

  write(points: readonly MetricPoint[]): Promise<void> {
    return writeAsBatch(this, points);
  }

  startBatch(sizeHintBytes: number): PointBatch {
    const raw = startBatch(this.#opts.raw, sizeHintBytes);
    let history: PointBatch | null = null; // most requests carry no old point: no batch for them
    const old: MetricPoint[] = [];
    const nowMs = (this.#opts.now ?? Date.now)();
    const liveNs = msToNs(firstOpenHourMs(nowMs));
    const cutoffMs = firstRawDayMs(nowMs, this.#opts.rawRetentionDays);
    const cutoffNs = Number.isFinite(cutoffMs) ? msToNs(cutoffMs) : null;
    const { history: historyWriter, rollups } = this.#opts;
    let late = false;
    return {
      add: (points) => {
        const recent = this.#split(points, liveNs, cutoffNs, old);
        late ||= recent !== points;
        raw.add(recent);
        if (old.length === 0) return;
        history ??= startBatch(historyWriter, sizeHintBytes);
        history.add(old.splice(0));
      },
      commit: async () => {
        await Promise.all([raw.commit(), history?.commit(), late ? rollups.persisted?.() : undefined]);
      },
    };
  }

  /** The points for the raw policy (`points` itself when none is late); older ones are pushed onto `old`. */
  #split(points: readonly MetricPoint[], liveNs: bigint, cutoffNs: bigint | null, old: MetricPoint[]): readonly MetricPoint[] {
    let i = 0;
    while (i < points.length && points[i]!.timeNs >= liveNs) i++;
    if (i === points.length) return points;
    const recent = points.slice(0, i);
    let [fromMs, toMs] = [Infinity, -Infinity];
    const hosts = new Set<string>();
    let hostless = false;
    for (; i < points.length; i++) {
      const p = points[i]!;
      if (p.timeNs < liveNs) {
        const ms = nsToMs(p.timeNs);
        if (ms < fromMs) fromMs = ms;
        if (ms > toMs) toMs = ms;
        if (p.tags.host !== undefined) hosts.add(p.tags.host);
        else hostless = true;
        if (cutoffNs !== null && p.timeNs < cutoffNs) {
          old.push(p);
          continue;
        }
      }
      recent.push(p);
    }
    if (fromMs <= toMs && hosts.size > 0) this.#opts.rollups.touched(fromMs, toMs, hosts);
    if (fromMs <= toMs && hostless) this.#opts.rollups.touched(fromMs, toMs);
    return recent;
  }
}
