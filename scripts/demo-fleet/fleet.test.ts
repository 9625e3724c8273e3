import { createHash } from 'node:crypto';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { formatPoints } from '../../core/line-protocol-format.ts';
import type { FieldValue, MetricPoint } from '../../core/schema.ts';
import { demoFleet, demoTruth, hostBatches, hostPointCount, type DemoFleetOptions, type DemoHost } from './fleet.ts';

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 21);
const SMALL: DemoFleetOptions = { endMs: END, hosts: 6 };

const allPoints = (host: DemoHost, opts: DemoFleetOptions): MetricPoint[] => [...hostBatches(host, opts)].flat();
const num = (v: FieldValue | undefined): number => (v && (v.type === 'float' || v.type === 'int') ? Number(v.value) : NaN);
const dayOf = (p: MetricPoint): number => Math.floor(Number(p.timeNs / 1_000_000n) / DAY) * DAY;
const daysAfterEnd = (ms: number | null, end = END) => (ms === null ? Infinity : (ms - end) / DAY);

/** Daily maximum of a field, keyed by UTC day start. */
function dailyMax(points: MetricPoint[], measurement: string, field: string, tag?: [string, string]): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of points) {
    if (p.measurement !== measurement || (tag && p.tags[tag[0]] !== tag[1])) continue;
    const d = dayOf(p);
    out.set(d, Math.max(out.get(d) ?? -Infinity, num(p.fields[field])));
  }
  return out;
}
const maxBetween = (m: Map<number, number>, from: number, to: number) =>
  Math.max(...[...m].filter(([d]) => d >= from && d < to).map(([, v]) => v));

/** Mother's Day as date-holidays knows it, as a UTC day start. */
function mothersDay(country: string, year: number): number {
  const h = new Holidays(country, { languages: ['en'] }).getHolidays(year, 'en').find((x) => x.name === "Mother's Day")!;
  return Date.parse(h.date.slice(0, 10) + 'T00:00:00Z');
}

function hashRun(opts: DemoFleetOptions): string {
  const hash = createHash('sha256');
  for (const host of demoFleet(opts)) for (const batch of hostBatches(host, opts)) hash.update(formatPoints(batch));
  return hash.digest('hex');
}

describe('determinism', () => {
  it('same options give identical points; another seed gives other noise', () => {
    const opts = { ...SMALL, days: 45 };
    expect(hashRun(opts)).toBe(hashRun({ ...opts }));
    expect(hashRun({ ...opts, seed: 7 })).not.toBe(hashRun(opts));
  });

  it('load does not depend on history length or endMs, so truth is the continued simulation', () => {
    const host = demoFleet(SMALL)[0]!;
    const a = allPoints(host, { endMs: END, days: 10 }).filter((p) => p.measurement === 'system');
    const b = allPoints(host, { endMs: END + 5 * DAY, days: 30 }).filter((p) => p.measurement === 'system');
    const byTime = new Map(b.map((p) => [p.timeNs, p.fields.load1]));
    expect(a.length).toBe(240);
    for (const p of a) expect(byTime.get(p.timeNs)).toEqual(p.fields.load1);
  });
});

