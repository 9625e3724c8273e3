/**
 * Grafana-managed alert rules on the `runway` measurement, built with the SDK's alerting and expression
 * builders: a raw InfluxQL query per rule, reduced to one number per resource, then compared.
 *
 * The tiers are Runway's defaults (RUNWAY_CRITICAL_DAYS, RUNWAY_WARNING_DAYS): a rule file cannot read
 * Runway's settings, and Grafana does not interpolate environment variables inside query models.
 */
import { QueryBuilder, RuleBuilder, RuleGroupBuilder, type RuleGroup } from '@grafana/grafana-foundation-sdk/alerting';
import { TypeMathBuilder, TypeReduceBuilder, TypeThresholdBuilder } from '@grafana/grafana-foundation-sdk/expr';
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { loadConfig } from '../core/config.ts';
import { ALERT_NAME, type RunwayMetric } from '../core/runway-row.ts';
import { GRAFANA_FOLDER } from './dashboard-provider.ts';
import { DATASOURCE_UID, RUNWAY_DATASOURCE } from './datasource.ts';
import { FLEET_DASHBOARD_UID } from './fleet-runway.ts';
import { InfluxQLQueryBuilder } from './influxql-query.ts';
import { NO_CROSSING_DAYS } from './runway-table.ts';

/** Grafana's pseudo data source for server-side expressions. */
export const EXPRESSION_UID = '__expr__';
const EXPRESSION_DATASOURCE = { type: EXPRESSION_UID, uid: EXPRESSION_UID };

/** Same folder as the dashboards, so rules sit next to the panels they link to (see GRAFANA_FOLDER). */
export const ALERT_FOLDER = GRAFANA_FOLDER;
export const RULE_GROUP = 'runway-capacity';
/** Forecast runs are hourly by default; every 5 minutes notices a new run soon enough. */
export const RULE_GROUP_INTERVAL_S = 300;
/** Two days of runway rows: the newest row per resource survives a day of missed runs. */
export const LOOKBACK_S = 2 * 86_400;

/** Runway's default tiers, not whatever the generating shell's environment says. */
const DEFAULTS = loadConfig({});
export const CRITICAL_DAYS = DEFAULTS.criticalDays;
export const WARNING_DAYS = DEFAULTS.warningDays;

/** The runway table panel of the fleet dashboard, linked from every notification. */
export const RULE_DASHBOARD = { uid: FLEET_DASHBOARD_UID, panelId: 3 } as const;

/**
 * Days left of the newest row per resource. The arithmetic is what makes it the newest row: a raw
 * SELECT skips points lacking every selected field, so `"days_left"` alone would return an older run's
 * value once the latest run forecasts no crossing. Adding `"current" * 0` keeps that row, as null.
 */
export function daysLeftQuery(metric: RunwayMetric): string {
  return (
    'SELECT "days_left" + "current" * 0 AS "days_left" FROM "runway" ' +
    `WHERE "metric" = '${metric}' AND $timeFilter ` +
    'GROUP BY "customer", "host", "resource" ORDER BY time DESC LIMIT 1'
  );
}

/** Runway rows written in the lookback window: none means the forecast job stopped. */
export const RUNWAY_ROWS_QUERY = 'SELECT count("current") AS "rows" FROM "runway" WHERE $timeFilter';

function influxQuery(refId: string, query: string): QueryBuilder {
  return new QueryBuilder(refId)
    .datasourceUid(DATASOURCE_UID)
    .relativeTimeRange({ from: LOOKBACK_S, to: 0 })
    .model(new InfluxQLQueryBuilder(query).refId(refId).datasource(RUNWAY_DATASOURCE));
}

function expression(refId: string, model: Builder<Dataquery>): QueryBuilder {
  return new QueryBuilder(refId).datasourceUid(EXPRESSION_UID).model(model);
}

/** The newest value per resource; "no crossing" (null) becomes far beyond any tier. */
const reduceDaysLeft = (refId: string, input: string): QueryBuilder =>
  expression(
    refId,
    new TypeReduceBuilder()
      .refId(refId)
      .datasource(EXPRESSION_DATASOURCE)
      .expression(input)
      .reducer('last')
      .settings({ mode: 'replaceNN', replaceWithValue: NO_CROSSING_DAYS }),
  );

type Evaluator = 'gt' | 'lt' | 'lte';

const threshold = (refId: string, input: string, type: Evaluator, value: number): QueryBuilder =>
  expression(
    refId,
    new TypeThresholdBuilder()
      .refId(refId)
      .datasource(EXPRESSION_DATASOURCE)
      .expression(input)
      .conditions([{ evaluator: { type, params: [value] } }]),
  );

const math = (refId: string, formula: string): QueryBuilder =>
  expression(refId, new TypeMathBuilder().refId(refId).datasource(EXPRESSION_DATASOURCE).expression(formula));

/** What the file format has and the SDK's rule type does not. */
export interface RuleLink {
  dashboardUid: string;
  panelId: number;
}

export interface RunwayRule {
  rule: RuleBuilder;
  link?: RuleLink;
}

