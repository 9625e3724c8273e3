import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import type { Dashboard, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  allPanels,
  checkDashboard,
  checkDashboardSet,
  checkDatasourceYaml,
  checkProviderYaml,
  provisionedDatasourceUids,
} from './dashboard-checks.ts';
import { dashboardValidator, describeErrors, panelValidators, type PanelValidators } from './dashboard-schema.ts';
import { DATASOURCE_YAML_PATH, generatedFiles, PROVIDER_YAML_PATH, REPO_ROOT } from './generate.ts';

/** What Grafana will read: the committed files, not the in-memory builders. */
async function committed(path: string): Promise<string> {
  return readFile(join(REPO_ROOT, path), 'utf8');
}

const dashboardPaths = generatedFiles()
  .map((file) => file.path)
  .filter((path) => path.endsWith('.json'));

const loadDashboards = async (): Promise<Dashboard[]> =>
  Promise.all(dashboardPaths.map(async (path) => JSON.parse(await committed(path)) as Dashboard));

describe('dashboard JSON schema (from the installed SDK types)', () => {
  let validate: ValidateFunction;
  let dashboards: Dashboard[];

  beforeAll(async () => {
    validate = dashboardValidator();
    dashboards = await loadDashboards();
  });

  it.each(dashboardPaths.map((path, i) => [path, i]))('%s is valid', (_path, i) => {
    const ok = validate(dashboards[i]);
    expect(describeErrors(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects corrupted dashboards, so the check can fail', () => {
    const original = dashboards[0]!;
    const corruptions: Array<(d: Record<string, any>) => void> = [
      (d) => delete d.schemaVersion,
      (d) => (d.unknownTopLevelKey = true),
      (d) => (d.panels[0].gridPos.w = 'wide'),
      (d) => (d.templating.list[0].refresh = 'sometimes'),
      (d) => (d.time = { from: 'now-7d' }),
    ];
    for (const corrupt of corruptions) {
      const copy = structuredClone(original) as Record<string, any>;
      corrupt(copy);
      expect(validate(copy), corrupt.toString()).toBe(false);
    }
  });
});

describe('panel options against the panel modules of the SDK', () => {
  const validators = new Map<string, PanelValidators>();
  let panels: Panel[];

  beforeAll(async () => {
    // Rows have no options of their own (and no SDK panel module).
    panels = (await loadDashboards()).flatMap((d) => allPanels(d).filter((p): p is Panel => p.type !== 'row'));
    for (const type of new Set(panels.map((panel) => panel.type))) validators.set(type, panelValidators(type));
  });

  it('every panel has valid options and custom field config', () => {
    const problems = panels.flatMap((panel) => {
      const v = validators.get(panel.type)!;
      const custom = panel.fieldConfig?.defaults.custom;
      const optionErrors = v.options(panel.options) ? [] : describeErrors(v.options.errors);
      const customErrors =
        custom === undefined || !v.fieldConfigCustom || v.fieldConfigCustom(custom)
          ? []
          : describeErrors(v.fieldConfigCustom.errors);
      return [
        ...optionErrors.map((e) => `panel ${panel.id} options${e}`),
        ...customErrors.map((e) => `panel ${panel.id} fieldConfig.defaults.custom${e}`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('rejects a misspelt table option', () => {
    const table = panels.find((panel) => panel.type === 'table')!;
    expect(validators.get('table')!.options({ ...table.options, sortBy: [{ displayname: 'x' }] })).toBe(false);
  });
});

describe('provisioning and CI checks', () => {
  let dashboards: Dashboard[];
  let uids: Set<string>;

  beforeAll(async () => {
    dashboards = await loadDashboards();
    uids = provisionedDatasourceUids(await committed(DATASOURCE_YAML_PATH));
  });

  it('provisioning YAML parses and has the required keys', async () => {
    expect(checkDatasourceYaml(await committed(DATASOURCE_YAML_PATH))).toEqual([]);
    expect(checkProviderYaml(await committed(PROVIDER_YAML_PATH))).toEqual([]);
    expect([...uids]).toEqual(['runway-influxdb']);
  });

  it('dashboards pass: unique panel ids, 24-column grid, raw InfluxQL with $timeFilter, known data sources, closed ranges', () => {
    expect(dashboards.flatMap((d) => checkDashboard(d, uids))).toEqual([]);
    expect(checkDashboardSet(dashboards)).toEqual([]);
  });

  it('catch each kind of mistake', () => {
    const broken = structuredClone(dashboards[1]!) as Dashboard & { panels: Array<Record<string, any>> };
    broken.uid = 'x'.repeat(41);
    broken.panels[1]!.id = broken.panels[0]!.id;
    broken.panels[2]!.gridPos = { x: 20, y: 0, w: 6, h: 8 };
    broken.panels[3]!.targets[0].query = 'SELECT mean("usage_percent") FROM "cpu"';
    broken.panels[3]!.targets[1].datasource = { type: 'influxdb', uid: 'somewhere-else' };
    broken.templating.list![0]!.query = { query: 'SHOW TAG VALUES WITH KEY = "host"' };
    broken.panels[0]!.fieldConfig.defaults.mappings = [{ type: 'range', options: { from: 300, to: null, result: {} } }];
    const problems = checkDashboard(broken, uids).join('\n');
    const expectations = [
      'longer than 40', 'used twice', 'exceeds 24', '$timeFilter', 'somewhere-else', 'a string', 'never matches',
    ];
    for (const expected of expectations) {
      expect(problems).toContain(expected);
    }
    expect(checkDashboardSet([dashboards[0]!, dashboards[0]!])).toHaveLength(2);
    expect(checkDatasourceYaml('apiVersion: 1\ndatasources:\n  - name: x\n    type: influxdb\n')).not.toEqual([]);
  });
});
