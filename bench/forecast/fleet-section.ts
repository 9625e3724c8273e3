import { forecastSeries } from '../../forecast/forecast-series.ts';
import { augursMstl } from '../../forecast/models/augurs.ts';
import { linearTrend, seasonalNaive } from '../../forecast/models/baselines.ts';
import { type BenchSeries, FLEET_END_MS, FLEET_WINDOW_DAYS, fleetSeries, HORIZON_DAYS } from './cases.ts';
import { augursProphet } from './prophet.ts';
import { leadTimes } from './lead-time.ts';
import { type CaseResult, crossingStats, fromModel, median, type Method, percentile, runCase, summarise } from './score.ts';

const opts = (c: BenchSeries) => (c.bounds ? { bounds: c.bounds } : {});

const METHODS: Method[] = [
  { name: 'Runway', forecast: (c, train) => forecastSeries(train, { horizonSteps: HORIZON_DAYS, levelPercent: 80, holidays: c.holidays, seasonality: c.seasonality, ...opts(c), choice: 'backtest' }).points },
  { name: 'Runway model alone', forecast: (c, train) => forecastSeries(train, { horizonSteps: HORIZON_DAYS, levelPercent: 80, holidays: c.holidays, seasonality: c.seasonality, ...opts(c), choice: 'runway' }).points },
  fromModel('augurs Prophet', (c) => augursProphet(c.holidays, c.seasonality, c.bounds)),
  fromModel('augurs MSTL', (c) => augursMstl(opts(c))),
  fromModel('seasonal naive', (c) => seasonalNaive(opts(c))),
  fromModel('linear trend 90d', (c) => linearTrend(opts(c))),
];

/** Cases a method threw on (augurs Prophet's optimizer sometimes crashes), per method. */
const failures = new Map<string, number>();

/** A case that throws is counted as failed and skipped, not fatal to the run. */
function attempt(m: Method, c: BenchSeries, origin: number): CaseResult | null {
  try {
    return runCase(m, c, origin);
  } catch (e) {
    failures.set(m.name, (failures.get(m.name) ?? 0) + 1);
    process.stderr.write(`  ${m.name} failed on ${c.name} at ${origin}: ${(e as Error).message.split('\n')[0]}\n`);
    return null;
  }
}

function runAll(cases: BenchSeries[]): Map<string, CaseResult[]> {
  const out = new Map<string, CaseResult[]>();
  for (const m of METHODS) {
    // Warm-up outside the timings (JIT tiers, WASM instantiation): every series from its first
    // three origins, so the times are of the steady state a forecast job running every hour is in.
    // Once per series was not enough for the first method timed: its code was still compiling.
    for (const c of cases) {
      for (const o of c.origins.slice(0, 3)) {
        try {
          runCase(m, c, o);
        } catch {
          // Counted when the timed pass meets it.
        }
      }
    }
    const results: CaseResult[] = [];
    for (const c of cases) {
      for (const o of c.origins) {
        const r = attempt(m, c, o);
        if (r) results.push(r);
      }
    }
    out.set(m.name, results);
    process.stderr.write(`  ${m.name}: ${results.length} cases\n`);
  }
  return sameCases(out);
}

/** Only the cases every method forecast, so all are scored on the same ones. */
function sameCases(results: Map<string, CaseResult[]>): Map<string, CaseResult[]> {
  const key = (r: CaseResult) => `${r.series}@${r.origin}`;
  const counts = new Map<string, number>();
  for (const rs of results.values()) for (const r of rs) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return new Map([...results].map(([name, rs]) => [name, rs.filter((r) => counts.get(key(r)) === results.size)]));
}

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