describe('Telegraf shape', () => {
  const host = demoFleet(SMALL).find((h) => h.host === 'hyggehjem-db1')!;
  const points = allPoints(host, { ...SMALL, days: 3 });
  const expected: Record<string, { tags: string[]; ints: string[]; floats: string[] }> = {
    system: { tags: ['customer', 'host'], ints: ['n_cpus', 'n_users'], floats: ['load1', 'load5', 'load15'] },
    cpu: { tags: ['cpu', 'customer', 'host'], ints: [], floats: ['usage_guest', 'usage_guest_nice', 'usage_idle', 'usage_iowait', 'usage_irq', 'usage_nice', 'usage_softirq', 'usage_steal', 'usage_system', 'usage_user'] },
    mem: { tags: ['customer', 'host'], ints: ['available', 'buffered', 'cached', 'free', 'total', 'used'], floats: ['available_percent', 'used_percent'] },
    disk: { tags: ['customer', 'device', 'fstype', 'host', 'mode', 'path'], ints: ['free', 'inodes_free', 'inodes_total', 'inodes_used', 'total', 'used'], floats: ['used_percent'] },
  };

  it('uses Telegraf measurement, tag and field names with Telegraf types', () => {
    expect(points.length).toBe(3 * 24 * (3 + host.disks.length));
    expect(hostPointCount(host, { ...SMALL, days: 3 })).toBe(points.length);
    for (const p of points) {
      const e = expected[p.measurement]!;
      expect(Object.keys(p.tags).sort()).toEqual(e.tags);
      expect(Object.keys(p.fields).sort()).toEqual([...e.ints, ...e.floats].sort());
      for (const f of e.ints) expect(p.fields[f]!.type).toBe('int');
      for (const f of e.floats) expect(p.fields[f]!.type).toBe('float');
      expect(p.tags.host).toBe('hyggehjem-db1');
      expect(p.tags.customer).toBe('hyggehjem');
    }
    const disk = points.find((p) => p.measurement === 'disk' && p.tags.path === '/var/lib/mysql')!;
    expect(disk.tags).toMatchObject({ device: 'sdb1', fstype: 'ext4', mode: 'rw' });
    expect(points.find((p) => p.measurement === 'cpu')!.tags.cpu).toBe('cpu-total');
  });

  it('has nanosecond timestamps on the hour, in time order, ending at endMs', () => {
    let last = -1n;
    for (const p of points) {
      expect(p.timeNs % 3_600_000_000_000n).toBe(0n);
      expect(p.timeNs >= last).toBe(true);
      last = p.timeNs;
    }
    expect(last).toBe(BigInt(END) * 1_000_000n);
  });

  it('has consistent values: cpu sums to 100, memory and disk add up, inodes track bytes', () => {
    for (const p of points) {
      const f = (k: string) => num(p.fields[k]);
      if (p.measurement === 'cpu') {
        const sum = Object.values(p.fields).reduce((a, v) => a + num(v), 0);
        expect(sum).toBeCloseTo(100, 1);
        expect(f('usage_idle')).toBeGreaterThan(0);
      } else if (p.measurement === 'mem') {
        expect(f('used') + f('free') + f('buffered') + f('cached')).toBe(f('total'));
        expect(f('available')).toBeGreaterThan(f('free'));
        expect(f('used_percent')).toBeCloseTo((f('used') / f('total')) * 100, 3);
      } else if (p.measurement === 'disk') {
        expect(f('used') + f('free')).toBe(f('total'));
        expect(f('used_percent')).toBeCloseTo((f('used') / f('total')) * 100, 3);
        expect(f('inodes_used') + f('inodes_free')).toBe(f('inodes_total'));
        expect(f('inodes_used')).toBeGreaterThan(0);
      } else {
        expect(f('n_cpus')).toBe(16);
        expect(f('load1')).toBeGreaterThan(0);
      }
    }
  });

  it('chunks into batches of at most batchPoints without changing the points', () => {
    const small = [...hostBatches(host, { ...SMALL, days: 3 }, 7)];
    expect(small.every((b) => b.length <= 7)).toBe(true);
    expect(small.slice(0, -1).every((b) => b.length === 7)).toBe(true);
    expect(formatPoints(small.flat())).toBe(formatPoints(points));
  });
});

