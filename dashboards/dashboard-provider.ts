/**
 * Grafana's dashboard provider: tells Grafana to load the generated dashboard JSON from a directory.
 * grafana/README.md explains how grafana/dashboards is mounted at that path.
 */
import { stringify } from 'yaml';
import { GENERATED_HEADER } from './datasource.ts';

/** Where Grafana expects the contents of grafana/dashboards (inside the Grafana container or host). */
export const DASHBOARDS_MOUNT_PATH = '/var/lib/grafana/dashboards/runway';

/**
 * The one Grafana folder of Runway's dashboards and alert rules, named by its title in both files.
 * Grafana's alerting file format can only name a folder by title (a rule group's `folder`), and
 * alerting is provisioned before dashboards: it creates the folder when missing. A dashboard provider
 * with a `folderUid` looks the folder up by that uid, finds none, and creates a second "Runway"
 * (grafana/grafana#125079), or on Grafana 11.0 fails start-up with "a folder with the same name
 * already exists" (#87889). Without `folderUid` the provider looks the folder up by title and uses it.
 */
export const GRAFANA_FOLDER = 'Runway';

export function dashboardProviderYaml(): string {
  const file = {
    apiVersion: 1,
    providers: [
      {
        name: 'runway',
        orgId: 1,
        // No folderUid: see GRAFANA_FOLDER.
        folder: GRAFANA_FOLDER,
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
