/**
 * "Runway: forecast accuracy": how far to trust each runway figure. Per series, from the latest runway
 * row: the model the forecast job chose, its backtest MASE (below 1 beats the seasonal naive forecast)
 * and the held-out coverage of its 80 % interval (near 0.8 means honest bands). Worst series first.
 */
import {
  DashboardBuilder,
  DashboardCursorSync,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Dashboard,
  type DataTransformerConfig,
  type DynamicConfigValue,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  BigValueColorMode,
  BigValueGraphMode,
  GraphThresholdsStyleMode,
  GraphThresholdsStyleConfigBuilder,
  ReduceDataOptionsBuilder,
  TableCellDisplayMode,
  TableCellHeight,
  TableSortByFieldStateBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { bottomLegend, influx, organizeColumns, tagMatches, tagValuesVariable } from './panel-kit.ts';

export const ACCURACY_DASHBOARD_UID = 'runway-accuracy';

const CUSTOMER_FILTER = tagMatches('customer', 'customer');
const SERIES = '"customer", "host", "resource"';
/** The 80 % interval is honest if about 80 % of held-out points fall in it; 0.7 to 0.9 is tolerated. */
export const COVERAGE_LOW = 0.7;
export const COVERAGE_HIGH = 0.9;

/** MASE 1 is as good as the seasonal naive forecast: from there on the chosen model adds nothing. */
const maseThresholds = (): ThresholdsConfigBuilder =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    { value: 1, color: 'red' },
  ]);

/**
 * Amber outside [0.7, 0.9]. A step colours values from its own value upwards, so the upper step sits a
 * hair above 0.9 to keep exactly 0.9 (e.g. 9 of 10 held-out points) green.
 */
const coverageThresholds = (): ThresholdsConfigBuilder =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'orange' },
    { value: COVERAGE_LOW, color: 'green' },
    { value: COVERAGE_HIGH + 1e-9, color: 'orange' },
  ]);

const thresholdsOverride = (thresholds: ThresholdsConfigBuilder): DynamicConfigValue => ({
  id: 'thresholds',
  value: thresholds.build(),
});

/** The newest runway row per series; InfluxQL cannot sort by a field, the table does. */
export function latestAccuracyQuery(): string {
  return (
    'SELECT "model", "mase", "coverage", "days_left" FROM "runway" ' +
    `WHERE ${CUSTOMER_FILTER} AND $timeFilter GROUP BY ${SERIES} ORDER BY time DESC LIMIT 1`
  );
}

/**
 * Series whose latest `field` satisfies `condition`. last() skips runs without the field (too little
 * history to backtest), so such a series counts with its last backtested value.
 */
export function seriesCountQuery(field: 'mase' | 'coverage', condition: string): string {
  const latest =
    `SELECT last("${field}") AS "${field}" FROM "runway" ` +
    `WHERE ${CUSTOMER_FILTER} AND $timeFilter GROUP BY ${SERIES}`;
  return `SELECT count("${field}") AS "series" FROM (${latest}) WHERE ${condition}`;
}

function countStat(id: number, title: string, description: string, query: string): StatPanelBuilder {
  return new StatPanelBuilder()
    .id(id)
    .title(title)
    .description(description)
    .span(8)
    .height(4)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', query))
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .graphMode(BigValueGraphMode.None)
    .colorMode(BigValueColorMode.Background)
    .decimals(0)
    // InfluxDB returns no rows, rather than 0, when nothing matches.
    .noValue('0');
}

function statPanels(): StatPanelBuilder[] {
  const anyIsBad = (color: string): ThresholdsConfigBuilder =>
    new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
      { value: null, color: 'green' },
      { value: 1, color },
    ]);
  const medianQuery =
    `SELECT median("mase") AS "median MASE" FROM (SELECT last("mase") AS "mase" FROM "runway" ` +
    `WHERE ${CUSTOMER_FILTER} AND $timeFilter GROUP BY ${SERIES})`;
  return [
    countStat(
      1,
      'Series with MASE ≥ 1',
      'Series whose chosen model does no better than the seasonal naive forecast.',
      seriesCountQuery('mase', '"mase" >= 1'),
    ).thresholds(anyIsBad('red')),
    countStat(
      2,
      'Series with coverage outside 0.7–0.9',
      'Series whose 80 % interval held too few (over-confident) or too many (too wide) held-out points.',
      seriesCountQuery('coverage', `"coverage" < ${COVERAGE_LOW} OR "coverage" > ${COVERAGE_HIGH}`),
    ).thresholds(anyIsBad('orange')),
    countStat(3, 'Median MASE', 'Median over series of the latest backtest MASE.', medianQuery)
      .decimals(2)
      .noValue('-')
      .thresholds(maseThresholds()),
  ];
}

