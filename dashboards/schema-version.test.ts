import { describe, expect, it } from 'vitest';
import { allDashboards } from './generate.ts';
import { DASHBOARD_SCHEMA_VERSION, laterMigrationChanges } from './schema-version.ts';

describe('dashboard schemaVersion', () => {
  const dashboards = allDashboards();

  it('is 39, which Grafana 11.0 and every later 11 and 12 release load', () => {
    expect(DASHBOARD_SCHEMA_VERSION).toBe(39);
    for (const dashboard of dashboards) expect(dashboard.schemaVersion, dashboard.uid).toBe(39);
  });

  it('holds nothing that the migrations to 40, 41 and 42 would change', () => {
    for (const dashboard of dashboards) expect(laterMigrationChanges(dashboard), dashboard.uid).toEqual([]);
  });

  it('would notice what those migrations change', () => {
    const base = dashboards[0]!;
    const panels = JSON.parse(JSON.stringify(base.panels ?? [])) as NonNullable<typeof base.panels>;
    const first = panels[0] as { fieldConfig: { overrides: unknown[] } };
    first.fieldConfig.overrides.push({
      matcher: { id: 'byName', options: 'x' },
      properties: [{ id: 'custom.hideFrom', value: { viz: true, legend: false, tooltip: false } }],
    });
    const changed = { ...base, refresh: undefined, timepicker: { time_options: ['5m'] }, panels };
    expect(laterMigrationChanges(changed as never).map((change) => change.slice(0, 3))).toEqual(['v40', 'v41', 'v42']);
  });
});
