import type { Registry } from 'prom-client';
import type { Config } from '../core/config.ts';
import { AlertingService } from './alerting-service.ts';
import type { DeliveryClock } from './delivery/delivery-loop.ts';
import type { OutboxLimits } from './delivery/outbox.ts';
import { AlertmanagerNotifier } from './impl/alertmanager-notifier.ts';
import { DeliveryMetrics } from './impl/delivery-metrics.ts';
import { LogNotifier } from './impl/log-notifier.ts';
import { SmsGatewayNotifier } from './impl/sms-gateway-notifier.ts';
import { SmtpNotifier } from './impl/smtp-notifier.ts';
import { WebhookNotifier } from './impl/webhook-notifier.ts';
import type { Tier } from './lifecycle/tiers.ts';
import type { Notifier } from './notifier.ts';

interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export function tiersFromConfig(config: Config): Tier[] {
  return [
    { severity: 'critical', withinDays: config.criticalDays },
    { severity: 'warning', withinDays: config.warningDays },
    { severity: 'notice', withinDays: config.noticeDays },
  ];
}

/** The channels the settings describe: always the log; e-mail, SMS, webhook and Alertmanager when configured. */
export function channelsFromConfig(config: Config, log: Logger): Map<string, Notifier> {
  const channels = new Map<string, Notifier>([['log', new LogNotifier(log)]]);
  if (config.smtpUrl && config.alertEmailTo) channels.set('email', new SmtpNotifier({ ...smtpServerOf(config.smtpUrl), from: config.alertEmailFrom, to: list(config.alertEmailTo) }));
  if (config.smsGatewayUrl && config.smsTo) channels.set('sms', new SmsGatewayNotifier({ url: config.smsGatewayUrl, bodyTemplate: config.smsBodyTemplate, recipients: list(config.smsTo) }));
  if (config.alertWebhookUrl) channels.set('webhook', new WebhookNotifier({ url: config.alertWebhookUrl }));
  return channels;
}

/** smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465 (TLS from the start). */
export function smtpServerOf(url: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const server = { host: u.hostname, port: Number(u.port || (secure ? 465 : 587)), secure };
  return u.username ? { ...server, auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : server;
}

/** What the caller wires in: tests their own receivers and clock, the service its metrics registry. */
export interface AlertingWiring {
  channels?: Map<string, Notifier>;
  alertmanager?: AlertmanagerNotifier;
  /** Delivery metrics go into this registry (the one /metrics serves). */
  registry?: Registry;
  clock?: DeliveryClock;
  outboxLimits?: Partial<OutboxLimits>;
}

/** The alerting stage as the settings describe it; `wired` replaces the configured channels (tests wire their own receivers). */
export async function alertingFromConfig(config: Config, log: Logger, wired: AlertingWiring = {}): Promise<AlertingService> {
  const alertmanager = wired.alertmanager ?? (config.alertmanagerUrl ? new AlertmanagerNotifier({ url: config.alertmanagerUrl }) : undefined);
  let depth: () => ReadonlyMap<string, number> = () => new Map();
  const service = await AlertingService.open({
    statePath: config.alertStateFile,
    policy: { tiers: tiersFromConfig(config), holdRuns: config.alertHoldRuns, clearRuns: config.alertClearRuns },
    notifiers: wired.channels ?? channelsFromConfig(config, log),
    ...(alertmanager ? { alertmanager } : {}),
    ...(wired.registry ? { observer: new DeliveryMetrics(wired.registry, () => depth()) } : {}),
    ...(wired.clock ? { clock: wired.clock } : {}),
    ...(wired.outboxLimits ? { outboxLimits: wired.outboxLimits } : {}),
    log,
  });
  depth = () => service.outboxDepth();
  return service;
}
