/**
 * Host liveness from the `status` measurement (OCO polling, every minute per host): the current state
 * per host, OK / OK-but / KO, and how it went over time. Empty until OCO polling is configured.
 */
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as StateTimelinePanelBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import {
  TableCellDisplayMode,
  TableCellHeight,
  TableSortByFieldStateBuilder,
  VisibilityMode,
} from '@grafana/grafana-foundation-sdk/common';
import { MappingType, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { RUNWAY_DATASOURCE } from './datasource.ts';
import { bottomLegend, influx } from './panel-kit.ts';
import { ROLLUP_MIN_INTERVAL, rollupTargets } from './rollup-targets.ts';

/** The states as stored, coloured like Runway's severities. */
export const statusStateMappings = (): ValueMapping[] => [
  {
    type: MappingType.ValueToText,
    options: {
      OK: { text: 'OK', color: 'green', index: 0 },
      'OK-but': { text: 'OK-but', color: 'orange', index: 1 },
      KO: { text: 'KO', color: 'red', index: 2 },
    },
  },
];

/** OCO codes have three digits (ingest/oco/oco-protocol.ts), so 999 closes the KO range. */
const HIGHEST_OCO_CODE = 999;

/**
 * The same states from OCO codes, with the cut-offs Runway's OCO poller uses: above 200 is OK-but,
 * 300 and above KO. The timeline works on codes because a code can be aggregated (worst per interval).
 * Every range has both bounds: Grafana 11 never matches a range whose `to` is null.
 */
export const statusCodeMappings = (): ValueMapping[] => [
  { type: MappingType.RangeToText, options: { from: 0, to: 200, result: { text: 'OK', color: 'green', index: 0 } } },
  { type: MappingType.RangeToText, options: { from: 201, to: 299, result: { text: 'OK-but', color: 'orange', index: 1 } } },
  {
    type: MappingType.RangeToText,
    options: { from: 300, to: HIGHEST_OCO_CODE, result: { text: 'KO', color: 'red', index: 2 } },
  },
];

/** Newest status point per host (ORDER BY time DESC LIMIT 1 applies per GROUP BY group). */
export function hostStatusQuery(filter: string): string {
  return (
    'SELECT "state", "code", "reasons" FROM "status" ' +
    `WHERE ${filter} AND $timeFilter GROUP BY "host" ORDER BY time DESC LIMIT 1`
  );
}

export function hostStatusTable(id: number, filter: string): TablePanelBuilder {
  return new TablePanelBuilder()
    .id(id)
    .title('Host status now')
    .description(
      'Latest OK / OK-but / KO per host from OCO polling, worst first. A host silent for too long is KO ' +
        '(code 398). Hosts without OCO polling are not listed.',
    )
    .span(10)
    .height(8)
    .datasource(RUNWAY_DATASOURCE)
    .withTarget(influx('A', hostStatusQuery(filter)).resultFormat('table'))
    .transformations([
      { id: 'merge', options: {} },
      {
        id: 'organize',
        options: {
          excludeByName: {},
          indexByName: { host: 0, state: 1, code: 2, reasons: 3, Time: 4 },
          renameByName: { host: 'Host', state: 'Status', code: 'OCO code', reasons: 'Reasons', Time: 'Checked' },
          includeByName: {},
        },
      },
    ])
    .cellHeight(TableCellHeight.Sm)
    // Higher codes are worse, so KO hosts come first.
    .sortBy([new TableSortByFieldStateBuilder().displayName('OCO code').desc(true)])
    .overrideByName('Status', [
      { id: 'mappings', value: statusStateMappings() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorBackground } },
    ])
    .overrideByName('OCO code', [{ id: 'decimals', value: 0 }])
    .overrideByName('Checked', [{ id: 'unit', value: 'dateTimeFromNow' }]);
}

export function hostStatusTimeline(id: number, filter: string): StateTimelinePanelBuilder {
  return new StateTimelinePanelBuilder()
    .id(id)
    .title('Host status over time')
    .description('Worst OCO state per host in each interval (at least an hour): green OK, orange OK-but, red KO.')
    .span(14)
    .height(8)
    .datasource(RUNWAY_DATASOURCE)
    // The worst state per interval from the rollups, as any long-range chart: hourly below a day per
    // point, daily above. fill(null), not previous: a gap means polling stopped, and a range reaching
    // into the future stays blank.
    .interval(ROLLUP_MIN_INTERVAL)
    .targets(rollupTargets('A', { measurement: 'status', field: 'code', stat: 'max', where: filter, alias: 'code', groupBy: ['host'], displayName: '$tag_host' }))
    .mappings(statusCodeMappings())
    .showValue(VisibilityMode.Never)
    .mergeValues(true)
    .legend(bottomLegend());
}
