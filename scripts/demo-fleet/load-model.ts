/**
 * Host load as a function of absolute time:
 *   load1 = idle + (peak − idle) · growth · hourShape · weekday · season · events · noise
 * Load does not depend on endMs: the Christmas of 2026 is the first to overload the shop
 * whatever the history length, which is what makes the demo's forecast checkable.
 */
import { civilDate, DAY_MS, HOUR_MS, LocalClock, yearEvents, ZONES } from './calendar.ts';
import { noiseKey, signedAt, smoothAt } from './prng.ts';
import type { DemoHost, HostKind } from './types.ts';

/** Instant at which LoadProfile.peak holds; growth compounds from here in both directions. */
export const LOAD_REF_MS = Date.UTC(2026, 10, 21);
const YEAR_MS = 365.25 * DAY_MS;

// Relative traffic by local hour 0–23 (max 1). Shops peak in the evening, offices by day,
// florists in the morning (same-day delivery orders), backups at night.
const HOUR_SHAPES: Record<HostKind, readonly number[]> = {
  shop: [0.22, 0.15, 0.1, 0.08, 0.08, 0.1, 0.18, 0.3, 0.42, 0.5, 0.55, 0.6, 0.65, 0.62, 0.58, 0.58, 0.62, 0.7, 0.82, 0.95, 1, 0.92, 0.7, 0.42],
  florist: [0.1, 0.06, 0.05, 0.05, 0.06, 0.12, 0.35, 0.6, 0.85, 1, 0.95, 0.85, 0.75, 0.7, 0.62, 0.5, 0.45, 0.5, 0.6, 0.7, 0.66, 0.52, 0.35, 0.18],
  web: [0.12, 0.1, 0.08, 0.08, 0.08, 0.12, 0.25, 0.5, 0.8, 0.95, 1, 0.98, 0.9, 0.95, 0.98, 0.92, 0.8, 0.62, 0.5, 0.45, 0.4, 0.32, 0.22, 0.16],
  // Nightly batch jobs (reports, VACUUM) at 02–03 on top of office-hour queries.
  db: [0.25, 0.5, 0.85, 0.7, 0.3, 0.15, 0.2, 0.45, 0.75, 0.92, 1, 0.97, 0.88, 0.93, 0.95, 0.9, 0.78, 0.6, 0.48, 0.42, 0.38, 0.33, 0.28, 0.25],
  mail: [0.15, 0.12, 0.1, 0.1, 0.12, 0.2, 0.45, 0.85, 1, 0.9, 0.8, 0.75, 0.7, 0.75, 0.8, 0.78, 0.65, 0.5, 0.4, 0.35, 0.3, 0.25, 0.2, 0.17],
  backup: [0.7, 1, 1, 0.9, 0.6, 0.3, 0.15, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.15, 0.25],
};

// Monday … Sunday (max 1). Web shops peak on Sunday evenings; offices rest at weekends.
const WEEKDAY: Record<HostKind, readonly number[]> = {
  shop: [0.92, 0.9, 0.9, 0.9, 0.88, 0.85, 1],
  florist: [0.85, 0.85, 0.9, 0.95, 1, 0.85, 0.6],
  web: [1, 0.98, 0.97, 0.95, 0.88, 0.5, 0.5],
  db: [1, 0.98, 0.97, 0.95, 0.9, 0.6, 0.6],
  mail: [1, 0.97, 0.95, 0.93, 0.85, 0.35, 0.35],
  backup: [1, 1, 1, 1, 1, 1, 1],
};

/** Traffic multipliers of one local day; `evening` applies from 17:00, blended in from 14:00. */
export interface DayFactors {
  day: number;
  evening: number;
  /** The event that lifts this day most, or null when none lifts it by more than 10 %. */
  event: string | null;
}

const cosRamp = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : (1 - Math.cos(Math.PI * x)) / 2);

/** Cosine bump of height 1 at `center` (day of year), zero beyond ± halfWidth days. */
const bump = (doy: number, center: number, halfWidth: number): number =>
  Math.abs(doy - center) >= halfWidth ? 0 : (1 + Math.cos((Math.PI * (doy - center)) / halfWidth)) / 2;

/** Shop Christmas season: ~4-week ramp to a Dec 15–22 plateau, quiet Christmas evenings, sales after. */
function shopChristmas(month: number, day: number, m: number): [number, number] {
  if (month === 11 && day >= 18) return [1 + (m - 1) * cosRamp((day - 18) / 27), 1 + (m - 1) * cosRamp((day - 18) / 27)];
  if (month === 12) {
    if (day <= 14) {
      const r = 1 + (m - 1) * cosRamp((day + 12) / 27);
      return [r, r];
    }
    if (day <= 22) return [m, m];
    if (day === 23) return [1 + (m - 1) * 0.8, 1 + (m - 1) * 0.8];
    if (day === 24) return [1 + (m - 1) * 0.5, 0.35];
    if (day === 25) return [0.6, 0.45];
    if (day === 26) return [0.9, 0.6];
    if (day <= 30) return [1.35 - (day - 27) * 0.08, 1.35 - (day - 27) * 0.08];
    return [1, 0.4];
  }
  if (month === 1 && day === 1) return [0.7, 0.7];
  return [1, 1];
}

/** Florist Christmas: table decorations and gifts before Christmas Eve, then closed. */
function floristChristmas(month: number, day: number, m: number): [number, number] {
  if (month !== 12 || day < 18) return [1, 1];
  if (day <= 23) return [m, m];
  if (day === 24) return [1 + (m - 1) * 1.6, 0.3];
  if (day <= 26) return [0.4, 0.4];
  return [1, 1];
}

