import { AlertmanagerSync } from './delivery/alertmanager-sync.ts';
import { DeliveryLoop, type DeliveryClock, type DeliveryTask } from './delivery/delivery-loop.ts';
import { dispatch, type DispatchResult } from './delivery/dispatcher.ts';
import { labelsOf, notificationId, toNotification } from './delivery/notification.ts';
import { Outbox, type OutboxEntry, type OutboxLimits, type OutboxObserver } from './delivery/outbox.ts';
import { channelsFor, DEFAULT_ROUTING, type RoutingPolicy } from './delivery/routing.ts';
import type { AlertmanagerNotifier } from './impl/alertmanager-notifier.ts';
import { AlertMachine, type AlertCandidate, type AlertRecord, type LifecyclePolicy, type Transition } from './lifecycle/alert-machine.ts';
import { loadAlertingState, writeAlertingState, type StoredOutboxEntry } from './lifecycle/alert-state-file.ts';
import { DeliveryJournal } from './lifecycle/delivery-journal.ts';
import { Silences, type Silence } from './lifecycle/silences.ts';
import type { AlertNotification, Notifier } from './notifier.ts';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AlertingServiceOptions {
  statePath: string;
  policy: LifecyclePolicy;
  routing?: RoutingPolicy;
  /** Channel name → notifier ('sms', 'email', 'webhook', …). */
  notifiers: ReadonlyMap<string, Notifier>;
  alertmanager?: AlertmanagerNotifier;
  log: Logger;
  /** The delivery clock; tests move one by hand. */
  clock?: DeliveryClock;
  outboxLimits?: Partial<OutboxLimits>;
  /** Counts deliveries, retries and drops (the Prometheus metrics). */
  observer?: OutboxObserver;
  /** How often Alertmanager is re-sent the state, in milliseconds. */
  alertmanagerResendMs?: number;
}

export interface ProcessResult {
  transitions: Transition[];
  silenced: Transition[];
  /** Outbox entries (one per channel and recipient) this run queued for the delivery loop. */
  enqueued: number;
}

/**
 * The alerting stage: lifecycle, silences, routing and at-least-once delivery, all remembered in one
 * state file (and a journal of the deliveries since it was written) so that a restart neither
 * forgets a firing alert nor sends the same SMS twice.
 * Evaluation (`process`, on the forecast's clock) only queues; the delivery loop sends, on its own.
 */
export class AlertingService {
  readonly delivery: DeliveryLoop;
  readonly #opts: AlertingServiceOptions;
  readonly #machine: AlertMachine;
  readonly #silences: Silences;
  readonly #outbox: Outbox;
  readonly #alertmanager: AlertmanagerSync | null;
  readonly #journal: DeliveryJournal;
  /** Resolved alerts Alertmanager has not been told about yet. */
  #resolvedForAlertmanager: AlertNotification[] = [];
  #writes: Promise<void> = Promise.resolve();
  #lastDispatch: DispatchResult = { delivered: [], failed: [] };

