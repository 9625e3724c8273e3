/**
 * Raw InfluxQL targets for the Grafana foundation SDK.
 *
 * The SDK ships no InfluxDB query type (kind-registry has no InfluxDB dataquery schema), so panels and
 * annotations get their targets from these small builders, which satisfy the SDK's `Dataquery` marker.
 * Only raw mode is emitted: generated queries are easier to review, test against InfluxDB and keep in
 * step with the schema than the visual editor's `select`/`groupBy` model.
 */
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/** How Grafana's InfluxDB data source shapes the result: one frame per series, one table, or log lines. */
export type InfluxResultFormat = 'time_series' | 'table' | 'logs';

/** A panel target in raw InfluxQL mode, as the InfluxDB data source plugin reads it. */
export interface InfluxQLQuery extends Dataquery {
  refId?: string;
  hide?: boolean;
  datasource?: DataSourceRef;
  /** Raw InfluxQL; must contain `$timeFilter` so Grafana's time range applies. */
  query: string;
  rawQuery: true;
  resultFormat: InfluxResultFormat;
  /** Series name pattern: plain text, `$col`, `$m`, `$tag_<key>`. */
  alias?: string;
}

/** An annotation target: each row becomes an event, with the named columns as text, tags and end time. */
export interface InfluxQLAnnotationTarget extends Dataquery {
  refId: string;
  query: string;
  rawQuery: true;
  fromAnnotations: true;
  textColumn?: string;
  /** Comma-separated column names; each value is also split on commas. */
  tagsColumn?: string;
  /** Column holding the event's end as epoch milliseconds, which turns the event into a region. */
  timeEndColumn?: string;
}

/** The SDK's `Dataquery` only exists to tag query variants; JSON output drops this method. */
function implementsDataqueryVariant(): void {}

export class InfluxQLQueryBuilder implements Builder<Dataquery> {
  private readonly internal: InfluxQLQuery;

  constructor(query: string) {
    this.internal = {
      query,
      rawQuery: true,
      resultFormat: 'time_series',
      _implementsDataqueryVariant: implementsDataqueryVariant,
    };
  }

  refId(refId: string): this {
    this.internal.refId = refId;
    return this;
  }

  datasource(datasource: DataSourceRef): this {
    this.internal.datasource = datasource;
    return this;
  }

  resultFormat(resultFormat: InfluxResultFormat): this {
    this.internal.resultFormat = resultFormat;
    return this;
  }

  alias(alias: string): this {
    this.internal.alias = alias;
    return this;
  }

  hide(hide: boolean): this {
    this.internal.hide = hide;
    return this;
  }

  build(): InfluxQLQuery {
    return this.internal;
  }
}

export class InfluxQLAnnotationTargetBuilder implements Builder<Dataquery> {
  private readonly internal: InfluxQLAnnotationTarget;

  constructor(query: string) {
    this.internal = {
      refId: 'Anno',
      query,
      rawQuery: true,
      fromAnnotations: true,
      _implementsDataqueryVariant: implementsDataqueryVariant,
    };
  }

  refId(refId: string): this {
    this.internal.refId = refId;
    return this;
  }

  textColumn(column: string): this {
    this.internal.textColumn = column;
    return this;
  }

  tagsColumns(columns: string[]): this {
    this.internal.tagsColumn = columns.join(',');
    return this;
  }

  timeEndColumn(column: string): this {
    this.internal.timeEndColumn = column;
    return this;
  }

  build(): InfluxQLAnnotationTarget {
    return this.internal;
  }
}
