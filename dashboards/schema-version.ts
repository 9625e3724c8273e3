/**
 * The `schemaVersion` of the generated dashboards: 39, which Grafana 11 and Grafana 12 both load.
 *
 * Grafana migrates a dashboard upwards from its `schemaVersion` when it loads it, and only upwards.
 * - Grafana 11.0 knows versions up to 39. Later releases added 40 (`refresh` becomes a string),
 *   41 (drops `timepicker.time_options`) and 42 (a field hidden from the viz is hidden from the
 *   tooltip too); Grafana 12 runs those on a 39 dashboard when it loads it.
 * - The SDK writes 42 by default. Grafana 12's backend migration fails on a dashboard newer than the
 *   version it knows ("schema version not migrated to target version"), and a Grafana 11 cannot know
 *   what a later version meant.
 * So the dashboards say 39 and contain nothing the migrations to 40, 41 and 42 would change
 * (`laterMigrationChanges` is checked by a test): every Grafana from 11.0 on shows them as written.
 * Sources: grafana/grafana apps/dashboard/pkg/migration/schemaversion/v40.go, v41.go, v42.go.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { allPanels } from './dashboard-checks.ts';

export const DASHBOARD_SCHEMA_VERSION = 39;

export function withSchemaVersion(dashboard: Dashboard): Dashboard {
  return { ...dashboard, schemaVersion: DASHBOARD_SCHEMA_VERSION };
}

/** What Grafana's migrations 40 to 42 would change in the dashboard; empty means they leave it as is. */
export function laterMigrationChanges(dashboard: Dashboard): string[] {
  const changes: string[] = [];
  // v40: refresh must be a string (missing, null, booleans and numbers become "").
  if (typeof dashboard.refresh !== 'string') changes.push('v40: refresh is not a string');
  // v41: timepicker.time_options is dropped.
  const timepicker = dashboard.timepicker as Record<string, unknown> | undefined;
  if (timepicker && 'time_options' in timepicker) changes.push('v41: timepicker.time_options is set');
  // v42: an override hiding a field from the viz also hides it from the tooltip.
  for (const panel of allPanels(dashboard)) {
    const overrides = 'fieldConfig' in panel ? (panel.fieldConfig?.overrides ?? []) : [];
    for (const override of overrides) {
      for (const property of override.properties ?? []) {
        const value = property.value as { viz?: boolean; tooltip?: boolean } | undefined;
        if (property.id === 'custom.hideFrom' && value?.viz === true && value.tooltip !== true) {
          changes.push(`v42: panel ${panel.id} hides a field from the viz but not from the tooltip`);
        }
      }
    }
  }
  return changes;
}