  private constructor(opts: AlertingServiceOptions, records: AlertRecord[], silences: Silence[], outbox: OutboxEntry[]) {
    this.#opts = opts;
    this.#machine = new AlertMachine(opts.policy, records);
    this.#silences = new Silences(silences);
    this.#outbox = new Outbox(outbox, opts.outboxLimits, opts.observer);
    this.#journal = new DeliveryJournal(opts.statePath);
    const clock = opts.clock;
    const outboxTask: DeliveryTask = {
      name: 'outbox',
      nextDueMs: () => this.#outbox.nextDueMs(),
      run: async () => {
        this.#lastDispatch = await dispatch(this.#outbox, opts.notifiers, (ids) => this.#recordAttempts(ids), () => (clock ?? Date).now());
        for (const f of this.#lastDispatch.failed) opts.log.warn({ channel: f.channel, recipient: f.recipient, error: f.error, id: f.id }, 'alert delivery failed');
      },
    };
    this.#alertmanager = opts.alertmanager
      ? new AlertmanagerSync({
          notifier: opts.alertmanager,
          snapshot: (nowMs) => this.#alertmanagerState(nowMs),
          onPushed: () => (this.#resolvedForAlertmanager = []),
          log: opts.log,
          ...(opts.alertmanagerResendMs ? { resendMs: opts.alertmanagerResendMs } : {}),
        })
      : null;
    this.delivery = new DeliveryLoop({ tasks: this.#alertmanager ? [outboxTask, this.#alertmanager] : [outboxTask], log: opts.log, ...(clock ? { clock } : {}) });
  }

  /** Opens the state file (a damaged one is moved aside, and the log says what Runway starts with). */
  static async open(opts: AlertingServiceOptions): Promise<AlertingService> {
    const state = await loadAlertingState(opts.statePath, opts.log);
    const outbox = state.outbox.flatMap((e) => withRecipients(e, opts.notifiers));
    return new AlertingService(opts, state.records, state.silences, outbox);
  }

  /** Evaluates this run's candidates and queues what must be told; the delivery loop sends it. */
  async process(candidates: readonly AlertCandidate[], nowMs: number): Promise<ProcessResult> {
    const transitions = this.#machine.evaluate(candidates, nowMs);
    const silenced: Transition[] = [];
    const queuedAt = (this.#opts.clock ?? Date).now();
    let enqueued = 0;
    for (const t of transitions) {
      const notification = toNotification(t);
      if (t.kind === 'resolved') this.#resolvedForAlertmanager.push(notification);
      if (this.#silences.matching(notification.labels, nowMs)) {
        silenced.push(t);
        continue;
      }
      for (const channel of channelsFor(t, this.#opts.routing ?? DEFAULT_ROUTING)) {
        for (const recipient of this.#opts.notifiers.get(channel)?.recipients ?? []) {
          if (this.#outbox.enqueue({ id: notificationId(t, channel, recipient), channel, recipient, notification }, queuedAt)) enqueued++;
        }
      }
    }
    this.#outbox.prune(queuedAt);
    await this.#persist();
    if (transitions.length > 0) this.#alertmanager?.changed();
    this.delivery.wake();
    return { transitions, silenced, enqueued };
  }

  /** Starts the delivery clock (runway serve); until then nothing is sent. */
  startDelivery(): void {
    this.delivery.start();
  }

  /** Stops the delivery clock once the message in flight is through, and waits for the state file. */
  async close(): Promise<void> {
    await this.delivery.stop();
    await this.#writes;
    await this.#journal.close();
  }

  records(): AlertRecord[] {
    return this.#machine.records();
  }

  async acknowledge(key: string, by: string, comment: string, nowMs: number = Date.now()): Promise<AlertRecord | undefined> {
    const record = this.#machine.acknowledge(key, by, comment, nowMs);
    if (record) await this.#persist();
    return record;
  }

  async addSilence(s: Omit<Silence, 'id'>): Promise<Silence> {
    const silence = this.#silences.add(s);
    await this.#persist();
    this.#alertmanager?.changed();
    return silence;
  }

  async removeSilence(id: string): Promise<boolean> {
    const removed = this.#silences.remove(id);
    if (removed) {
      await this.#persist();
      this.#alertmanager?.changed();
    }
    return removed;
  }

  silences(nowMs: number = Date.now()): Silence[] {
    return this.#silences.list(nowMs);
  }

  /** The outbox entry of this id (tests and diagnostics). */
  outboxEntry(id: string): OutboxEntry | undefined {
    return this.#outbox.get(id);
  }

  outboxDepth(): Map<string, number> {
    return this.#outbox.depth();
  }

  deliveryStats() {
    return { ...this.#outbox.stats(), lastPass: this.#lastDispatch };
  }

  /**
   * What Alertmanager should hold: firing alerts that are not silenced, and the resolved ones it
   * has not been told about. Notices are not pushed: they are for Grafana and the API, never sent
   * (README), and an Alertmanager route without a severity matcher would page for them.
   */
  #alertmanagerState(nowMs: number): AlertNotification[] {
    const firing = this.#machine
      .records()
      .filter((r) => r.state === 'firing' && r.severity !== 'notice' && !this.#silences.matching(labelsOf(r), nowMs))
      .map((r) => toNotification({ kind: 'firing', record: r }));
    const resolved = this.#resolvedForAlertmanager.filter((n) => n.labels.severity !== 'notice');
    return [...firing, ...resolved];
  }

  /** The whole state, then an empty journal: everything the journal said is in the file now. */
  #persist(): Promise<void> {
    return this.#serialised(async () => {
      await writeAlertingState(this.#opts.statePath, { version: 2, records: this.#machine.records(), silences: this.#silences.list(0), outbox: this.#outbox.entries() });
      await this.#journal.clear();
    });
  }

  /** One delivery attempt, appended to the journal: a message's cost, not the whole file's. */
  #recordAttempts(ids: readonly string[]): Promise<void> {
    const progress = ids.flatMap((id) => this.#outbox.progress(id) ?? []);
    return this.#serialised(() => this.#journal.append(progress));
  }

  /** One write at a time: the state file and its journal must not interleave. */
  #serialised(write: () => Promise<void>): Promise<void> {
    const done = this.#writes.then(write);
    this.#writes = done.catch(() => undefined);
    return done;
  }
}

/**
 * Entries of a state file from before per-recipient delivery name no recipient: a delivered one is
 * kept as it is (it only guards against re-sending), a pending one becomes one entry per recipient.
 */
function withRecipients(e: StoredOutboxEntry, notifiers: ReadonlyMap<string, Notifier>): OutboxEntry[] {
  if (e.recipient !== undefined) return [{ ...e, recipient: e.recipient }];
  const closed = e.deliveredMs !== null || e.gaveUpMs !== null;
  const recipients = notifiers.get(e.channel)?.recipients ?? [];
  if (closed || recipients.length === 0) return [{ ...e, recipient: '' }];
  return recipients.map((recipient) => ({ ...e, id: `${e.id}|${recipient}`, recipient }));
}
