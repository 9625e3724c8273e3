/**
 * Pool headroom tables: per pool (hosts of a customer that share their work), the highest daily sum of
 * the hosts' forecasts within the horizon against what the pool may use, from the capacity cycle's
 * newest `pool` point. Peak load and memory get a table each, because they are counted in different
 * units (cores, bytes). The verdict says whether moving work within the pool is enough.
 */
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import {
  TableCellDisplayMode,
  TableCellHeight,
  TableSortByFieldStateBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  MappingType,
  SpecialValueMatch,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type DataTransformerConfig,
  type DynamicConfigValue,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { POOL_FIELD, POOL_TAG, type PoolHeadroom } from '../core/runway-row.ts';
import { POOL_MEASUREMENT } from '../core/schema.ts';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { influx, organizeColumns, type TableColumns } from './panel-kit.ts';

/** Spare capacity at the peak, in percent of what the pool may use, below which a pool is tight. */
export const TIGHT_HEADROOM_PERCENT = 10;

/**
 * The lowest headroom a mapping range must reach. Headroom in percent is at most 100 (a peak of zero)
 * but has no lower bound, and a range needs a number at both ends (Grafana 11 never matches a null one).
 */
const LOWEST_PERCENT = -Number.MAX_SAFE_INTEGER;

/** The column holding headroom_percent a second time, mapped to words: the pool's verdict. */
const VERDICT = 'verdict';

/**
 * The newest point per pool of one pooled resource (ORDER BY time DESC LIMIT 1 applies per GROUP BY
 * group). Capacity and usable are always written, so a pool without a summed peak still has its row.
 */
export function poolHeadroomQuery(filter: string, resource: PoolHeadroom['resource']): string {
  const f = POOL_FIELD;
  return [
    `SELECT "${f.peakForecast}", "${f.usable}", "${f.capacity}", "${f.headroom}", "${f.headroomPercent}",`,
    `"${f.headroomPercent}" AS "${VERDICT}", "${f.peakAtMs}", "${f.hostList}", "${f.shortHosts}"`,
    `FROM "${POOL_MEASUREMENT}" WHERE ${filter} AND "${POOL_TAG.resource}" = '${resource}' AND $timeFilter`,
    `GROUP BY "${POOL_TAG.customer}", "${POOL_TAG.pool}" ORDER BY time DESC LIMIT 1`,
  ].join(' ');
}

const COLUMNS: TableColumns = [
  [POOL_TAG.customer, 'Customer'],
  [POOL_TAG.pool, 'Pool'],
  [VERDICT, 'Verdict'],
  [POOL_FIELD.headroomPercent, 'Headroom %'],
  [POOL_FIELD.headroom, 'Headroom'],
  [POOL_FIELD.peakForecast, 'Peak (sum)'],
  [POOL_FIELD.usable, 'Usable'],
  [POOL_FIELD.capacity, 'Capacity'],
  [POOL_FIELD.peakAtMs, 'Peak day'],
  [POOL_FIELD.hostList, 'Hosts'],
  [POOL_FIELD.shortHosts, 'Hosts short alone'],
  ['Time', 'Forecast run'],
];

function transformations(): DataTransformerConfig[] {
  return [{ id: 'merge', options: {} }, organizeColumns(COLUMNS)];
}

/** Red once the summed peak exceeds what the pool may use, orange when under 10 % of it is spare. */
export const headroomThresholds = (): ThresholdsConfigBuilder =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'red' },
    { value: 0, color: 'orange' },
    { value: TIGHT_HEADROOM_PERCENT, color: 'green' },
  ]);

/**
 * The verdict from the headroom in percent, in the thresholds' colours. Ranges include both ends and
 * the first match wins, so 0 is tight and 10 fits, as the thresholds have it.
 */
export const verdictMappings = (): ValueMapping[] => [
  {
    type: MappingType.RangeToText,
    options: { from: TIGHT_HEADROOM_PERCENT, to: 100, result: { text: 'fits: work can move within the pool', color: 'green', index: 0 } },
  },
  {
    type: MappingType.RangeToText,
    options: { from: 0, to: TIGHT_HEADROOM_PERCENT, result: { text: 'tight: under 10 % spare at the peak', color: 'orange', index: 1 } },
  },
  {
    type: MappingType.RangeToText,
    options: { from: LOWEST_PERCENT, to: 0, result: { text: 'short: the pool needs more', color: 'red', index: 2 } },
  },
  {
    type: MappingType.SpecialValue,
    options: { match: SpecialValueMatch.Null, result: { text: 'no forecast day common to its hosts', index: 3 } },
  },
];

/** No host whose own forecast crosses its capacity. */
const noShortHostMapping = (): ValueMapping[] => [
  { type: MappingType.SpecialValue, options: { match: SpecialValueMatch.Empty, result: { text: 'none', index: 0 } } },
];

interface PooledResource {
  title: string;
  description: string;
  /** Grafana unit of the peak, usable, capacity and headroom columns. */
  unit: string;
}

const POOLED: Readonly<Record<PoolHeadroom['resource'], PooledResource>> = {
  load: {
    title: 'Pool headroom: peak load',
    description:
      "Per pool, the highest daily sum of its hosts' forecast peak load (1-minute load average) within the horizon, " +
      'against the sum of their cores. Fits: a host that outgrows its cores can hand work to the others; short: ' +
      'the pool itself needs more cores. Hosts short alone are those whose own peak is forecast above their cores.',
    unit: 'suffix:cores',
  },
  memory: {
    title: 'Pool headroom: memory',
    description:
      "Per pool, the highest daily sum of its hosts' forecast peak memory use within the horizon, against the " +
      "memory threshold's share of their RAM (usable; capacity is all of it). Fits: moving work within the pool " +
      'is enough; short: the pool itself needs more RAM.',
    unit: 'bytes',
  },
};

export interface PoolHeadroomOptions {
  id: number;
  resource: PoolHeadroom['resource'];
  /** InfluxQL condition on the pool's tags, e.g. a customer filter. */
  filter: string;
  span: number;
  height: number;
}

export function poolHeadroomPanel(options: PoolHeadroomOptions): TablePanelBuilder {
  const pooled = POOLED[options.resource];
  const dash = { id: 'noValue', value: '-' };
  const amount = (): DynamicConfigValue[] => [{ id: 'unit', value: pooled.unit }, { id: 'decimals', value: 1 }, dash];
  return new TablePanelBuilder()
    .id(options.id)
    .title(pooled.title)
    .description(pooled.description)
    .span(options.span)
    .height(options.height)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', poolHeadroomQuery(options.filter, options.resource)).resultFormat('table'))
    .transformations(transformations())
    .cellHeight(TableCellHeight.Sm)
    // The least spare first: the pools to act on.
    .sortBy([new TableSortByFieldStateBuilder().displayName('Headroom %').desc(false)])
    .overrideByName('Verdict', [
      { id: 'mappings', value: verdictMappings() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorBackground } },
    ])
    .overrideByName('Headroom %', [
      { id: 'unit', value: 'percent' },
      { id: 'decimals', value: 0 },
      { id: 'thresholds', value: headroomThresholds().build() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorText } },
      dash,
    ])
    .overrideByName('Headroom', amount())
    .overrideByName('Peak (sum)', amount())
    .overrideByName('Usable', amount())
    .overrideByName('Capacity', amount())
    .overrideByName('Peak day', [{ id: 'unit', value: 'time:YYYY-MM-DD' }, dash])
    .overrideByName('Hosts short alone', [{ id: 'mappings', value: noShortHostMapping() }]);
}
