/**
 * Grafana's dashboard provider: tells Grafana to load the generated dashboard JSON from a directory.
 * grafana/README.md explains how grafana/dashboards is mounted at that path.
 */
import { stringify } from 'yaml';
import { GENERATED_HEADER } from './datasource.ts';

/** Where Grafana expects the contents of grafana/dashboards (inside the Grafana container or host). */
export const DASHBOARDS_MOUNT_PATH = '/var/lib/grafana/dashboards/runway';

export function dashboardProviderYaml(): string {
  const file = {
    apiVersion: 1,
    providers: [
      {
        name: 'runway',
        orgId: 1,
        folder: 'Runway',
        // Fixed so links and permissions survive a Grafana database reset.
        folderUid: 'runway',
        type: 'file',
        disableDeletion: false,
        updateIntervalSeconds: 60,
        // The JSON is generated from code; edits in the UI would be lost at the next generation.
        allowUiUpdates: false,
        options: {
          path: DASHBOARDS_MOUNT_PATH,
          foldersFromFilesStructure: false,
        },
      },
    ],
  };
  return GENERATED_HEADER + stringify(file);
}