function printTable(title: string, results: Map<string, CaseResult[]>): void {
  const naive = results.get('seasonal naive')!;
  console.log(`\n${title}`);
  console.log('method                  cases  MASE ratio (geo-mean, vs seasonal naive)  80% coverage  median ms/series  median ms/3-year series  failed');
  for (const [name, rs] of results) {
    const s = summarise(name, rs, naive);
    console.log(`${name.padEnd(22)}  ${String(s.cases).padStart(5)}  ${f(s.maseRatio, 3).padStart(40)}  ${f(s.coverage, 3).padStart(12)}  ${f(s.medianMs, 1).padStart(16)}  ${f(s.medianMs3y, 1).padStart(23)}  ${String(failures.get(name) ?? 0).padStart(6)}`);
  }
  failures.clear();
}

function printCrossings(results: Map<string, CaseResult[]>): void {
  console.log('\nFleet crossings (likely date vs simulated truth; per series and origin, 90 days ahead)');
  console.log('method                  what                        truths  pairs  median err d  p90 err d  missed  (growth changed after origin)  invented');
  const kinds: [string, (r: CaseResult) => boolean][] = [
    ['disk ≥ 90 %', (r) => r.kind === 'disk'],
    ['load ≥ cores, all', (r) => r.kind === 'load'],
    ['load, Christmas/Mother\'s Day', (r) => r.kind === 'load' && (r.driver === 'christmas' || r.driver === 'mothers-day')],
  ];
  for (const [name, rs] of results) {
    for (const [what, keep] of kinds) {
      const s = crossingStats(rs, keep);
      console.log(`${name.padEnd(22)}  ${what.padEnd(28)}  ${String(s.truths).padStart(6)}  ${String(s.pairs).padStart(5)}  ${f(s.medianErrorDays, 1).padStart(12)}  ${f(s.p90ErrorDays, 1).padStart(9)}  ${String(s.missed).padStart(6)}  ${String(s.missedAfterChange).padStart(29)}  ${String(s.invented).padStart(8)}`);
    }
  }
}

/** Per method, how many days ahead daily forecasts kept warning of each true disk crossing. */
function printLeadTimes(cases: BenchSeries[]): void {
  console.log('\nWarning lead time before each true disk crossing (a forecast every day of the 90 before it; lead = days of unbroken warning)');
  console.log('method                  crossings  median lead d  min lead d  under 21 d  date error over those days: median d  p90 d');
  const detail: string[] = [];
  for (const m of METHODS) {
    const leads = leadTimes(m, cases);
    const days = leads.map((l) => l.leadDays).sort((a, b) => a - b);
    const errors = leads.flatMap((l) => l.errorsDays);
    console.log(`${m.name.padEnd(22)}  ${String(leads.length).padStart(9)}  ${f(median(days), 1).padStart(13)}  ${String(days[0] ?? '–').padStart(10)}  ${String(days.filter((d) => d < 21).length).padStart(10)}  ${f(median(errors), 1).padStart(36)}  ${f(percentile(errors, 0.9), 1).padStart(5)}`);
    if (m.name === 'Runway') {
      for (const l of leads) detail.push(`  ${l.series.padEnd(40)}  full ${new Date(l.crossingMs).toISOString().slice(0, 10)}  warned ${String(l.leadDays).padStart(2)} d ahead${l.changedBefore ? '  (growth changed in the 90 days before)' : ''}`);
    }
  }
  console.log('Runway, per crossing:');
  for (const line of detail) console.log(line);
}

/** The simulated fleet: MASE table, crossings and warning lead times. */
export function runFleetSection(quick: boolean): void {
  const every = quick ? 60 : 30;
  process.stderr.write('simulating the fleet…\n');
  const fleet = fleetSeries(every, quick ? 10 : undefined);
  const hosts = new Set(fleet.map((c) => c.name.split(' ')[0])).size;
  console.log(`\nSimulated fleet: ${hosts} hosts, ${fleet.length} series (daily max of load1 and disk used_percent), 3 years of training per origin; origins every ${every} days over the ${FLEET_WINDOW_DAYS} days to ${new Date(FLEET_END_MS).toISOString().slice(0, 10)}; truth = the simulation continued`);
  const fleetResults = runAll(fleet);
  printTable('Simulated fleet', fleetResults);
  printCrossings(fleetResults);
  process.stderr.write('warning lead times…\n');
  printLeadTimes(fleet);
}
