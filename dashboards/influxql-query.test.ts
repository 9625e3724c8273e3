import { describe, expect, it } from 'vitest';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { AnnotationQueryBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { InfluxQLAnnotationTargetBuilder, InfluxQLQueryBuilder } from './influxql-query.ts';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('InfluxQL query builders', () => {
  it('emit a raw InfluxQL panel target, without the SDK marker method', () => {
    const target = new InfluxQLQueryBuilder('SELECT 1 FROM "m" WHERE $timeFilter')
      .refId('B')
      .datasource({ type: 'influxdb', uid: 'ds' })
      .resultFormat('table')
      .alias('$col');
    const panel = new PanelBuilder().withTarget(target).build();
    expect(roundTrip(panel.targets)).toEqual([
      {
        query: 'SELECT 1 FROM "m" WHERE $timeFilter',
        rawQuery: true,
        resultFormat: 'table',
        refId: 'B',
        datasource: { type: 'influxdb', uid: 'ds' },
        alias: '$col',
      },
    ]);
  });

  it('emit an annotation target with its column mapping', () => {
    const annotation = new AnnotationQueryBuilder()
      .name('events')
      .target(
        new InfluxQLAnnotationTargetBuilder('SELECT "t" FROM "e" WHERE $timeFilter').textColumn('t').tagsColumns(['a', 'b']),
      )
      .build();
    expect(roundTrip(annotation.target)).toEqual({
      refId: 'Anno',
      query: 'SELECT "t" FROM "e" WHERE $timeFilter',
      rawQuery: true,
      fromAnnotations: true,
      textColumn: 't',
      tagsColumn: 'a,b',
    });
  });
});
