/**
 * InfluxDB 1.x answers turned into Grafana data frames the way Grafana's InfluxQL backend does
 * (pkg/tsdb/influxdb/influxql/buffered/response_parser.go), so @grafana/data can work on what a panel
 * really receives:
 * - "table": one frame; a `Time` field, one string field per tag key, one field per column, the rows
 *   of every series one after the other;
 * - "time_series": a frame per series and column, with `Time` and `Value` (labelled with the series'
 *   tags) and the alias, or `measurement.column {tags}`, as the display name.
 * A column's type is that of its first non-null value: number, string or boolean.
 */
import type { DataFrame, Field, FieldType as FieldTypes } from '@grafana/data';
import type { GrafanaData } from './grafana-data.ts';
import type { Series } from './influx-test-client.ts';

export interface TargetFormat {
  refId: string;
  resultFormat?: string;
  alias?: string;
}

function columnType(data: GrafanaData, values: unknown[]): FieldTypes {
  const first = values.find((value) => value !== null && value !== undefined);
  if (typeof first === 'string') return data.FieldType.string;
  if (typeof first === 'boolean') return data.FieldType.boolean;
  return data.FieldType.number;
}

function field(data: GrafanaData, name: string, values: unknown[], extra: Partial<Field> = {}): Field {
  const type = name === 'Time' ? data.FieldType.time : columnType(data, values);
  return { name, type, values, config: {}, ...extra };
}

function tableFrame(data: GrafanaData, series: Series[], refId: string): DataFrame[] {
  const first = series[0];
  if (!first) return [];
  const rows = series.flatMap((s) => s.values.map((row) => ({ row, tags: s.tags ?? {} })));
  const fields: Field[] = [field(data, 'Time', rows.map(({ row }) => row[0]))];
  for (const key of Object.keys(first.tags ?? {})) {
    fields.push(field(data, key, rows.map(({ tags }) => tags[key] ?? ''), { config: { displayNameFromDS: key } }));
  }
  first.columns.slice(1).forEach((column, index) => {
    const values = rows.map(({ row }) => row[index + 1] ?? null);
    fields.push(field(data, column, values, { config: { displayNameFromDS: column } }));
  });
  return [{ name: first.name, refId, fields, length: rows.length }];
}

/** Grafana's alias patterns: `$col`, `$m`/`$measurement`, `$tag_<key>` (also in `[[...]]` form). */
function frameName(series: Series, column: string, alias: string | undefined): string {
  const tags = series.tags ?? {};
  if (!alias) {
    const labels = Object.entries(tags).map(([key, value]) => `${key}: ${value}`);
    return `${series.name}.${column}${labels.length > 0 ? ` { ${labels.join(', ')} }` : ''}`;
  }
  return alias.replace(/\$(\w+)|\[\[(\w+)\]\]/g, (match, plain?: string, bracketed?: string) => {
    const name = plain ?? bracketed ?? '';
    if (name === 'col') return column;
    if (name === 'm' || name === 'measurement') return series.name;
    if (name.startsWith('tag_')) return tags[name.slice(4)] ?? '';
    return match;
  });
}

function timeSeriesFrames(data: GrafanaData, series: Series[], target: TargetFormat): DataFrame[] {
  return series.flatMap((s) =>
    s.columns.slice(1).map((column, index) => {
      const name = frameName(s, column, target.alias);
      const time = field(data, 'Time', s.values.map((row) => row[0]));
      const value = field(data, 'Value', s.values.map((row) => row[index + 1] ?? null), {
        labels: s.tags ?? {},
        config: { displayNameFromDS: name },
      });
      return { name, refId: target.refId, fields: [time, value], length: s.values.length };
    }),
  );
}

export function influxFrames(data: GrafanaData, series: Series[], target: TargetFormat): DataFrame[] {
  return target.resultFormat === 'table'
    ? tableFrame(data, series, target.refId)
    : timeSeriesFrames(data, series, target);
}