describe('disk outcomes (required outcome 1)', () => {
  const truth = demoTruth({ endMs: END });

  it('two disks cross 90 % within 5–30 days, one within 7 days, most not within 90 days', () => {
    const days = truth.disks.map((d) => daysAfterEnd(d.fullAt90Ms));
    expect(days.filter((d) => d >= 5 && d <= 30).length).toBeGreaterThanOrEqual(2);
    expect(days.filter((d) => d > 0 && d <= 7).length).toBeGreaterThanOrEqual(1);
    expect(days.filter((d) => d > 90).length / days.length).toBeGreaterThan(0.85);
    const critical = truth.disks.find((d) => d.scenario === 'critical')!;
    expect(daysAfterEnd(critical.fullAt90Ms)).toBeLessThanOrEqual(7);
  });

  it.each([Date.UTC(2026, 10, 2), Date.UTC(2026, 11, 9, 13), Date.UTC(2026, 11, 31, 23)])('holds for other endMs in Nov–Dec 2026 (%i)', (endMs) => {
    const d = demoTruth({ endMs, hosts: 6 }).disks;
    const byScenario = (s: string) => daysAfterEnd(d.find((x) => x.scenario === s)!.fullAt90Ms, Math.floor(endMs / 3_600_000) * 3_600_000);
    expect(byScenario('critical')).toBeGreaterThanOrEqual(5);
    expect(byScenario('critical')).toBeLessThanOrEqual(7);
    expect(byScenario('warning-accelerating')).toBeLessThanOrEqual(30);
    expect(byScenario('sawtooth-no-alarm')).toBe(Infinity);
  });

  it('the backup sawtooth has high peaks but a flat lower envelope and never crosses', () => {
    const host = demoFleet(SMALL).find((h) => h.host === 'hyggehjem-backup1')!;
    const pts = allPoints(host, { ...SMALL, days: 365 }).filter((p) => p.tags.path === '/backup');
    const weeks = new Map<number, number[]>();
    for (const p of pts) {
      const w = Math.floor(dayOf(p) / (7 * DAY));
      weeks.set(w, [...(weeks.get(w) ?? []), num(p.fields.used_percent)]);
    }
    const full = [...weeks.values()].filter((v) => v.length === 168);
    const mins = full.map((v) => Math.min(...v));
    const maxs = full.map((v) => Math.max(...v));
    expect(Math.max(...mins) - Math.min(...mins)).toBeLessThan(1);
    expect(Math.min(...maxs)).toBeGreaterThan(80);
    expect(Math.max(...maxs)).toBeLessThan(88);
    expect(truth.disks.find((d) => d.mount === '/backup' && d.host === host.host)!.fullAt90Ms).toBeNull();
  });

  it('the accelerating disk grew twice as fast in the last 30 days as the year before', () => {
    const host = demoFleet(SMALL).find((h) => h.host === 'lindqvist-db1')!;
    const used = allPoints(host, { ...SMALL, days: 400 }).filter((p) => p.tags.path === '/var/lib/postgresql');
    const at = (daysBack: number) => num(used[used.length - 1 - daysBack * 24]!.fields.used_percent);
    const recent = (at(0) - at(28)) / 28;
    const before = (at(60) - at(360)) / 300;
    expect(recent / before).toBeGreaterThan(1.8);
    expect(recent / before).toBeLessThan(2.2);
  });
});

describe('load outcomes (required outcome 2)', () => {
  const truth = demoTruth({ endMs: END });
  const shop = demoFleet(SMALL).find((h) => h.scenario === 'christmas-overload')!;
  const shopMax = dailyMax(allPoints(shop, SMALL), 'system', 'load1');

  it('the Christmas shop stayed below its cores in Dec 2024 and 2025, with visible, growing peaks', () => {
    const dec24 = maxBetween(shopMax, Date.UTC(2024, 11, 1), Date.UTC(2025, 0, 1));
    const dec25 = maxBetween(shopMax, Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 1));
    const oct25 = maxBetween(shopMax, Date.UTC(2025, 9, 1), Date.UTC(2025, 10, 1));
    expect(dec24).toBeLessThan(shop.cores);
    expect(dec25).toBeLessThan(shop.cores);
    expect(dec25).toBeGreaterThan(dec24 * 1.2);
    expect(dec25).toBeGreaterThan(oct25 * 1.6);
  });

  it('the Christmas shop first overloads in mid-December 2026, driven by Christmas', () => {
    const t = truth.load.find((l) => l.host === shop.host)!;
    expect(t.driver).toBe('christmas');
    expect(t.overloadMs).toBeGreaterThanOrEqual(Date.UTC(2026, 11, 8));
    expect(t.overloadMs).toBeLessThanOrEqual(Date.UTC(2026, 11, 20));
    // The same day shows up in data generated up to the end of the year.
    const later = dailyMax(allPoints(shop, { endMs: Date.UTC(2026, 11, 31), days: 45 }), 'system', 'load1');
    const first = [...later].filter(([, v]) => v >= shop.cores).map(([d]) => d).sort((a, b) => a - b)[0];
    expect(first).toBe(t.overloadMs);
  });

  it('Christmas Eve and Christmas Day evenings are quiet', () => {
    const eve = (y: number, d: number) => allPoints(shop, { endMs: Date.UTC(y, 11, d, 19), days: 1 / 24 })[0]!;
    expect(num(eve(2025, 24).fields.load1)).toBeLessThan(num(eve(2025, 10).fields.load1) * 0.4);
  });

  it.each([
    ['blomsterhuset-web1', 'DK'],
    ['blomstergarden-web1', 'SE'],
  ])('florist %s peaks before Mother\'s Day of %s and first overloads before it in 2027', (name, country) => {
    const host = demoFleet(SMALL).find((h) => h.host === name)!;
    expect(host.country).toBe(country);
    const max = dailyMax(allPoints(host, SMALL), 'system', 'load1');
    for (const year of [2025, 2026]) {
      const md = mothersDay(country, year);
      const spring = [...max].filter(([d]) => d >= Date.UTC(year, 3, 15) && d < Date.UTC(year, 5, 15));
      const [peakDay, peak] = spring.reduce((a, b) => (b[1] > a[1] ? b : a));
      expect((md - peakDay) / DAY).toBeGreaterThanOrEqual(0);
      expect((md - peakDay) / DAY).toBeLessThanOrEqual(3);
      expect(peak).toBeLessThan(host.cores);
    }
    const t = truth.load.find((l) => l.host === name)!;
    const md27 = mothersDay(country, 2027);
    expect(t.driver).toBe('mothers-day');
    expect((md27 - t.overloadMs!) / DAY).toBeGreaterThanOrEqual(0);
    expect((md27 - t.overloadMs!) / DAY).toBeLessThanOrEqual(6);
  });

  it('Danish and Swedish Mother\'s Days differ, as date-holidays says', () => {
    expect(new Date(mothersDay('DK', 2027)).toISOString().slice(0, 10)).toBe('2027-05-09');
    expect(new Date(mothersDay('SE', 2027)).toISOString().slice(0, 10)).toBe('2027-05-30');
  });

  it('most hosts never overload', () => {
    const never = truth.load.filter((l) => l.overloadMs === null).length;
    expect(never / truth.load.length).toBeGreaterThan(0.8);
  });
});

