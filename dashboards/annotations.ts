/**
 * Annotations shared by the dashboards, read from InfluxDB with annotation queries (each row becomes an
 * event; named columns give its text, tags and end): Runway's alert state changes, and the holidays the
 * forecast job models, drawn as regions so a planner sees why a peak or a dip was expected.
 */
import { AnnotationQueryBuilder, type QueryVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { InfluxQLAnnotationTargetBuilder } from './influxql-query.ts';
import { tagMatches, tagValuesVariable } from './panel-kit.ts';

/**
 * Written by the forecast job, one point per holiday occurrence at its start, per customer (tag
 * `customer`, as on metrics); absent until it runs.
 */
export const HOLIDAY_MEASUREMENT = 'holiday';

/** Holidays and events are the selected customer's own: never another customer's country or campaign. */
const CUSTOMER_HOLIDAYS = tagMatches('customer', 'customer');

/**
 * The countries whose holidays are shown, among the customer's. "All" by default, and with a custom
 * all value: while the forecast job has written no holiday yet the list is empty, and `.*` still
 * gives a valid query.
 */
export function countryVariable(): QueryVariableBuilder {
  return tagValuesVariable('country', `SHOW TAG VALUES FROM "${HOLIDAY_MEASUREMENT}" WITH KEY = "country" WHERE ${CUSTOMER_HOLIDAYS}`, {
    label: 'Holidays of',
    multi: true,
    includeAll: true,
    allValue: '.*',
  });
}

/** The customer's holidays and events of the selected countries as regions: `time_end` (epoch ms) closes each one. */
export function holidayAnnotation(): AnnotationQueryBuilder {
  const query =
    'SELECT "text", "time_end", "country", "name" FROM "holiday" ' +
    `WHERE ${CUSTOMER_HOLIDAYS} AND ${tagMatches('country', 'country')} AND $timeFilter`;
  return new AnnotationQueryBuilder()
    .name('Holidays')
    .datasource(RUNWAY_DATASOURCE)
    .enable(true)
    .iconColor('purple')
    .target(
      new InfluxQLAnnotationTargetBuilder(query)
        .refId('Holidays')
        .textColumn('text')
        .timeEndColumn('time_end')
        .tagsColumns(['country', 'name']),
    );
}

/**
 * Alert state changes (firing, resolved) of the resources `filter` selects, e.g. one host's. Only
 * changes are written, so an empty answer just means nothing changed in the time range.
 */
export function alertAnnotation(filter: string): AnnotationQueryBuilder {
  const query =
    'SELECT "summary", "state", "severity", "resource" FROM "alert" ' + `WHERE ${filter} AND $timeFilter`;
  return new AnnotationQueryBuilder()
    .name('Runway alerts')
    .datasource(RUNWAY_DATASOURCE)
    .enable(true)
    .iconColor('red')
    .target(
      new InfluxQLAnnotationTargetBuilder(query).textColumn('summary').tagsColumns(['severity', 'state', 'resource']),
    );
}
