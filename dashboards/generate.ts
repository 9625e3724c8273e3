/**
 * Writes Grafana's provisioning files from the dashboards-as-code in this folder:
 *
 *   node dashboards/generate.ts      (or: npm run dashboards)
 *
 * The output under grafana/ is committed; generate.test.ts fails when it drifts from the code.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { alertingProvisioningYaml } from './alerting-provisioning.ts';
import { alertsDashboard } from './alerts-dashboard.ts';
import { customerViewDashboard } from './customer-view.ts';
import { dashboardProviderYaml } from './dashboard-provider.ts';
import { datasourceProvisioningYaml } from './datasource.ts';
import { fleetRunwayDashboard } from './fleet-runway.ts';
import { forecastAccuracyDashboard } from './forecast-accuracy.ts';
import { hostDetailDashboard } from './host-detail.ts';
import { withSchemaVersion } from './schema-version.ts';

export interface GeneratedFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DASHBOARDS_DIR = 'grafana/dashboards';
export const DATASOURCE_YAML_PATH = 'grafana/provisioning/datasources/runway.yaml';
export const PROVIDER_YAML_PATH = 'grafana/provisioning/dashboards/runway.yaml';
export const ALERTING_YAML_PATH = 'grafana/provisioning/alerting/runway.yaml';

/**
 * Fleet and host detail first: tests use them as their examples. All at a schemaVersion that Grafana
 * 11 and 12 both load (schema-version.ts).
 */
export function allDashboards(): Dashboard[] {
  return [
    fleetRunwayDashboard(),
    hostDetailDashboard(),
    customerViewDashboard(),
    alertsDashboard(),
    forecastAccuracyDashboard(),
  ].map(withSchemaVersion);
}

/** Two-space indentation and a final newline, so regenerating is byte-stable and diffs stay readable. */
export function dashboardJson(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

export function generatedFiles(): GeneratedFile[] {
  const dashboards = allDashboards().map((dashboard) => {
    if (!dashboard.uid) throw new Error(`dashboard "${dashboard.title ?? '?'}" has no uid`);
    return { path: `${DASHBOARDS_DIR}/${dashboard.uid}.json`, content: dashboardJson(dashboard) };
  });
  return [
    { path: DATASOURCE_YAML_PATH, content: datasourceProvisioningYaml() },
    { path: PROVIDER_YAML_PATH, content: dashboardProviderYaml() },
    { path: ALERTING_YAML_PATH, content: alertingProvisioningYaml() },
    ...dashboards,
  ];
}

/**
 * Folders Grafana reads every file of (by extension): a file left behind there would still be
 * provisioned, so only generated files may live in them.
 */
export const MANAGED_DIRS: ReadonlyArray<{ dir: string; extensions: readonly string[] }> = [
  { dir: DASHBOARDS_DIR, extensions: ['.json'] },
  ...[DATASOURCE_YAML_PATH, PROVIDER_YAML_PATH, ALERTING_YAML_PATH].map((path) => ({
    dir: dirname(path),
    extensions: ['.yaml', '.yml', '.json'],
  })),
];

/** Writes every file and removes files in the managed folders that are no longer generated. */
export async function writeGeneratedFiles(root = REPO_ROOT): Promise<string[]> {
  const files = generatedFiles();
  const wanted = new Set(files.map((file) => file.path));
  for (const { dir, extensions } of MANAGED_DIRS) {
    await mkdir(join(root, dir), { recursive: true });
    for (const name of await readdir(join(root, dir))) {
      const path = `${dir}/${name}`;
      if (extensions.some((ext) => name.endsWith(ext)) && !wanted.has(path)) await rm(join(root, path));
    }
  }
  for (const file of files) {
    await mkdir(dirname(join(root, file.path)), { recursive: true });
    await writeFile(join(root, file.path), file.content);
  }
  return files.map((file) => file.path);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const path of await writeGeneratedFiles()) console.log(`wrote ${path}`);
}
