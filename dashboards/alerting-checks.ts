/**
 * Structural checks of a Grafana alerting provisioning file (apiVersion 1: groups, contactPoints,
 * policies), so a broken rule is caught here rather than when Grafana reads the file at start-up and
 * fails provisioning. Returns human-readable problems; an empty list means fine.
 */
import { parse } from 'yaml';
import { isObject, MAX_UID_LENGTH, missingKeys, type Json } from './dashboard-checks.ts';

export const EXPRESSION_DATASOURCE_UID = '__expr__';
const EXPRESSION_TYPES = ['math', 'reduce', 'resample', 'classic_conditions', 'threshold', 'sql'];
/** Grafana's threshold expression evaluators (pkg/expr/threshold.go). */
const THRESHOLD_TYPES = [
  'gt', 'lt', 'eq', 'ne', 'gte', 'lte',
  'within_range', 'outside_range', 'within_range_included', 'outside_range_included',
];
const NO_DATA_STATES = ['NoData', 'Alerting', 'OK', 'KeepLast'];
const EXEC_ERR_STATES = ['Error', 'Alerting', 'OK', 'KeepLast'];
const MATCH_OPERATORS = ['=', '!=', '=~', '!~'];
/** Prometheus-style durations, as Grafana parses them: "5m", "1h30m". */
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

