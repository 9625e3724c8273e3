/**
 * Grafana's InfluxQL interpolation, reproduced for tests: turns a dashboard query into the InfluxQL
 * Grafana would send, so it can be run against a real InfluxDB without a Grafana.
 *
 * Covers what the Runway dashboards use: `$timeFilter`, `$__interval`/`$interval`, `$__interval_ms`
 * and dashboard variables inside `=~ /^$var$/`. Alias patterns (`$tag_<key>`) are left untouched;
 * any other unknown `$name` is an error, so a typo cannot slip through as literal text. Variable values
 * are escaped for a regex, because the Runway dashboards only use variables as `=~ /^$var$/`.
 */

export interface InterpolationContext {
  fromMs: number;
  toMs: number;
  /** Grafana's computed interval, e.g. "1h". */
  interval: string;
  intervalMs: number;
  /** One selected value per dashboard variable (a single value, as a repeated panel clone gets). */
  variables: Readonly<Record<string, string>>;
  /**
   * Values inserted verbatim, without regex escaping: Grafana does so with a variable's custom "All"
   * value (e.g. `.*`), which is meant to be a regex.
   */
  rawVariables?: Readonly<Record<string, string>>;
}

/**
 * How Grafana's InfluxDB data source escapes a variable value used inside a regex: regex
 * metacharacters and the `/` delimiter (mount points are paths) get a backslash.
 */
export function influxRegexEscape(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

/** `time >= <from>ms and time <= <to>ms`, exactly as Grafana's InfluxQL backend writes it. */
export function timeFilter(fromMs: number, toMs: number): string {
  return `time >= ${Math.round(fromMs)}ms and time <= ${Math.round(toMs)}ms`;
}

/** `$name`, `${name}` or `${name:format}`, and the legacy `[[name]]`. */
const VARIABLE_REFERENCE = /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g;

export function interpolateQuery(query: string, context: InterpolationContext): string {
  const macros: Record<string, string> = {
    timeFilter: timeFilter(context.fromMs, context.toMs),
    __interval: context.interval,
    interval: context.interval,
    __interval_ms: String(context.intervalMs),
  };
  return query.replace(VARIABLE_REFERENCE, (match: string, braced?: string, bracketed?: string, plain?: string) => {
    const name = braced ?? bracketed ?? plain ?? '';
    const macro = macros[name];
    if (macro !== undefined) return macro;
    const raw = context.rawVariables?.[name];
    if (raw !== undefined) return raw;
    const value = context.variables[name];
    if (value !== undefined) return influxRegexEscape(value);
    if (name.startsWith('tag_')) return match;
    throw new Error(`query uses unknown variable ${match}: ${query}`);
  });
}
