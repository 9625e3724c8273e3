import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { checkAlertingYaml, type AlertingCheckContext } from './alerting-checks.ts';
import { allPanels, provisionedDatasourceUids } from './dashboard-checks.ts';
import { ALERTING_YAML_PATH, DATASOURCE_YAML_PATH, generatedFiles, REPO_ROOT } from './generate.ts';

/** What Grafana will read: the committed files. */
const committed = (path: string): Promise<string> => readFile(join(REPO_ROOT, path), 'utf8');

async function checkContext(): Promise<AlertingCheckContext> {
  const dashboards = new Map<string, Set<number>>();
  for (const file of generatedFiles().filter((f) => f.path.endsWith('.json'))) {
    const dashboard = JSON.parse(await committed(file.path)) as Dashboard;
    dashboards.set(dashboard.uid ?? '', new Set(allPanels(dashboard).map((panel) => panel.id ?? -1)));
  }
  return { datasourceUids: provisionedDatasourceUids(await committed(DATASOURCE_YAML_PATH)), dashboards };
}

type Doc = Record<string, any>;

describe('alerting provisioning file', () => {
  let text: string;
  let doc: Doc;
  let context: AlertingCheckContext;

  beforeAll(async () => {
    text = await committed(ALERTING_YAML_PATH);
    doc = parse(text) as Doc;
    context = await checkContext();
  });

  it('parses and passes the structural check', () => {
    expect(checkAlertingYaml(text, context)).toEqual([]);
  });

  it('has the runway rules with their tiers, severities and templated summaries', () => {
    const rules = doc.groups.flatMap((g: Doc) => g.rules) as Doc[];
    const byUid = new Map(rules.map((rule) => [rule.uid, rule]));
    const thresholdOf = (uid: string): unknown =>
      byUid.get(uid)!.data.find((q: Doc) => q.model.type === 'threshold').model.conditions[0].evaluator;
    expect(thresholdOf('runway-disk-critical')).toEqual({ type: 'lte', params: [7] });
    expect(thresholdOf('runway-load-warning')).toEqual({ type: 'lte', params: [30] });
    expect(byUid.get('runway-disk-warning')!.data.find((q: Doc) => q.model.type === 'math').model.expression).toBe(
      '$B > 7 && $B <= 30',
    );
    expect(rules.map((rule) => rule.labels.severity)).toEqual(['critical', 'warning', 'critical', 'warning', 'critical', 'warning', 'warning', 'warning', 'warning']);
    expect(rules.map((rule) => rule.title)).toEqual([
      'DiskFillingUp critical', 'DiskFillingUp warning', 'InodesRunningOut critical', 'InodesRunningOut warning',
      'MemoryRunningOut critical', 'MemoryRunningOut warning', 'PeakLoadOverCapacity warning', 'CpuSaturating warning', 'RunwayForecastMissing',
    ]);
    expect(thresholdOf('runway-cpu-warning')).toEqual({ type: 'lte', params: [30] });
    expect(byUid.get('runway-memory-critical')!.data[0].model.query).toContain(`"metric" = 'mem_used_percent'`);
    for (const rule of rules) expect(rule.annotations.summary).toBeTypeOf('string');
    expect(byUid.get('runway-disk-critical')!.annotations.summary).toContain('{{ $labels.host }}');
    for (const rule of rules) {
      const influx = rule.data.find((q: Doc) => q.datasourceUid === 'runway-influxdb');
      expect(influx.model.query, rule.uid).toContain('FROM "runway"');
      expect(influx.relativeTimeRange.from).toBeGreaterThan(0);
    }
  });

  it('routes critical alerts to the SMS webhook and the rest to e-mail, addresses from the environment', () => {
    const points = new Map((doc.contactPoints as Doc[]).map((point) => [point.name, point.receivers[0]]));
    expect(points.get('runway-sms')).toMatchObject({ type: 'webhook', settings: { url: '$RUNWAY_SMS_BRIDGE_URL' } });
    expect(points.get('runway-email')).toMatchObject({ type: 'email', settings: { addresses: '$RUNWAY_ALERT_EMAIL_TO' } });
    const [policy] = doc.policies as Doc[];
    expect(policy!.receiver).toBe('runway-email');
    expect(policy!.routes).toEqual([
      expect.objectContaining({ receiver: 'runway-sms', object_matchers: [['severity', '=', 'critical']] }),
    ]);
  });

  it('catches each kind of mistake, so the check can fail', () => {
    const corruptions: Array<[expected: string, corrupt: (d: Doc) => void]> = [
      ['condition "Z" is not a refId', (d) => (d.groups[0].rules[0].condition = 'Z')],
      ['data source uid "elsewhere" is not provisioned', (d) => (d.groups[0].rules[0].data[0].datasourceUid = 'elsewhere')],
      ['refers to unknown refId "Q"', (d) => (d.groups[0].rules[0].data[1].model.expression = 'Q')],
      ['refers to unknown refId "X"', (d) => (d.groups[0].rules[1].data[2].model.expression = '$X > 7')],
      ['must contain $timeFilter', (d) => (d.groups[0].rules[0].data[0].model.query = 'SELECT 1 FROM "runway"')],
      ['relativeTimeRange', (d) => delete d.groups[0].rules[0].data[0].relativeTimeRange],
      ['threshold evaluator type', (d) => (d.groups[0].rules[0].data[2].model.conditions[0].evaluator.type = 'below')],
      ['lacks title', (d) => delete d.groups[0].rules[0].title],
      ['lacks folder', (d) => delete d.groups[0].folder],
      ['noDataState must be one of', (d) => (d.groups[0].rules[0].noDataState = 'Nothing')],
      ['not a duration', (d) => (d.groups[0].interval = 'five minutes')],
      ['rule uid "runway-disk-critical" is used twice', (d) => (d.groups[0].rules[1].uid = 'runway-disk-critical')],
      ['would expand', (d) => (d.groups[0].rules[0].labels.severity = '$SEVERITY')],
      ['receiver "runway-pager" is not a defined contact point', (d) => (d.policies[0].routes[0].receiver = 'runway-pager')],
      ['policies[0] lacks receiver', (d) => delete d.policies[0].receiver],
      ['must be [label, operator, value]', (d) => (d.policies[0].routes[0].object_matchers = [['severity', 'critical']])],
      ['settings lacks url', (d) => (d.contactPoints[0].receivers[0].settings = {})],
      ['has no panel 99', (d) => (d.groups[0].rules[0].panelId = 99)],
      ['"nowhere" is not a provisioned dashboard', (d) => (d.groups[0].rules[0].dashboardUid = 'nowhere')],
    ];
    for (const [expected, corrupt] of corruptions) {
      const copy = structuredClone(doc);
      corrupt(copy);
      const problems = checkAlertingYaml(stringify(copy), context);
      expect(problems.join('\n'), `expected a problem containing "${expected}"`).toContain(expected);
    }
    expect(checkAlertingYaml('apiVersion: 1\ngroups: [unclosed', context)[0]).toMatch(/does not parse/);
    expect(checkAlertingYaml('apiVersion: 2\ngroups: []\n', context)).toEqual(['apiVersion must be 1']);
    expect(checkAlertingYaml('apiVersion: 1\n', context)).toHaveLength(1);
  });
});
