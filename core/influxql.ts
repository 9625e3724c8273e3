/** An InfluxQL tag comparison, the value quoted as InfluxQL string literals are (backslash, quote). */
export function tagEquals(name: string, value: string): string {
  return `"${name}" = '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
