import { firstRawDayMs, GRAIN_MS, HISTORY_RP, RAW_RP, REWRITE_FROM_FIELD, REWRITE_MEASUREMENT } from '../rollups.ts';
import { float, msToNs, type MetricPoint } from '../schema.ts';
import type { MetricWriter, StoreAdmin } from '../store.ts';
import { rollUp } from './rollup-queries.ts';

const DAY_MS = GRAIN_MS.day;
/** Days rolled up by one statement at most, so that a backfill of years is many bounded statements, not one. */
const CHUNK_DAYS = 14;
/** Hosts named by one statement at most, so that its text stays short. */
const CHUNK_HOSTS = 100;

export interface RollupMaintainerOptions {
  admin: StoreAdmin;
  rawRetentionDays: number;
  /**
   * Resolves once every point accepted so far is in InfluxDB (the spool has replayed it), or
   * rejects when that takes too long; days it covers are then kept for the next pass.
   */
  settled?: () => Promise<void>;
  /** Where the marks of rewritten hosts go (core/rollups.ts REWRITE_MEASUREMENT): the raw policy. None are written without it. */
  marks?: MetricWriter;
}

/**
 * Keeps the rollups current as points arrive. The last two days are rolled up on every pass
 * (live data, and collectors that flush a buffer late); days further back are rolled up when a
 * write touched them (a backfill), from the raw policy while they are within the raw retention
 * and from the history policy past it (see core/rollups.ts). InfluxDB's continuous queries are
 * not used: they only ever see the recent past, so they would miss every backfill. Once a pass has
 * rolled up such days, it marks their hosts in InfluxDB, for the forecast cycle to refit them.
 */
export class RollupMaintainer {
  readonly #opts: RollupMaintainerOptions;
  /** Day index (epoch ms / day) → the hosts whose points it received, or null for any (points without a host); days before yesterday. */
  #dirty = new Map<number, Set<string> | null>();
  /** Host → the first day (epoch ms) of its days before yesterday that were written, until a pass marks it. */
  #rewritten = new Map<string, number>();
  /** The day index of the last pass's today. */
  #lastToday: number | null = null;
  #running: Promise<number> | null = null;

  constructor(opts: RollupMaintainerOptions) {
    this.#opts = opts;
  }

  /**
   * Notes that points between the two times (epoch ms, inclusive) were written: of these hosts, whose
   * series alone are rolled up again, or of any host when none are named.
   */
  touched(fromMs: number, toMs: number, hosts?: Iterable<string>): void {
    const named = hosts === undefined ? [] : [...hosts];
    for (let day = Math.floor(fromMs / DAY_MS); day <= Math.floor(toMs / DAY_MS); day++) this.#dirtyDay(day, named.length > 0 ? named : null);
    const firstDayMs = Math.floor(fromMs / DAY_MS) * DAY_MS;
    for (const host of named) this.#rewritten.set(host, Math.min(this.#rewritten.get(host) ?? Infinity, firstDayMs));
  }

