import type { FieldValue, MetricPoint } from './schema.ts';

// Escaping rules of the InfluxDB line protocol: measurement escapes comma and space;
// tag keys, tag values and field keys also escape '='; string field values escape '"' and '\'.
// A backslash is no escape in names and tags (InfluxDB keeps it literally), so it is not doubled.
// Most names need no escaping, so test first: formatting is on the hot path of every write.
const MEASUREMENT_SPECIALS = /[, ]/;
const KEY_SPECIALS = /[,= ]/;
const escapeMeasurement = (s: string) => (MEASUREMENT_SPECIALS.test(s) ? s.replace(/[, ]/g, (c) => '\\' + c) : s);
const escapeKey = (s: string) => (KEY_SPECIALS.test(s) ? s.replace(/[,= ]/g, (c) => '\\' + c) : s);
const escapeString = (s: string) => s.replace(/["\\]/g, (c) => '\\' + c);

function formatField(v: FieldValue): string {
  switch (v.type) {
    case 'float':
      return String(v.value); // never an 'i' suffix: a float that looks integral stays a float
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

/**
 * Serialises one point with its tags sorted, as InfluxDB recommends. Non-finite floats are left
 * out (InfluxDB cannot store NaN or Infinity); a point left with no field gives ''.
 */
export function formatPoint(p: MetricPoint): string {
  let fields = '';
  for (const key in p.fields) {
    const v = p.fields[key]!;
    if (v.type === 'float' && !Number.isFinite(v.value)) continue;
    fields += (fields ? ',' : '') + escapeKey(key) + '=' + formatField(v);
  }
  if (!fields) return '';
  let line = escapeMeasurement(p.measurement);
  for (const key of Object.keys(p.tags).sort()) {
    const value = p.tags[key];
    if (value === undefined || value === '') continue; // empty tag values are invalid: omit the tag
    line += ',' + escapeKey(key) + '=' + escapeKey(value);
  }
  return line + ' ' + fields + ' ' + p.timeNs;
}

export function formatPoints(points: readonly MetricPoint[]): string {
  let out = '';
  for (const p of points) {
    const line = formatPoint(p);
    if (line) out += (out ? '\n' : '') + line;
  }
  return out;
}
