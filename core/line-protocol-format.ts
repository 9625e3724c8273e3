import type { FieldValue, MetricPoint } from './schema.ts';

// Escaping rules of the InfluxDB line protocol: measurement escapes comma and space;
// tag keys, tag values and field keys also escape '='; string field values escape '"' and '\'.
const escapeMeasurement = (s: string) => s.replace(/[\\, ]/g, (c) => '\\' + c);
const escapeKey = (s: string) => s.replace(/[\\,= ]/g, (c) => '\\' + c);
const escapeString = (s: string) => s.replace(/["\\]/g, (c) => '\\' + c);

function formatField(v: FieldValue): string {
  switch (v.type) {
    case 'float':
      // A float that looks like an integer must still be sent as a float, never with an 'i'.
      return Number.isFinite(v.value) ? String(v.value) : 'NaN';
    case 'int':
      return `${v.value}i`;
    case 'uint':
      return `${v.value}u`;
    case 'string':
      return `"${escapeString(v.value)}"`;
    case 'bool':
      return v.value ? 'true' : 'false';
  }
}

/** Serialises one point; tags are sorted, as InfluxDB recommends for write performance. */
export function formatPoint(p: MetricPoint): string {
  let line = escapeMeasurement(p.measurement);
  for (const key of Object.keys(p.tags).sort()) {
    const value = p.tags[key];
    if (value === undefined || value === '') continue; // empty tag values are invalid: omit the tag
    line += `,${escapeKey(key)}=${escapeKey(value)}`;
  }
  const fields = Object.entries(p.fields)
    .filter(([, v]) => !(v.type === 'float' && !Number.isFinite(v.value)))
    .map(([k, v]) => `${escapeKey(k)}=${formatField(v)}`);
  return `${line} ${fields.join(',')} ${p.timeNs}`;
}

/** Points without a finite field are skipped: InfluxDB cannot store NaN or Infinity. */
export function formatPoints(points: readonly MetricPoint[]): string {
  const lines: string[] = [];
  for (const p of points) {
    if (Object.values(p.fields).some((v) => v.type !== 'float' || Number.isFinite(v.value))) {
      lines.push(formatPoint(p));
    }
  }
  return lines.join('\n');
}
