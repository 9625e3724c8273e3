import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { moreUrgent, tierOf, type Tier, type TierSeverity } from './tiers.ts';

/** What the rules say about one resource this run; `key` is its identity across runs. */
export interface AlertCandidate {
  key: string;
  labels: { alertname: string; customer: string; host: string; resource: string };
  daysLeft: number | null;
  summary: string;
  remediation: string;
  /** The most urgent tier this kind of alert may reach. */
  maxSeverity?: TierSeverity;
  /** The forecast behind it, kept with the alert for job bundles and notices. */
  evidence?: RunwayRow;
}

export type AlertState = 'pending' | 'firing' | 'resolved';

export interface AlertRecord {
  key: string;
  labels: AlertCandidate['labels'];
  severity: TierSeverity;
  state: AlertState;
  /** Consecutive runs the condition has held (pending) or been absent (firing). */
  runs: number;
  /** Increases with every new firing episode, so notifications of different episodes never collide. */
  episode: number;
  activeSinceMs: number;
  firingSinceMs: number | null;
  resolvedAtMs: number | null;
  daysLeft: number | null;
  summary: string;
  remediation: string;
  ack: { by: string; atMs: number; comment: string } | null;
  evidence?: RunwayRow;
}

export interface Transition {
  kind: 'firing' | 'escalated' | 'deescalated' | 'resolved';
  record: AlertRecord;
}

export interface LifecyclePolicy {
  tiers: readonly Tier[];
  /** Runs a condition must hold before it fires (Prometheus' `for`); 1 fires at once. */
  holdRuns: number;
  /** Runs a firing condition must be gone before it resolves (Prometheus' `keep_firing_for`). */
  clearRuns: number;
}

/**
 * The alert state machine, in the style of Prometheus' rules: inactive → pending → firing → resolved.
 * Hysteresis twice over: tiers keep a margin past their bound, and a firing alert resolves only
 * after `clearRuns` runs without its condition. Returns only transitions worth telling someone about.
 */
export class AlertMachine {
  readonly #records: Map<string, AlertRecord>;
  readonly #policy: LifecyclePolicy;

  constructor(policy: LifecyclePolicy, records: readonly AlertRecord[] = []) {
    this.#policy = policy;
    this.#records = new Map(records.map((r) => [r.key, { ...r }]));
  }

  records(): AlertRecord[] {
    return [...this.#records.values()].map((r) => ({ ...r }));
  }

  get(key: string): AlertRecord | undefined {
    const r = this.#records.get(key);
    return r && { ...r };
  }

  evaluate(candidates: readonly AlertCandidate[], nowMs: number): Transition[] {
    const out: Transition[] = [];
    const seen = new Set<string>();
    for (const c of candidates) {
      seen.add(c.key);
      const t = this.#step(this.#records.get(c.key), c, nowMs);
      if (t) out.push(t);
    }
    for (const record of this.#records.values()) {
      if (seen.has(record.key) || record.state === 'resolved') continue;
      const t = this.#step(record, { ...record, daysLeft: null }, nowMs);
      if (t) out.push(t);
    }
    return out;
  }

  /** Acknowledged alerts keep their state; an acknowledgement ends with the episode. */
  acknowledge(key: string, by: string, comment: string, nowMs: number): AlertRecord | undefined {
    const r = this.#records.get(key);
    if (!r || r.state === 'resolved') return undefined;
    r.ack = { by, atMs: nowMs, comment };
    return { ...r };
  }

  #step(record: AlertRecord | undefined, c: AlertCandidate, nowMs: number): Transition | null {
    const active = record && record.state !== 'resolved' ? record : undefined;
    const tier = tierOf(c.daysLeft, active?.severity ?? null, this.#policy.tiers);
    const severity = tier && c.maxSeverity && moreUrgent(tier, c.maxSeverity) ? c.maxSeverity : tier;
    if (!active) return severity ? this.#open(record, c, severity, nowMs) : null;
    Object.assign(active, { daysLeft: c.daysLeft, summary: c.summary, remediation: c.remediation, ...(c.evidence ? { evidence: c.evidence } : {}) });
    if (active.state === 'pending') return this.#pending(active, severity, nowMs);
    return this.#firing(active, severity, nowMs);
  }

  #open(previous: AlertRecord | undefined, c: AlertCandidate, severity: TierSeverity, nowMs: number): Transition | null {
    const record: AlertRecord = {
      key: c.key, labels: c.labels, severity, state: 'pending', runs: 0, episode: (previous?.episode ?? 0) + 1,
      activeSinceMs: nowMs, firingSinceMs: null, resolvedAtMs: null,
      daysLeft: c.daysLeft, summary: c.summary, remediation: c.remediation, ack: null,
      ...(c.evidence ? { evidence: c.evidence } : {}),
    };
    this.#records.set(c.key, record);
    return this.#pending(record, severity, nowMs);
  }

  #pending(r: AlertRecord, severity: TierSeverity | null, nowMs: number): Transition | null {
    if (!severity) {
      this.#records.delete(r.key); // never fired: nobody was told, so nothing to resolve
      return null;
    }
    r.severity = severity;
    r.runs += 1;
    if (r.runs < this.#policy.holdRuns) return null;
    Object.assign(r, { state: 'firing', runs: 0, firingSinceMs: nowMs });
    return { kind: 'firing', record: { ...r } };
  }

  #firing(r: AlertRecord, severity: TierSeverity | null, nowMs: number): Transition | null {
    if (!severity) {
      r.runs += 1;
      if (r.runs < this.#policy.clearRuns) return null;
      Object.assign(r, { state: 'resolved', runs: 0, resolvedAtMs: nowMs, ack: null });
      return { kind: 'resolved', record: { ...r } };
    }
    r.runs = 0;
    if (severity === r.severity) return null;
    const kind = moreUrgent(severity, r.severity) ? 'escalated' : 'deescalated';
    r.severity = severity;
    return { kind, record: { ...r } };
  }
}
