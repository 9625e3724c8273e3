/**
 * Grafana's own `@grafana/data`, as Grafana 11 and Grafana 12 ship it, so tests can ask Grafana's code
 * what a panel shows instead of guessing: value mappings, thresholds, units, transformations.
 *
 * Both releases are dev dependencies: `grafana-data-11` is npm's alias for `@grafana/data@11.6.x`. They
 * differ where it matters here: Grafana 11 never matches a range mapping whose bound is null, Grafana 12
 * treats null as open-ended. A dashboard that must work on both has to pass with both.
 *
 * How it is loaded:
 * - Through the CommonJS build (the package's `require` export condition). The ESM build cannot be
 *   imported by Node (20 or 24): it imports `{ tz }` from moment-timezone, a CommonJS module whose
 *   named exports Node cannot see.
 * - Only where a DOM exists (vitest's jsdom environment, as Grafana runs its own tests): both builds
 *   read `window` when they load.
 * - Grafana registers its standard transformers and field options at start-up (public/app); this
 *   module does the same with the pieces @grafana/data exports.
 */
import { createRequire } from 'node:module';
import type * as GrafanaDataModule from '@grafana/data';
import { standardFieldConfigs } from './grafana-field-config.ts';

export type GrafanaData = typeof GrafanaDataModule;

export interface GrafanaRelease {
  /** e.g. "11.6.16" */
  version: string;
  data: GrafanaData;
}

/** npm package names of the releases, oldest first. */
const PACKAGES = ['grafana-data-11', '@grafana/data'] as const;

let loaded: GrafanaRelease[] | undefined;

/** Registers what Grafana's app registers at start-up, so panels' configuration takes effect. */
function initialise(data: GrafanaData): void {
  // The export lists some transformers twice (e.g. joinByField as seriesToColumns): one entry per id.
  const transformers = new Map(Object.values(data.standardTransformers).map((t) => [t.id, t]));
  data.standardTransformersRegistry.setInit(() =>
    [...transformers.values()].map((transformation) => ({
      id: transformation.id,
      aliasIds: transformation.aliasIds,
      name: transformation.name,
      description: transformation.description,
      transformation,
      // Editors are React components for the panel editor; nothing here renders them.
      editor: () => null,
      imageDark: '',
      imageLight: '',
    })),
  );
  data.standardFieldConfigEditorRegistry.setInit(() => standardFieldConfigs(data));
}

export function grafanaReleases(): GrafanaRelease[] {
  if (loaded) return loaded;
  if (!('window' in globalThis)) {
    throw new Error('@grafana/data needs a DOM: run this test in the jsdom environment (// @vitest-environment jsdom)');
  }
  const require = createRequire(import.meta.url);
  loaded = PACKAGES.map((name) => {
    const data = require(name) as GrafanaData;
    const { version } = require(`${name}/package.json`) as { version: string };
    initialise(data);
    return { version, data };
  });
  return loaded;
}