// Share of an event's lift by days relative to the event day.
const BLACK_FRIDAY: Record<number, number> = { [-1]: 0.15, 0: 1, 1: 0.5, 2: 0.4, 3: 0.75 };
const VALENTINES: Record<number, number> = { [-4]: 0.12, [-3]: 0.25, [-2]: 0.45, [-1]: 0.85, 0: 1 };
// Orders for Mother's Day (a Sunday) peak on the Saturday before.
const MOTHERS_DAY: Record<number, number> = { [-6]: 0.1, [-5]: 0.18, [-4]: 0.3, [-3]: 0.45, [-2]: 0.65, [-1]: 1, 0: 0.55 };

const lift = (table: Record<number, number>, offset: number, amp: number): number =>
  1 + (amp - 1) * (table[offset] ?? 0);

/** Slow yearly pattern outside events: summer holidays (deep in DK/SE), the Christmas week. */
function season(pattern: HostKind, month: number, day: number, doy: number, nordic: boolean): number {
  if (pattern === 'backup') return 1;
  if (pattern === 'shop' || pattern === 'florist') {
    return (1 - 0.15 * bump(doy, 200, 35)) * (month === 1 && day >= 2 && day <= 20 ? 0.9 : 1);
  }
  const holidays = (month === 12 && day >= 24) || (month === 1 && day === 1) ? 0.55 : 1;
  return (1 - (nordic ? 0.3 : 0.15) * bump(doy, 200, 30)) * holidays;
}

/** Traffic multipliers for one local day of a host. */
export function dayFactors(host: DemoHost, dayNum: number): DayFactors {
  const p = host.load;
  const { year, month, day } = civilDate(dayNum);
  const ev = yearEvents(host.country, year);
  const doy = dayNum - Math.round(Date.UTC(year, 0, 1) / DAY_MS);
  const base = season(p.pattern, month, day, doy, host.country !== 'DE');
  const [xDay, xEve] =
    p.christmas === 1 ? [1, 1] : p.pattern === 'florist' ? floristChristmas(month, day, p.christmas) : shopChristmas(month, day, p.christmas);
  const bf = lift(BLACK_FRIDAY, dayNum - ev.blackFriday, p.blackFriday);
  const val = lift(VALENTINES, dayNum - ev.valentines, p.valentines);
  const md = lift(MOTHERS_DAY, dayNum - ev.mothersDay, p.mothersDay);
  const lifts: [string, number][] = [['christmas', Math.max(xDay, xEve)], ['black-friday', bf], ['valentines', val], ['mothers-day', md]];
  let event: string | null = null;
  let best = 1.1;
  for (const [name, v] of lifts) if (v > best) [event, best] = [name, v];
  const rest = base * bf * val * md;
  return { day: rest * xDay, evening: rest * xEve, event };
}

export interface LoadSample {
  load1: number;
  load5: number;
  load15: number;
  /** load1 without noise, used for CPU and memory so that they follow load. */
  det: number;
  event: string | null;
  /** Local wall-clock hour and weekday (0 = Monday), for things people do by the clock. */
  hour: number;
  dow: number;
}

/** /proc/loadavg has two decimals. */
const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Per-host load generator; caches day factors so hourly evaluation stays cheap. */
export class HostLoad {
  private readonly clock: LocalClock;
  private readonly days = new Map<number, DayFactors>();
  private readonly k1: number;
  private readonly k5: number;
  private readonly k15: number;
  private readonly kSlow: number;
  private readonly logGrowth: number;

  private readonly host: DemoHost;
  constructor(host: DemoHost, seed: number) {
    this.host = host;
    this.clock = new LocalClock(ZONES[host.country]);
    this.k1 = noiseKey(seed, host.host, 'load1');
    this.k5 = noiseKey(seed, host.host, 'load5');
    this.k15 = noiseKey(seed, host.host, 'load15');
    this.kSlow = noiseKey(seed, host.host, 'load-slow');
    this.logGrowth = Math.log(1 + host.load.growthPerYear);
  }

  private factors(dayNum: number): DayFactors {
    let f = this.days.get(dayNum);
    if (!f) this.days.set(dayNum, (f = dayFactors(this.host, dayNum)));
    return f;
  }

  at(ms: number): LoadSample {
    const p = this.host.load;
    const lt = this.clock.at(ms);
    const f = this.factors(lt.dayNum);
    const shape = HOUR_SHAPES[p.pattern];
    const h0 = Math.floor(lt.hour);
    const frac = lt.hour - h0;
    const hourly = shape[h0]! * (1 - frac) + shape[(h0 + 1) % 24]! * frac;
    const eveningShare = Math.min(1, Math.max(0, (lt.hour - 14) / 3));
    const event = f.day * (1 - eveningShare) + f.evening * eveningShare;
    const growth = Math.exp((this.logGrowth * (ms - LOAD_REF_MS)) / YEAR_MS);
    const det = p.idle + (p.peak - p.idle) * growth * hourly * WEEKDAY[p.pattern][lt.dow]! * event;
    const hourIndex = Math.floor(ms / HOUR_MS);
    // Day-to-day wander (±4 %) plus sample noise; bounded so that designed margins hold.
    const slow = 1 + 0.04 * smoothAt(this.kSlow, hourIndex, 36);
    return {
      det,
      load1: r2(det * slow * (1 + 0.05 * signedAt(this.k1, hourIndex))),
      load5: r2(det * slow * (1 + 0.025 * signedAt(this.k5, hourIndex))),
      load15: r2(det * slow * (1 + 0.012 * signedAt(this.k15, hourIndex))),
      event: f.event,
      hour: lt.hour,
      dow: lt.dow,
    };
  }
}
