/**
 * Targets that read the rollups instead of raw points, so that a panel showing months or years asks
 * InfluxDB for a few thousand points, never years of raw ones (see README "Grafana").
 *
 * One panel serves every range, switching source by Grafana's interval as a user zooms: below a day per
 * point it reads the hourly rollup (and, for days that arrived as a backfill, the history policy, which
 * holds them as they came: hourly or coarser, and never rolled up hourly); from a day per point on, the
 * daily rollup. Each tier is a target of its own whose WHERE holds `$__interval_ms` compared with a day:
 * InfluxDB reduces that comparison of two numbers to true or false, so exactly one tier answers. Panels
 * using these targets get a minimum interval of an hour, the finest grain the rollups keep.
 */
import { GRAIN_MS, HISTORY_RP, rollupField, rollupFrom, type RollupGrain, type RollupStat } from '../core/rollups.ts';
import type { InfluxQLQueryBuilder } from './influxql-query.ts';
import { influx } from './panel-kit.ts';

/** The finest interval a panel reading the rollups asks for: Grafana's "Min interval" of the panel. */
export const ROLLUP_MIN_INTERVAL = '1h';

/** The condition that turns a tier on; the hourly tier answers below a day per point, the daily one from a day on. */
const TIER_CONDITION: Readonly<Record<RollupGrain, string>> = {
  hour: `$__interval_ms < ${GRAIN_MS.day}`,
  day: `$__interval_ms >= ${GRAIN_MS.day}`,
};

export interface RollupSeries {
  measurement: string;
  /** The raw field, e.g. `used_percent`. */
  field: string;
  /**
   * A second raw field the series is a percentage of, e.g. `inodes_total` for `inodes_used`: each point
   * is then 100 × the statistic of `field` / the statistic of this one, over the same interval.
   */
  percentOf?: string;
  /** The statistic per point: the max of maxima, the min of minima, the mean of means. */
  stat: RollupStat;
  /** InfluxQL condition choosing the series (tags only), without the time filter. */
  where: string;
  /** Column name (the query's), and the series' display name (the target's alias, e.g. `$tag_host`). */
  alias: string;
  /** Tags that split the answer into series of their own (one timeline lane per host). */
  groupBy?: readonly string[];
  /** The target's alias when it is not the column name. */
  displayName?: string;
}

/** The InfluxQL of one tier, grouped by Grafana's interval. */
export function rollupTierQuery(series: RollupSeries, grain: RollupGrain): string {
  const { measurement, field, stat, where, alias, percentOf } = series;
  const tier = `$timeFilter AND ${TIER_CONDITION[grain]}`;
  const group = `GROUP BY ${['time($__interval)', ...(series.groupBy ?? []).map((t) => `"${t}"`)].join(', ')} fill(null)`;
  // The value per interval from the columns holding the field (and the field it is a percentage of).
  const value = (column: string, ofColumn: string): string =>
    percentOf === undefined ? `${stat}("${column}")` : `100 * ${stat}("${column}") / ${stat}("${ofColumn}")`;
  if (grain === 'day') {
    const rolled = (f: string): string => rollupField(stat, f);
    return `SELECT ${value(rolled(field), rolled(percentOf ?? field))} AS "${alias}" FROM ${rollupFrom('day', measurement)} WHERE ${where} AND ${tier} ${group}`;
  }
  // Live days are in the hourly rollup, backfilled ones only in the history policy as they came: the
  // union of both, under one column name (two with percentOf), is one series.
  const columns = (f: (raw: string) => string): string =>
    [`"${f(field)}" AS "v"`, ...(percentOf === undefined ? [] : [`"${f(percentOf)}" AS "w"`])].join(', ');
  const live = `SELECT ${columns((f) => rollupField(stat, f))} FROM ${rollupFrom('hour', measurement)} WHERE ${where} AND $timeFilter`;
  const backfilled = `SELECT ${columns((f) => f)} FROM "${HISTORY_RP}"."${measurement}" WHERE ${where} AND $timeFilter`;
  return `SELECT ${value('v', 'w')} AS "${alias}" FROM (${live}), (${backfilled}) WHERE ${tier} ${group}`;
}

/** Both tiers of a series as targets: `refId` for the hourly one, `refId` + `_daily` for the daily one. */
export function rollupTargets(refId: string, series: RollupSeries): InfluxQLQueryBuilder[] {
  return [
    influx(refId, rollupTierQuery(series, 'hour')).alias(series.displayName ?? series.alias),
    influx(`${refId}_daily`, rollupTierQuery(series, 'day')).alias(series.displayName ?? series.alias),
  ];
}

/**
 * The intervals (ms per point) at which a query answers: the tier its `$__interval_ms` condition
 * selects, or any interval for a query without one. Tests run each query where it answers.
 */
export function answeringIntervalsMs(query: string): { fromMs: number; toMs: number } {
  if (query.includes(TIER_CONDITION.hour)) return { fromMs: 0, toMs: GRAIN_MS.day };
  if (query.includes(TIER_CONDITION.day)) return { fromMs: GRAIN_MS.day, toMs: Infinity };
  return { fromMs: 0, toMs: Infinity };
}
