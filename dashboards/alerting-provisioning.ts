/**
 * Grafana alerting provisioning file (apiVersion 1): Runway's rule group, the contact points critical
 * alerts (SMS) and the rest (e-mail) go to, and the notification policy routing between them.
 *
 * The SDK's alerting types follow Grafana's HTTP provisioning API (interval in seconds, `folderUID`,
 * `keep_firing_for`), not the file format (`name`, `folder` title, `interval: 5m`, `keepFiringFor`,
 * contact points grouping receivers), so this module maps one onto the other.
 */
import { stringify } from 'yaml';
import {
  ContactPointBuilder,
  NotificationPolicyBuilder,
  type ContactPoint,
  type NotificationPolicy,
  type Query,
  type Rule,
  type RuleGroup,
} from '@grafana/grafana-foundation-sdk/alerting';
import { ALERT_FOLDER, runwayRuleGroup, runwayRules, type RuleLink } from './alert-rules.ts';
import { GENERATED_HEADER } from './datasource.ts';

export const ORG_ID = 1;
export const SMS_CONTACT_POINT = 'runway-sms';
export const EMAIL_CONTACT_POINT = 'runway-email';
/** Grafana expands these from its own environment when it reads the file (contact point settings only). */
export const SMS_BRIDGE_URL_ENV = 'RUNWAY_SMS_BRIDGE_URL';
/** The same variable Runway's own e-mail notifier reads, so one environment file serves both. */
export const ALERT_EMAILS_ENV = 'RUNWAY_ALERT_EMAIL_TO';

export function contactPoints(): ContactPoint[] {
  return [
    new ContactPointBuilder()
      .uid(SMS_CONTACT_POINT)
      .name(SMS_CONTACT_POINT)
      // Grafana has no SMS integration: a small bridge turns its webhook payload into text messages.
      .type('webhook')
      .settings({ url: `$${SMS_BRIDGE_URL_ENV}`, httpMethod: 'POST' })
      .build(),
    new ContactPointBuilder()
      .uid(EMAIL_CONTACT_POINT)
      .name(EMAIL_CONTACT_POINT)
      .type('email')
      // Grafana splits addresses on commas and semicolons; needs [smtp] in grafana.ini.
      .settings({ addresses: `$${ALERT_EMAILS_ENV}`, singleEmail: true })
      .build(),
  ];
}

/** Critical alerts go by SMS, everything else by e-mail. */
export function notificationPolicy(): NotificationPolicy {
  return new NotificationPolicyBuilder()
    .receiver(EMAIL_CONTACT_POINT)
    // One notification per customer and alert kind, so a customer's several disks arrive together.
    .groupBy(['grafana_folder', 'alertname', 'customer'])
    .groupWait('1m')
    .groupInterval('10m')
    // Forecasts move slowly; a daily reminder is enough by e-mail.
    .repeatInterval('24h')
    .routes([
      new NotificationPolicyBuilder()
        .receiver(SMS_CONTACT_POINT)
        .objectMatchers([['severity', '=', 'critical']])
        .repeatInterval('4h'),
    ])
    .build();
}

type Json = Record<string, unknown>;

/** Drops the SDK's marker method and undefined keys: what JSON (and so Grafana) would see. */
const plain = <T>(value: T): Json => JSON.parse(JSON.stringify(value)) as Json;

/** "300" seconds as "5m": the file format takes Prometheus-style durations. */
export function durationText(seconds: number): string {
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3_600], ['m', 60]];
  for (const [unit, size] of units) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

function fileQuery(query: Query): Json {
  const out: Json = { refId: query.refId, datasourceUid: query.datasourceUid };
  if (query.relativeTimeRange) out.relativeTimeRange = query.relativeTimeRange;
  out.model = plain(query.model);
  return out;
}

function fileRule(rule: Rule, link: RuleLink | undefined): Json {
  return plain({
    uid: rule.uid,
    title: rule.title,
    condition: rule.condition,
    data: rule.data.map(fileQuery),
    ...(link ? { dashboardUid: link.dashboardUid, panelId: link.panelId } : {}),
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    for: rule.for,
    keepFiringFor: rule.keep_firing_for,
    labels: rule.labels,
    annotations: rule.annotations,
    isPaused: rule.isPaused ?? false,
  });
}

function fileGroup(group: RuleGroup, links: ReadonlyMap<string, RuleLink>): Json {
  if (group.interval === undefined) throw new Error(`rule group ${group.title ?? '?'} has no interval`);
  return {
    orgId: ORG_ID,
    name: group.title,
    folder: ALERT_FOLDER,
    interval: durationText(group.interval),
    rules: (group.rules ?? []).map((rule) => fileRule(rule, links.get(rule.uid ?? ''))),
  };
}

/** Contact points with one receiver each, as the file format groups receivers under a name. */
function fileContactPoint(point: ContactPoint): Json {
  const receiver = plain({ uid: point.uid, type: point.type, settings: point.settings });
  if (point.disableResolveMessage !== undefined) receiver.disableResolveMessage = point.disableResolveMessage;
  return { orgId: ORG_ID, name: point.name, receivers: [receiver] };
}

export function alertingFile(): Json {
  const links = new Map<string, RuleLink>();
  for (const { rule, link } of runwayRules()) if (link) links.set(rule.build().uid ?? '', link);
  return {
    apiVersion: 1,
    groups: [fileGroup(runwayRuleGroup(), links)],
    contactPoints: contactPoints().map(fileContactPoint),
    // Replaces the organisation's notification policy tree: Grafana then shows it as provisioned.
    policies: [{ orgId: ORG_ID, ...plain(notificationPolicy()) }],
  };
}

/** No line folding: queries and templates stay on one line, as they are written in the code. */
export function alertingProvisioningYaml(): string {
  return GENERATED_HEADER + stringify(alertingFile(), { lineWidth: 0 });
}