describe('fleet composition (required outcome 3)', () => {
  it('has ~30 hosts of 4–6 customers, each customer in one country', () => {
    const fleet = demoFleet({ endMs: END });
    expect(fleet.length).toBe(30);
    const countries = new Map<string, Set<string>>();
    for (const h of fleet) countries.set(h.customer, (countries.get(h.customer) ?? new Set()).add(h.country));
    expect(countries.size).toBeGreaterThanOrEqual(4);
    expect(countries.size).toBeLessThanOrEqual(6);
    for (const c of countries.values()) expect(c.size).toBe(1);
    expect(new Set(fleet.map((h) => h.host)).size).toBe(30);
  });

  it('hosts = 6 keeps the critical disk, a warning disk, the Christmas shop and a florist', () => {
    const t = demoTruth(SMALL);
    expect(demoFleet(SMALL).length).toBe(6);
    const days = t.disks.map((d) => daysAfterEnd(d.fullAt90Ms));
    expect(days.some((d) => d <= 7)).toBe(true);
    expect(days.some((d) => d > 7 && d <= 30)).toBe(true);
    expect(t.load.some((l) => l.driver === 'christmas')).toBe(true);
    expect(t.load.some((l) => l.driver === 'mothers-day')).toBe(true);
  });

  it.each([1, 7, 2026])('outcomes hold for seed %i too', (seed) => {
    const t = demoTruth({ endMs: END, seed });
    const days = t.disks.map((d) => daysAfterEnd(d.fullAt90Ms));
    expect(days.filter((d) => d >= 5 && d <= 30).length).toBeGreaterThanOrEqual(2);
    expect(days.filter((d) => d <= 7).length).toBeGreaterThanOrEqual(1);
    const shop = t.load.find((l) => l.driver === 'christmas')!;
    expect(shop.overloadMs).toBeGreaterThanOrEqual(Date.UTC(2026, 11, 8));
    expect(shop.overloadMs).toBeLessThanOrEqual(Date.UTC(2026, 11, 20));
    expect(t.load.filter((l) => l.driver === 'mothers-day').length).toBe(2);
  });
});

describe('the full fleet', () => {
  it('holds two years of hourly points for every host', () => {
    const opts = { endMs: END };
    let n = 0;
    for (const host of demoFleet(opts)) for (const batch of hostBatches(host, opts)) n += batch.length;
    expect(n).toBeGreaterThan(2_500_000);
  });
});