const COLUMNS: ReadonlyArray<readonly [field: string, title: string]> = [
  ['customer', 'Customer'],
  ['host', 'Host'],
  ['resource', 'Resource'],
  ['model', 'Model'],
  ['mase', 'MASE'],
  ['coverage', 'Coverage'],
  ['days_left', 'Days left'],
  ['Time', 'Forecast run'],
];

const organize = (): DataTransformerConfig => organizeColumns(COLUMNS);

function accuracyTable(): TablePanelBuilder {
  const colored = { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorBackground } };
  return new TablePanelBuilder()
    .id(4)
    .title('Accuracy per series')
    .description(
      'Latest run per series, worst MASE first. Red: MASE ≥ 1. Amber: interval coverage outside 0.7–0.9. ' +
        'Empty MASE or coverage: too little history to backtest. "beyond horizon": no crossing forecast.',
    )
    .span(24)
    .height(14)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', latestAccuracyQuery()).resultFormat('table'))
    .transformations([{ id: 'merge', options: {} }, organize()])
    .cellHeight(TableCellHeight.Sm)
    .sortBy([new TableSortByFieldStateBuilder().displayName('MASE').desc(true)])
    .overrideByName('MASE', [
      { id: 'decimals', value: 2 },
      thresholdsOverride(maseThresholds()),
      colored,
      { id: 'noValue', value: '-' },
    ])
    .overrideByName('Coverage', [
      { id: 'decimals', value: 2 },
      thresholdsOverride(coverageThresholds()),
      colored,
      { id: 'noValue', value: '-' },
    ])
    // A runway row has no days_left when no crossing is forecast: say so, as the runway tables do.
    .overrideByName('Days left', [{ id: 'decimals', value: 0 }, { id: 'noValue', value: 'beyond horizon' }]);
}

/** How often each model is chosen and how well it does on average, from the same rows as the table. */
function modelTable(): TablePanelBuilder {
  return new TablePanelBuilder()
    .id(5)
    .title('Chosen models')
    .description('Series per chosen model, with their mean MASE and coverage.')
    .span(8)
    .height(8)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', latestAccuracyQuery()).resultFormat('table'))
    .transformations([
      { id: 'merge', options: {} },
      {
        id: 'groupBy',
        options: {
          fields: {
            model: { operation: 'groupby', aggregations: [] },
            host: { operation: 'aggregate', aggregations: ['count'] },
            mase: { operation: 'aggregate', aggregations: ['mean'] },
            coverage: { operation: 'aggregate', aggregations: ['mean'] },
          },
        },
      },
      {
        id: 'organize',
        options: {
          excludeByName: {},
          indexByName: {},
          renameByName: {
            model: 'Model',
            'host (count)': 'Series',
            'mase (mean)': 'Mean MASE',
            'coverage (mean)': 'Mean coverage',
          },
          includeByName: {},
        },
      },
    ])
    .cellHeight(TableCellHeight.Sm)
    .decimals(2)
    .sortBy([new TableSortByFieldStateBuilder().displayName('Series').desc(true)])
    .overrideByName('Series', [{ id: 'decimals', value: 0 }]);
}

/** A fleet-wide accuracy figure per forecast run, so a drift after a change shows. */
function perRunPanel(
  id: number,
  title: string,
  description: string,
  field: 'mase' | 'coverage',
): TimeseriesPanelBuilder {
  const query =
    `SELECT median("${field}") AS "median", min("${field}") AS "min", max("${field}") AS "max" FROM "runway" ` +
    `WHERE ${CUSTOMER_FILTER} AND $timeFilter GROUP BY time($__interval) fill(none)`;
  return new TimeseriesPanelBuilder()
    .id(id)
    .title(title)
    .description(description)
    .span(8)
    .height(8)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', query).alias('$col'))
    .legend(bottomLegend())
    .decimals(2)
    .min(0)
    .thresholds(field === 'mase' ? maseThresholds() : coverageThresholds())
    .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
}

export function forecastAccuracyDashboard(): Dashboard {
  const customers = 'SHOW TAG VALUES FROM "runway" WITH KEY = "customer"';
  const builder = new DashboardBuilder('Runway: forecast accuracy')
    .uid(ACCURACY_DASHBOARD_UID)
    .description('Chosen model, backtest MASE and interval coverage per series, worst first.')
    .tags(['runway', 'forecast'])
    .readonly()
    .tooltip(DashboardCursorSync.Off)
    .time({ from: 'now-7d', to: 'now' })
    .refresh('1h')
    .withVariable(
      tagValuesVariable('customer', customers, { label: 'Customer', multi: true, includeAll: true, allValue: '.*' }),
    );
  for (const stat of statPanels()) builder.withPanel(stat);
  return builder
    .withPanel(accuracyTable())
    .withPanel(modelTable())
    .withPanel(perRunPanel(6, 'MASE per run', 'Median, best and worst MASE over series, per forecast run.', 'mase'))
    .withPanel(
      perRunPanel(7, 'Coverage per run', 'Median, lowest and highest interval coverage over series, per run.', 'coverage'),
    )
    .build();
}