export interface AlertingCheckContext {
  /** Data sources provisioned next to the file; expressions use the `__expr__` pseudo data source. */
  datasourceUids: ReadonlySet<string>;
  /** Provisioned dashboards and their panel ids, to check the dashboard a rule links to. */
  dashboards?: ReadonlyMap<string, ReadonlySet<number>>;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function checkDuration(where: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string' && DURATION.test(value)) return [];
  return [`${where} is not a duration like "5m": ${String(value)}`];
}

/** `$B`, `${B}`: the refIds a math expression reads. */
const mathReferences = (formula: string): string[] =>
  [...formula.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].map((m) => m[1]!);

function checkExpression(where: string, model: Json, refIds: ReadonlySet<string>): string[] {
  const type = String(model.type);
  if (!EXPRESSION_TYPES.includes(type)) return [`${where}: unknown expression type "${type}"`];
  const expression = typeof model.expression === 'string' ? model.expression : '';
  const inputs = type === 'math' ? mathReferences(expression) : type === 'classic_conditions' ? [] : [expression];
  const problems = inputs
    .filter((input) => !refIds.has(input))
    .map((input) => `${where}: refers to unknown refId "${input}"`);
  if (type === 'threshold') {
    const conditions = list(model.conditions);
    const evaluator = isObject(conditions[0]) ? conditions[0].evaluator : undefined;
    if (conditions.length !== 1) problems.push(`${where}: a threshold needs exactly one condition`);
    else if (!isObject(evaluator) || !THRESHOLD_TYPES.includes(String(evaluator.type))) {
      problems.push(`${where}: threshold evaluator type must be one of ${THRESHOLD_TYPES.join(', ')}`);
    } else if (!list(evaluator.params).every((p) => typeof p === 'number') || list(evaluator.params).length === 0) {
      problems.push(`${where}: threshold params must be numbers`);
    }
  }
  return problems;
}

/** A data source query: a raw InfluxQL target bounded by the rule's relative time range. */
function checkDatasourceQuery(where: string, query: Json, model: Json): string[] {
  const problems: string[] = [];
  const range = isObject(query.relativeTimeRange) ? query.relativeTimeRange : {};
  const [from, to] = [range.from, range.to];
  if (typeof from !== 'number' || typeof to !== 'number' || !(from > to && to >= 0)) {
    problems.push(`${where}: relativeTimeRange must have from > to >= 0 (seconds before now)`);
  }
  if (model.rawQuery !== true) problems.push(`${where}: model must set rawQuery: true`);
  if (typeof model.query !== 'string' || !model.query.includes('$timeFilter')) {
    problems.push(`${where}: model query must contain $timeFilter`);
  }
  return problems;
}

interface QueryCheck {
  problems: string[];
  refIds: Set<string>;
}

function checkQueries(where: string, data: unknown[], context: AlertingCheckContext): QueryCheck {
  const refIds = new Set(data.filter(isObject).map((query) => String(query.refId)));
  const problems: string[] = [];
  const seen = new Set<string>();
  data.forEach((query, i) => {
    const at = `${where}.data[${i}]`;
    const missing = missingKeys(at, query, ['refId', 'datasourceUid', 'model']);
    if (missing.length > 0 || !isObject(query) || !isObject(query.model)) {
      problems.push(...missing, ...(missing.length === 0 ? [`${at}.model is not a mapping`] : []));
      return;
    }
    const refId = String(query.refId);
    const uid = String(query.datasourceUid);
    if (seen.has(refId)) problems.push(`${at}: refId "${refId}" is used twice`);
    seen.add(refId);
    if (query.model.refId !== undefined && query.model.refId !== refId) {
      problems.push(`${at}: model.refId differs from refId`);
    }
    if (uid === EXPRESSION_DATASOURCE_UID) problems.push(...checkExpression(at, query.model, refIds));
    else if (!context.datasourceUids.has(uid)) problems.push(`${at}: data source uid "${uid}" is not provisioned`);
    else problems.push(...checkDatasourceQuery(at, query, query.model));
  });
  return { problems, refIds };
}

function checkDashboardLink(where: string, rule: Json, context: AlertingCheckContext): string[] {
  if (rule.dashboardUid === undefined) {
    return rule.panelId === undefined ? [] : [`${where}: panelId without dashboardUid`];
  }
  if (!context.dashboards) return [];
  const panels = context.dashboards.get(String(rule.dashboardUid));
  if (!panels) return [`${where}: dashboardUid "${String(rule.dashboardUid)}" is not a provisioned dashboard`];
  return rule.panelId === undefined || panels.has(Number(rule.panelId))
    ? []
    : [`${where}: dashboard "${String(rule.dashboardUid)}" has no panel ${String(rule.panelId)}`];
}

/** Grafana expands `$NAME` in labels from its environment (`$$` is a literal `$`); annotations are kept raw. */
function checkLabels(where: string, labels: unknown): string[] {
  if (labels === undefined) return [];
  if (!isObject(labels)) return [`${where}.labels is not a mapping`];
  return Object.entries(labels)
    .filter(([, value]) => String(value).replaceAll('$$', '').includes('$'))
    .map(([key]) => `${where}.labels.${key} contains "$", which Grafana would expand from its environment`);
}

function checkRule(where: string, rule: unknown, context: AlertingCheckContext): string[] {
  const missing = missingKeys(where, rule, ['uid', 'title', 'condition', 'data']);
  if (missing.length > 0 || !isObject(rule)) return missing;
  const at = `${where} (${String(rule.uid)})`;
  const { problems, refIds } = checkQueries(at, list(rule.data), context);
  if (list(rule.data).length === 0) problems.push(`${at}: data must be a non-empty list`);
  if (!refIds.has(String(rule.condition))) {
    problems.push(`${at}: condition "${String(rule.condition)}" is not a refId of its data`);
  }
  if (String(rule.uid).length > MAX_UID_LENGTH) problems.push(`${at}: uid is longer than ${MAX_UID_LENGTH} characters`);
  if (rule.noDataState !== undefined && !NO_DATA_STATES.includes(String(rule.noDataState))) {
    problems.push(`${at}: noDataState must be one of ${NO_DATA_STATES.join(', ')}`);
  }
  if (rule.execErrState !== undefined && !EXEC_ERR_STATES.includes(String(rule.execErrState))) {
    problems.push(`${at}: execErrState must be one of ${EXEC_ERR_STATES.join(', ')}`);
  }
  return [
    ...problems,
    ...checkDuration(`${at}.for`, rule.for),
    ...checkDuration(`${at}.keepFiringFor`, rule.keepFiringFor),
    ...checkLabels(at, rule.labels),
    ...checkDashboardLink(at, rule, context),
  ];
}

function checkGroups(groups: unknown[], context: AlertingCheckContext): string[] {
  const problems: string[] = [];
  const uids = new Set<string>();
  groups.forEach((group, g) => {
    const where = `groups[${g}]`;
    const missing = missingKeys(where, group, ['name', 'folder', 'interval', 'rules']);
    if (missing.length > 0 || !isObject(group)) return void problems.push(...missing);
    problems.push(...checkDuration(`${where}.interval`, group.interval));
    if (list(group.rules).length === 0) problems.push(`${where}.rules must be a non-empty list`);
    list(group.rules).forEach((rule, r) => {
      problems.push(...checkRule(`${where}.rules[${r}]`, rule, context));
      const uid = isObject(rule) ? String(rule.uid) : '';
      if (uids.has(uid)) problems.push(`rule uid "${uid}" is used twice`);
      uids.add(uid);
    });
  });
  return problems;
}

const REQUIRED_SETTINGS: Record<string, string> = { webhook: 'url', email: 'addresses' };

function checkContactPoints(points: unknown[]): { problems: string[]; names: Set<string> } {
  const problems: string[] = [];
  const names = new Set<string>();
  const receiverUids = new Set<string>();
  points.forEach((point, p) => {
    const where = `contactPoints[${p}]`;
    const missing = missingKeys(where, point, ['name', 'receivers']);
    if (missing.length > 0 || !isObject(point)) return void problems.push(...missing);
    const name = String(point.name);
    if (names.has(name)) problems.push(`${where}: contact point name "${name}" is used twice`);
    names.add(name);
    if (list(point.receivers).length === 0) problems.push(`${where}.receivers must be a non-empty list`);
    list(point.receivers).forEach((receiver, r) => {
      const at = `${where}.receivers[${r}]`;
      const absent = missingKeys(at, receiver, ['uid', 'type', 'settings']);
      if (absent.length > 0 || !isObject(receiver)) return void problems.push(...absent);
      if (receiverUids.has(String(receiver.uid))) {
        problems.push(`${at}: receiver uid "${String(receiver.uid)}" is used twice`);
      }
      receiverUids.add(String(receiver.uid));
      const setting = REQUIRED_SETTINGS[String(receiver.type)];
      if (setting) problems.push(...missingKeys(`${at}.settings`, receiver.settings, [setting]));
    });
  });
  return { problems, names };
}

/** A policy tree: every receiver named must be a contact point; nested routes may inherit theirs. */
function checkPolicy(where: string, policy: unknown, names: ReadonlySet<string>, isRoot: boolean): string[] {
  if (!isObject(policy)) return [`${where} is not a mapping`];
  const problems = isRoot ? missingKeys(where, policy, ['receiver']) : [];
  if (policy.receiver !== undefined && !names.has(String(policy.receiver))) {
    problems.push(`${where}: receiver "${String(policy.receiver)}" is not a defined contact point`);
  }
  list(policy.object_matchers).forEach((matcher, m) => {
    const ok = Array.isArray(matcher) && matcher.length === 3 && MATCH_OPERATORS.includes(String(matcher[1]));
    if (!ok) problems.push(`${where}.object_matchers[${m}] must be [label, operator, value]`);
  });
  for (const key of ['group_wait', 'group_interval', 'repeat_interval']) {
    problems.push(...checkDuration(`${where}.${key}`, policy[key]));
  }
  list(policy.routes).forEach((route, r) => {
    problems.push(...checkPolicy(`${where}.routes[${r}]`, route, names, false));
  });
  return problems;
}

export function checkAlertingYaml(text: string, context: AlertingCheckContext): string[] {
  let file: unknown;
  try {
    file = parse(text);
  } catch (error) {
    return [`YAML does not parse: ${(error as Error).message}`];
  }
  if (!isObject(file) || file.apiVersion !== 1) return ['apiVersion must be 1'];
  if (!['groups', 'contactPoints', 'policies'].some((key) => Array.isArray(file[key]))) {
    return ['the file provisions nothing: no groups, contactPoints or policies list'];
  }
  const contacts = checkContactPoints(list(file.contactPoints));
  return [
    ...checkGroups(list(file.groups), context),
    ...contacts.problems,
    ...list(file.policies).flatMap((policy, p) => checkPolicy(`policies[${p}]`, policy, contacts.names, true)),
  ];
}
