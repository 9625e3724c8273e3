import { firstOpenHourMs, firstRawDayMs, GRAIN_MS, HISTORY_RP, RAW_RP, REWRITE_FROM_FIELD, REWRITE_MEASUREMENT, type RollupGrain } from '../rollups.ts';
import { float, msToNs, type MetricPoint } from '../schema.ts';
import type { MetricWriter, StoreAdmin } from '../store.ts';
import { rollUp, rollUpDaysFromHours } from './rollup-queries.ts';
import { dayRanges, journalTouches, loadRollupState, saveRollupState, type RollupState, type Touch } from './rollup-state-file.ts';

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
  /**
   * Where the maintainer keeps what it must not forget across a restart (rollup-state-file.ts):
   * read by restore(), written after every pass and, before their points are acknowledged, the
   * days late points touched. None: kept in memory only.
   */
  stateFile?: string;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * Keeps the rollups current as points arrive. Each hour is rolled up once it is over (with
 * ROLLUP_GRACE_MS for points on their way), each day once its last hour is: re-aggregating the live
 * days on every pass cost, at Telegraf's 10 s interval, about 90 ms per series and pass, so a
 * 5-minute pass could not keep up past a few hundred hosts. Points that arrive for a closed hour
 * (a backfill, a late buffer) have their days rolled up again, for their hosts only, from the raw
 * policy while they are within the raw retention and from the history policy past it (see
 * core/rollups.ts). InfluxDB's continuous queries are not used: they only ever see the recent past,
 * so they would miss every backfill. Once a pass has rolled up days before yesterday again, it
 * marks their hosts in InfluxDB, for the forecast cycle to refit them.
 */
export class RollupMaintainer {
  readonly #opts: RollupMaintainerOptions;
  /** Day index (epoch ms / day) → the hosts whose points it received for closed hours, or null for any (points without a host). */
  #dirty = new Map<number, Set<string> | null>();
  /** Host → the first day (epoch ms) of its touched days, until a pass has rolled them up (and marked it, for days before yesterday). */
  #rewritten = new Map<string, number>();
  /** Hourly rollups are final before this (epoch ms), daily ones before this day index; null until this process's first pass. */
  #hoursFinalMs: number | null = null;
  #daysFinal: number | null = null;
  #running: Promise<number> | null = null;
  /** What the pass under way took from #dirty and #rewritten: still owed until it is over. */
  #inPass: { days: Map<number, Set<string> | null>; hosts: Map<string, number> } | null = null;
  /** Touches not yet in the journal (stateFile only). */
  #unjournalled: Touch[] = [];
  /** The last state or journal write started, and the next journal append, queued behind it, that takes in every touch made before it starts. */
  #writing: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;

  constructor(opts: RollupMaintainerOptions) {
    this.#opts = opts;
  }

  /** Takes up where the last process left off (its state file); without one, the first pass makes yesterday and today final. */
  async restore(): Promise<void> {
    const file = this.#opts.stateFile;
    const saved = file ? await loadRollupState(file, this.#opts.log ?? { info() {}, error() {} }) : null;
    if (!saved) return;
    const { state, touches } = saved;
    if (state) {
      this.#hoursFinalMs = state.hoursFinalMs;
      this.#daysFinal = state.daysFinal;
      for (const [host, ranges] of state.dirty) for (const [from, to] of ranges) for (let day = from; day <= to; day++) this.#dirtyDay(day, host === null ? null : [host]);
      for (const [host, fromMs] of state.rewritten) earliest(this.#rewritten, host, fromMs);
    }
    for (const [fromMs, toMs, hosts] of touches) this.#touch(fromMs, toMs, hosts ?? []);
  }

  /**
   * Resolves once the journal beside the state file holds every touch made before the call: the
   * router waits for it before acknowledging late points, so a restart cannot forget their days.
   */
  persisted(): Promise<void> {
    const file = this.#opts.stateFile;
    if (!file) return Promise.resolve();
    this.#queued ??= this.#writing.catch(() => undefined).then(() => {
      this.#queued = null;
      const touches = this.#unjournalled.splice(0);
      return touches.length > 0 ? journalTouches(file, touches) : undefined;
    });
    this.#writing = this.#queued;
    return this.#queued;
  }

