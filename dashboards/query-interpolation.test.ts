import { describe, expect, it } from 'vitest';
import { influxRegexEscape, interpolateQuery, type InterpolationContext } from './query-interpolation.ts';

const context: InterpolationContext = {
  fromMs: 1_000,
  toMs: 2_000,
  interval: '1h',
  intervalMs: 3_600_000,
  variables: { customer: 'acme', host: 'db-1.example.com', mount: '/var/lib' },
};

describe('interpolateQuery', () => {
  it('expands the time filter and interval macros as Grafana does', () => {
    const query =
      'SELECT mean("x") FROM "m" WHERE $timeFilter GROUP BY time($__interval), time($interval) LIMIT $__interval_ms';
    expect(interpolateQuery(query, context)).toBe(
      'SELECT mean("x") FROM "m" WHERE time >= 1000ms and time <= 2000ms GROUP BY time(1h), time(1h) LIMIT 3600000',
    );
  });

  it('escapes variable values for the regex they sit in, mount paths included', () => {
    const query = 'WHERE "host" =~ /^$host$/ AND "mount" =~ /^${mount}$/ AND "customer" =~ /^[[customer]]$/';
    expect(interpolateQuery(query, context)).toBe(
      'WHERE "host" =~ /^db-1\\.example\\.com$/ AND "mount" =~ /^\\/var\\/lib$/ AND "customer" =~ /^acme$/',
    );
  });

  it('leaves alias patterns alone and refuses unknown variables', () => {
    expect(interpolateQuery('$tag_mount', context)).toBe('$tag_mount');
    expect(() => interpolateQuery('WHERE "x" =~ /^$region$/', context)).toThrow(/unknown variable \$region/);
  });

  it('inserts a custom "All" value verbatim, as Grafana does, since it is a regex already', () => {
    const query = 'WHERE "country" =~ /^$country$/ AND "host" =~ /^$host$/';
    const all = { ...context, rawVariables: { country: '.*' } };
    expect(interpolateQuery(query, all)).toBe('WHERE "country" =~ /^.*$/ AND "host" =~ /^db-1\\.example\\.com$/');
  });

  it('escapes every regex metacharacter', () => {
    const escaped = influxRegexEscape('a.b*c+d?(e)[f]{g}|h^i$j\\k/l');
    expect(escaped).toBe('a\\.b\\*c\\+d\\?\\(e\\)\\[f\\]\\{g\\}\\|h\\^i\\$j\\\\k\\/l');
  });
});
