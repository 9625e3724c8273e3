/**
 * Checks that the provisioning files make one Grafana folder: the dashboard provider and every alert
 * rule group name the same folder, by title only (see GRAFANA_FOLDER in dashboard-provider.ts for why
 * a `folderUid` on the provider makes two). Returns human-readable problems; empty means fine.
 */
import { parse } from 'yaml';
import { isObject } from './dashboard-checks.ts';

const entries = (text: string, key: string): unknown[] => {
  const file: unknown = parse(text);
  return isObject(file) && Array.isArray(file[key]) ? file[key] : [];
};

export function checkOneFolder(providerYaml: string, alertingYaml: string): string[] {
  const problems: string[] = [];
  const folders = new Set<string>();
  entries(providerYaml, 'providers').filter(isObject).forEach((provider, i) => {
    if (provider.folderUid) problems.push(`providers[${i}] sets folderUid, which alert rule groups cannot name`);
    folders.add(String(provider.folder ?? ''));
  });
  entries(alertingYaml, 'groups').filter(isObject).forEach((group) => folders.add(String(group.folder ?? '')));
  if (folders.size !== 1) problems.push(`provisioning names ${folders.size} folders: ${[...folders].join(', ')}`);
  return problems;
}