  /** Writes the whole state (which holds every touch so far) and empties the journal, in turn with the journal's appends. */
  #saveState(): Promise<void> {
    const file = this.#opts.stateFile;
    if (!file) return Promise.resolve();
    const saved = this.#writing.catch(() => undefined).then(() => {
      const state = this.#state();
      this.#unjournalled = [];
      return saveRollupState(file, state);
    });
    this.#writing = saved;
    return saved;
  }

  #state(): RollupState {
    const byHost = new Map<string | null, Set<number>>();
    const rewritten = new Map(this.#rewritten);
    for (const [day, hosts] of [...(this.#inPass?.days ?? []), ...this.#dirty]) {
      for (const host of hosts ?? [null]) {
        const days = byHost.get(host) ?? new Set<number>();
        byHost.set(host, days.add(day));
      }
    }
    for (const [host, fromMs] of this.#inPass?.hosts ?? []) earliest(rewritten, host, fromMs);
    return { version: 1, hoursFinalMs: this.#hoursFinalMs, daysFinal: this.#daysFinal, dirty: [...byHost].map(([host, days]) => [host, dayRanges(days)]), rewritten: [...rewritten] };
  }

  /**
   * Notes that points between the two times (epoch ms, inclusive) were written: of these hosts, whose
   * series alone are rolled up again, or of any host when none are named.
   */
  touched(fromMs: number, toMs: number, hosts?: Iterable<string>): void {
    const named = hosts === undefined ? [] : [...hosts];
    if (this.#opts.stateFile) this.#unjournalled.push([fromMs, toMs, named.length > 0 ? named : null]);
    this.#touch(fromMs, toMs, named);
  }

  #touch(fromMs: number, toMs: number, named: readonly string[]): void {
    for (let day = Math.floor(fromMs / DAY_MS); day <= Math.floor(toMs / DAY_MS); day++) this.#dirtyDay(day, named.length > 0 ? named : null);
    const firstDayMs = Math.floor(fromMs / DAY_MS) * DAY_MS;
    for (const host of named) earliest(this.#rewritten, host, firstDayMs);
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

  /**
   * Rolls up the hours and days that are over since the last pass, and every touched day; a call
   * during a pass waits for that pass and runs again. Returns rollup points written.
   */
  async run(nowMs: number = Date.now()): Promise<number> {
    while (this.#running) await this.#running.catch(() => undefined);
    this.#running = this.#pass(nowMs).finally(() => (this.#running = null));
    return this.#running;
  }

  /**
   * A pass, and yesterday's daily rollup, which the forecast reads, even within the grace after
   * midnight (the first pass after the grace rolls it up again, final).
   */
  async runForForecast(nowMs: number = Date.now()): Promise<number> {
    while (this.#running) await this.#running.catch(() => undefined);
    this.#running = (async () => {
      const written = await this.#pass(nowMs);
      const yesterday = Math.floor(nowMs / DAY_MS) - 1;
      return (this.#daysFinal ?? -Infinity) > yesterday ? written : written + (await this.#roll(yesterday * DAY_MS, (yesterday + 1) * DAY_MS, ['day']));
    })().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Rolls up a range of whole days or hours (from the history policy when it is past the raw retention: daily only), for some hosts or all. */
  #roll(fromMs: number, toMs: number, grains: readonly RollupGrain[], hosts?: readonly string[]): Promise<number> {
    const firstRawMs = firstRawDayMs(Date.now(), this.#opts.rawRetentionDays); // InfluxDB's clock, not the run's
    // Imported history is hourly or coarser already (Cacti's RRAs, CSV exports) and stays as it
    // came in the history policy: an hourly rollup of it would copy it point for point.
    const history = toMs <= firstRawMs;
    if (history && !grains.includes('day')) return Promise.resolve(0);
    return rollUp(this.#opts.admin, { fromMs, toMs, source: history ? HISTORY_RP : RAW_RP, grains: history ? ['day'] : grains, ...(hosts ? { hosts } : {}) });
  }

  async #pass(nowMs: number): Promise<number> {
    const days = this.#dirty;
    const hosts = this.#rewritten;
    this.#dirty = new Map();
    this.#rewritten = new Map();
    this.#inPass = { days, hosts };
    // Put back for the next pass: what failed, or what is not all in InfluxDB yet.
    const later = (): void => {
      this.#inPass = null;
      for (const [d, h] of days) this.#dirtyDay(d, h);
      for (const [host, fromMs] of hosts) earliest(this.#rewritten, host, fromMs);
    };
    const settled = (await this.#opts.settled?.().then(() => true, () => false)) ?? true;
    const openHourMs = firstOpenHourMs(nowMs);
    const openDay = Math.floor(openHourMs / DAY_MS);
    // A process's first pass makes yesterday and today final as far as they are over.
    const hoursFromMs = Math.min(this.#hoursFinalMs ?? (Math.floor(nowMs / DAY_MS) - 1) * DAY_MS, openHourMs);
    const daysFrom = Math.min(this.#daysFinal ?? Math.floor(nowMs / DAY_MS) - 1, openDay);
    // Every series of the days touched by points without a host; only the named hosts' series of
    // the other touched days, so that one host's backfill costs its own days.
    const everyHost = [...days].flatMap(([d, h]) => (h === null ? [d] : [])).sort((a, b) => a - b);
    const named = new Map([...days].filter(([, h]) => h !== null) as [number, Set<string>][]);
    const firstRawDay = firstRawDayMs(Date.now(), this.#opts.rawRetentionDays) / DAY_MS;
    let written = 0;
    try {
      for (let from = hoursFromMs; from < openHourMs; from += CHUNK_DAYS * DAY_MS) written += await this.#roll(from, Math.min(openHourMs, from + CHUNK_DAYS * DAY_MS), ['hour']);
      // A day over is rolled up from its hours, which are all over too (and the percentiles from its raw points).
      for (const [from, to] of ranges(Array.from({ length: openDay - daysFrom }, (_, i) => daysFrom + i), firstRawDay)) {
        written += to <= firstRawDay ? await this.#roll(from * DAY_MS, to * DAY_MS, ['day']) : await rollUpDaysFromHours(this.#opts.admin, { fromMs: from * DAY_MS, toMs: to * DAY_MS, source: RAW_RP });
      }
      for (const [from, to] of ranges(everyHost, firstRawDay)) written += await this.#roll(from * DAY_MS, to * DAY_MS, ['hour', 'day']);
      for (const [from, to] of ranges([...named.keys()].sort((a, b) => a - b), firstRawDay)) {
        const hostList = [...new Set(Array.from({ length: to - from }, (_, i) => [...named.get(from + i)!]).flat())].sort();
        for (let i = 0; i < hostList.length; i += CHUNK_HOSTS) written += await this.#roll(from * DAY_MS, to * DAY_MS, ['hour', 'day'], hostList.slice(i, i + CHUNK_HOSTS));
      }
      // Only once the days are rolled up from all that was written: a cycle that reads a mark finds its days rewritten.
      if (settled) {
        await this.#mark(hosts, (Math.floor(nowMs / DAY_MS) - 1) * DAY_MS);
        this.#hoursFinalMs = Math.max(openHourMs, this.#hoursFinalMs ?? openHourMs);
        this.#daysFinal = Math.max(openDay, this.#daysFinal ?? openDay);
        this.#inPass = null;
      }
    } catch (e) {
      later();
      throw e;
    }
    if (!settled) later();
    await this.#saveState();
    return written;
  }

  /** Marks the hosts whose rewritten days began before `beforeMs` (yesterday: the forecast cycle sums its last day itself). */
  async #mark(hosts: ReadonlyMap<string, number>, beforeMs: number): Promise<void> {
    const old = [...hosts].filter(([, fromMs]) => fromMs < beforeMs);
    if (!this.#opts.marks || old.length === 0) return;
    const timeNs = msToNs(Date.now()); // the wall clock, which the scheduler compares with its own
    const points: MetricPoint[] = old.map(([host, fromMs]) => ({ measurement: REWRITE_MEASUREMENT, tags: { host }, fields: { [REWRITE_FROM_FIELD]: float(fromMs) }, timeNs }));
    await this.#opts.marks.write(points);
  }
}

/** Keeps a host's earliest rewritten day (epoch ms). */
function earliest(rewritten: Map<string, number>, host: string, fromMs: number): void {
  rewritten.set(host, Math.min(rewritten.get(host) ?? Infinity, fromMs));
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