  #dirtyDay(day: number, hosts: Iterable<string> | null): void {
    const had = this.#dirty.get(day);
    if (hosts === null || had === null) {
      this.#dirty.set(day, null);
      return;
    }
    const set = had ?? new Set<string>();
    for (const h of hosts) set.add(h);
    this.#dirty.set(day, set);
  }

  /**
   * Notes that the days between the two times (epoch ms, inclusive) were rolled up by other means
   * (StreamingRollups). Their hosts are still marked as rewritten at the next pass.
   */
  rolledUp(fromMs: number, toMs: number): void {
    for (let day = Math.floor(fromMs / DAY_MS); day <= Math.floor(toMs / DAY_MS); day++) this.#dirty.delete(day);
  }

  get pendingDays(): number {
    return this.#dirty.size;
  }

  /** Rolls up the live days and every touched day; a call during a pass waits for that pass and runs again. Returns rollup points written. */
  async run(nowMs: number = Date.now()): Promise<number> {
    while (this.#running) await this.#running.catch(() => undefined);
    this.#running = this.#pass(nowMs).finally(() => (this.#running = null));
    return this.#running;
  }

  /**
   * Makes the daily rollup that a forecast reads final up to today's start: yesterday's days only
   * (the hourly grain and today are the periodic passes' job, and no forecast reads them), unless
   * backfilled days wait, which a whole pass rolls up first. A fraction of a whole pass on a live
   * fleet, where yesterday and today in both grains are most of the work.
   */
  async runForForecast(nowMs: number = Date.now()): Promise<number> {
    while (this.#running) await this.#running.catch(() => undefined);
    if (this.#dirty.size > 0 || this.#rewritten.size > 0) return this.run(nowMs);
    this.#running = this.#yesterdayDaily(nowMs).finally(() => (this.#running = null));
    return this.#running;
  }

  async #yesterdayDaily(nowMs: number): Promise<number> {
    await this.#opts.settled?.().catch(() => undefined); // what is not in InfluxDB yet, the next periodic pass rolls up
    const today = Math.floor(nowMs / DAY_MS);
    const firstRawDay = firstRawDayMs(Date.now(), this.#opts.rawRetentionDays) / DAY_MS;
    const source = today - 1 < firstRawDay ? HISTORY_RP : RAW_RP;
    return rollUp(this.#opts.admin, { fromMs: (today - 1) * DAY_MS, toMs: today * DAY_MS, source, grains: ['day'] });
  }

  async #pass(nowMs: number): Promise<number> {
    const days = this.#dirty;
    const hosts = this.#rewritten;
    this.#dirty = new Map();
    this.#rewritten = new Map();
    // Put back for the next pass: what failed, or what is not all in InfluxDB yet.
    const later = (): void => {
      for (const [d, h] of days) this.#dirtyDay(d, h);
      for (const [host, fromMs] of hosts) this.#rewritten.set(host, Math.min(this.#rewritten.get(host) ?? Infinity, fromMs));
    };
    const settled = (await this.#opts.settled?.().then(() => true, () => false)) ?? true;
    const today = Math.floor(nowMs / DAY_MS);
    // The last pass's live days once more, after midnight: points written between that pass and
    // midnight for its yesterday were live then, so nothing marked the day as touched.
    const lastLive = this.#lastToday !== null && this.#lastToday < today ? [this.#lastToday - 1, this.#lastToday] : [];
    // Every series of the live days and of days touched by points without a host; only the named
    // hosts' series of the other touched days, so that one host's backfill costs its own days.
    const everyHost = new Set([today - 1, today, ...lastLive, ...[...days].flatMap(([d, h]) => (h === null ? [d] : []))]);
    // Past the raw retention, written points went to the history policy.
    const firstRawDay = firstRawDayMs(Date.now(), this.#opts.rawRetentionDays) / DAY_MS; // InfluxDB's clock, not the run's
    const rollRange = (from: number, to: number, hostList?: readonly string[]): Promise<number> => {
      // Imported history is hourly or coarser already (Cacti's RRAs, CSV exports) and stays as it
      // came in the history policy: an hourly rollup of it would copy it point for point.
      const source = to <= firstRawDay ? HISTORY_RP : RAW_RP;
      return rollUp(this.#opts.admin, { fromMs: from * DAY_MS, toMs: to * DAY_MS, source, ...(source === HISTORY_RP ? { grains: ['day'] as const } : {}), ...(hostList ? { hosts: hostList } : {}) });
    };
    let written = 0;
    try {
      for (const [from, to] of ranges([...everyHost].sort((a, b) => a - b), firstRawDay)) written += await rollRange(from, to);
      const named = new Map([...days].filter(([d, h]) => h !== null && !everyHost.has(d)) as [number, Set<string>][]);
      for (const [from, to] of ranges([...named.keys()].sort((a, b) => a - b), firstRawDay)) {
        const hostList = [...new Set(Array.from({ length: to - from }, (_, i) => [...named.get(from + i)!]).flat())].sort();
        for (let i = 0; i < hostList.length; i += CHUNK_HOSTS) written += await rollRange(from, to, hostList.slice(i, i + CHUNK_HOSTS));
      }
      // Only once the days are rolled up from all that was written: a cycle that reads a mark finds its days rewritten.
      if (settled) await this.#mark(hosts);
      this.#lastToday = Math.max(today, this.#lastToday ?? today);
    } catch (e) {
      later();
      throw e;
    }
    if (!settled) later();
    return written;
  }

  async #mark(hosts: ReadonlyMap<string, number>): Promise<void> {
    if (!this.#opts.marks || hosts.size === 0) return;
    const timeNs = msToNs(Date.now()); // the wall clock, which the scheduler compares with its own
    const points: MetricPoint[] = [...hosts].map(([host, fromMs]) => ({ measurement: REWRITE_MEASUREMENT, tags: { host }, fields: { [REWRITE_FROM_FIELD]: float(fromMs) }, timeNs }));
    await this.#opts.marks.write(points);
  }
}

/** Sorted day indexes → [from, to) ranges of consecutive days, at most CHUNK_DAYS long, none across the history/raw boundary. */
function* ranges(days: readonly number[], boundary: number): Generator<[number, number]> {
  let i = 0;
  while (i < days.length) {
    const from = days[i]!;
    let to = from + 1;
    i++;
    while (i < days.length && days[i] === to && to !== boundary && to - from < CHUNK_DAYS) {
      to++;
      i++;
    }
    yield [from, to];
  }
}
