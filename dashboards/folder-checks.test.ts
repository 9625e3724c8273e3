import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOneFolder } from './folder-checks.ts';
import { ALERTING_YAML_PATH, PROVIDER_YAML_PATH, REPO_ROOT } from './generate.ts';

const committed = (path: string): Promise<string> => readFile(join(REPO_ROOT, path), 'utf8');

describe('one provisioned Grafana folder', () => {
  it('the dashboard provider and the alert rules name the same folder, by title', async () => {
    const [provider, alerting] = await Promise.all([committed(PROVIDER_YAML_PATH), committed(ALERTING_YAML_PATH)]);
    expect(checkOneFolder(provider, alerting)).toEqual([]);
    expect(provider).toMatch(/folder: Runway\n/);
    expect(alerting).toMatch(/folder: Runway\n/);
  });

  it('rejects a provider with a folderUid, and rules in another folder', async () => {
    const [provider, alerting] = await Promise.all([committed(PROVIDER_YAML_PATH), committed(ALERTING_YAML_PATH)]);
    const withUid = provider.replace('folder: Runway\n', 'folder: Runway\n    folderUid: runway\n');
    expect(checkOneFolder(withUid, alerting).join('\n')).toContain('folderUid');
    expect(checkOneFolder(provider, alerting.replace('folder: Runway', 'folder: Alerts')).join('\n')).toContain('2 folders');
  });
});
