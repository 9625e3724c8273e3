import { dispatch, type DispatchResult } from './delivery/dispatcher.ts';
import { Outbox } from './delivery/outbox.ts';
import { channelsFor, DEFAULT_ROUTING, type RoutingPolicy } from './delivery/routing.ts';
import type { AlertmanagerNotifier } from './impl/alertmanager-notifier.ts';
import { AlertMachine, type AlertCandidate, type AlertRecord, type LifecyclePolicy, type Transition } from './lifecycle/alert-machine.ts';
import { readAlertingState, writeAlertingState } from './lifecycle/alert-state-file.ts';
import { Silences, type Silence } from './lifecycle/silences.ts';
import { labelsOf, notificationId, toNotification } from './delivery/notification.ts';
import type { Notifier } from './notifier.ts';

export interface AlertingServiceOptions {
  statePath: string;
  policy: LifecyclePolicy;
  routing?: RoutingPolicy;
  /** Channel name → notifier ('sms', 'email', 'webhook', …). */
  notifiers: ReadonlyMap<string, Notifier>;
  alertmanager?: AlertmanagerNotifier;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface ProcessResult {
  transitions: Transition[];
  silenced: Transition[];
  dispatch: DispatchResult;
}

/**
 * The alerting stage: lifecycle, silences, routing and at-least-once delivery, all remembered in one
 * state file so that a restart neither forgets a firing alert nor sends the same SMS twice.
 */
export class AlertingService {
  private readonly opts: AlertingServiceOptions;
  private readonly machine: AlertMachine;
  private readonly silenceList: Silences;
  private readonly outbox: Outbox;
  private constructor(
    opts: AlertingServiceOptions,
    machine: AlertMachine,
    silenceList: Silences,
    outbox: Outbox,
  ) {
    this.opts = opts;
    this.machine = machine;
    this.silenceList = silenceList;
    this.outbox = outbox;
  }

  static async open(opts: AlertingServiceOptions): Promise<AlertingService> {
    const state = await readAlertingState(opts.statePath);
    return new AlertingService(opts, new AlertMachine(opts.policy, state.records), new Silences(state.silences), new Outbox(state.outbox));
  }

  async process(candidates: readonly AlertCandidate[], nowMs: number): Promise<ProcessResult> {
    const transitions = this.machine.evaluate(candidates, nowMs);
    const silenced: Transition[] = [];
    for (const t of transitions) {
      const notification = toNotification(t);
      if (this.silenceList.matching(notification.labels, nowMs)) {
        silenced.push(t);
        continue;
      }
      for (const channel of channelsFor(t, this.opts.routing ?? DEFAULT_ROUTING)) {
        if (this.opts.notifiers.has(channel)) this.outbox.enqueue(notificationId(t, channel), channel, notification, nowMs);
      }
    }
    this.outbox.prune(nowMs);
    await this.persist();
    const delivered = await dispatch(this.outbox, this.opts.notifiers, () => this.persist(), () => nowMs);
    await this.syncAlertmanager(transitions, nowMs);
    return { transitions, silenced, dispatch: delivered };
  }

  records(): AlertRecord[] {
    return this.machine.records();
  }

  async acknowledge(key: string, by: string, comment: string, nowMs: number = Date.now()): Promise<AlertRecord | undefined> {
    const record = this.machine.acknowledge(key, by, comment, nowMs);
    if (record) await this.persist();
    return record;
  }

  async addSilence(s: Omit<Silence, 'id'>): Promise<Silence> {
    const silence = this.silenceList.add(s);
    await this.persist();
    return silence;
  }

  async removeSilence(id: string): Promise<boolean> {
    const removed = this.silenceList.remove(id);
    if (removed) await this.persist();
    return removed;
  }

  silences(nowMs: number = Date.now()): Silence[] {
    return this.silenceList.list(nowMs);
  }

  deliveryStats() {
    return this.outbox.stats();
  }

  /** Alertmanager wants every firing alert re-sent until it resolves, and the resolved ones once. */
  async syncAlertmanager(transitions: readonly Transition[], nowMs: number): Promise<void> {
    const am = this.opts.alertmanager;
    if (!am) return;
    const firing = this.machine.records().filter((r) => r.state === 'firing' && !this.silenceList.matching(labelsOf(r), nowMs));
    const resolved = transitions.filter((t) => t.kind === 'resolved').map((t) => t.record);
    try {
      await am.send([...firing, ...resolved].map((r) => toNotification({ kind: r.state === 'resolved' ? 'resolved' : 'firing', record: r })), nowMs);
    } catch (e) {
      this.opts.log.warn({ err: e }, 'Alertmanager sync failed; the next run re-sends the whole state');
    }
  }

  private persist(): Promise<void> {
    return writeAlertingState(this.opts.statePath, {
      version: 1,
      records: this.machine.records(),
      silences: this.silenceList.list(0),
      outbox: this.outbox.entries(),
    });
  }
}