/** What each rule's summary says of its resource, days left templated in. */
const SUMMARY: Record<RunwayMetric, string> = {
  disk_used_percent: '{{ $labels.resource }} is forecast to reach its threshold in {{ humanize $values.B.Value }} days',
  inodes_used_percent: '{{ $labels.resource }}: the filesystem is forecast to run out of inodes in {{ humanize $values.B.Value }} days',
  load_daily_max: 'the daily peak load is forecast to exceed the cores in {{ humanize $values.B.Value }} days',
  mem_used_percent: 'the daily peak memory use is forecast to reach its threshold in {{ humanize $values.B.Value }} days',
  cpu_p95_percent: 'the daily 95th percentile of CPU use is forecast to reach its threshold in {{ humanize $values.B.Value }} days',
};

/** The short name in rule uids: runway-disk-critical, runway-memory-warning. */
const UID_PART: Record<RunwayMetric, string> = { disk_used_percent: 'disk', inodes_used_percent: 'inodes', load_daily_max: 'load', mem_used_percent: 'memory', cpu_p95_percent: 'cpu' };

const summary = (what: string): Record<string, string> => ({
  summary: `{{ $labels.host }} ({{ $labels.customer }}): ${what}`,
  description:
    "From Runway's latest forecast run. The fleet dashboard's runway table has the likely, earliest and " +
    'latest crossing dates; the host detail dashboard shows the forecast band.',
});

/** Settings every capacity rule shares: one number per resource from the newest runway row. */
function capacityRule(uid: string, title: string, severity: string): RuleBuilder {
  return new RuleBuilder(title)
    .uid(uid)
    .labels({ severity })
    // Two evaluations must agree, so a run that is still being written does not flap an alert.
    .forDuration('10m')
    // Like Runway's own clearing (two runs), a resolved forecast stays firing two more hours.
    .keepFiringFor('2h')
    // No rows means no resource is forecast: nothing to warn about (RunwayForecastMissing covers that).
    .noDataState('OK')
    // An InfluxDB outage says nothing about capacity: keep the last state rather than page.
    .execErrState('KeepLast');
}

function criticalRule(metric: RunwayMetric): RuleBuilder {
  return capacityRule(`runway-${UID_PART[metric]}-critical`, `${ALERT_NAME[metric]} critical`, 'critical')
    .queries([
      influxQuery('A', daysLeftQuery(metric)),
      reduceDaysLeft('B', 'A'),
      threshold('C', 'B', 'lte', CRITICAL_DAYS),
    ])
    .condition('C')
    .annotations(summary(SUMMARY[metric]));
}

/** Warning only up to the critical tier, so a resource about to run out does not alert twice. */
function warningAboveCritical(metric: RunwayMetric): RuleBuilder {
  return capacityRule(`runway-${UID_PART[metric]}-warning`, `${ALERT_NAME[metric]} warning`, 'warning')
    .queries([
      influxQuery('A', daysLeftQuery(metric)),
      reduceDaysLeft('B', 'A'),
      math('C', `$B > ${CRITICAL_DAYS} && $B <= ${WARNING_DAYS}`),
      threshold('D', 'C', 'gt', 0),
    ])
    .condition('D')
    .annotations(summary(SUMMARY[metric]));
}

/** A peak over capacity (load, CPU) slows a shop down but loses nothing: a warning at most, as in Runway. */
function warningOnly(metric: RunwayMetric): RuleBuilder {
  return capacityRule(`runway-${UID_PART[metric]}-warning`, `${ALERT_NAME[metric]} warning`, 'warning')
    .queries([
      influxQuery('A', daysLeftQuery(metric)),
      reduceDaysLeft('B', 'A'),
      threshold('C', 'B', 'lte', WARNING_DAYS),
    ])
    .condition('C')
    .annotations(summary(SUMMARY[metric]));
}

/** Without runway rows every rule above is silently OK, so their absence alerts by itself. */
function forecastMissing(): RuleBuilder {
  return new RuleBuilder('RunwayForecastMissing')
    .uid('runway-forecast-missing')
    .labels({ severity: 'warning' })
    .queries([
      influxQuery('A', RUNWAY_ROWS_QUERY),
      expression(
        'B',
        new TypeReduceBuilder().refId('B').datasource(EXPRESSION_DATASOURCE).expression('A').reducer('last'),
      ),
      threshold('C', 'B', 'lt', 1),
    ])
    .condition('C')
    .forDuration('30m')
    .noDataState('Alerting')
    .execErrState('Alerting')
    .annotations({
      summary: 'No runway rows for two days: the forecast job is not running or cannot write to InfluxDB.',
    });
}

export function runwayRules(): RunwayRule[] {
  const link = { dashboardUid: RULE_DASHBOARD.uid, panelId: RULE_DASHBOARD.panelId };
  // Lost data (a full disk, no inode, no memory) may go critical; a slowdown (load, CPU) stays a warning, as in Runway.
  const losing: RunwayMetric[] = ['disk_used_percent', 'inodes_used_percent', 'mem_used_percent'];
  return [
    ...losing.flatMap((m) => [{ rule: criticalRule(m), link }, { rule: warningAboveCritical(m), link }]),
    { rule: warningOnly('load_daily_max'), link },
    { rule: warningOnly('cpu_p95_percent'), link },
    { rule: forecastMissing() },
  ];
}

export function runwayRuleGroup(): RuleGroup {
  return new RuleGroupBuilder(RULE_GROUP)
    .interval(RULE_GROUP_INTERVAL_S)
    .rules(runwayRules().map((r) => r.rule))
    .build();
}
