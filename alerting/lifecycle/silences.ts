import { randomUUID } from 'node:crypto';

/** Mutes delivery (not evaluation) of alerts whose labels match, until endsAtMs. */
export interface Silence {
  id: string;
  /** Label name → exact value; every one must match. */
  matchers: Record<string, string>;
  startsAtMs: number;
  endsAtMs: number;
  createdBy: string;
  comment: string;
}

export class Silences {
  readonly #all: Map<string, Silence>;

  constructor(silences: readonly Silence[] = []) {
    this.#all = new Map(silences.map((s) => [s.id, s]));
  }

  add(s: Omit<Silence, 'id'>): Silence {
    const silence = { ...s, id: randomUUID() };
    this.#all.set(silence.id, silence);
    return silence;
  }

  remove(id: string): boolean {
    return this.#all.delete(id);
  }

  /** The silence muting these labels now, if any. */
  matching(labels: Record<string, string>, nowMs: number): Silence | undefined {
    for (const s of this.#all.values()) {
      if (s.startsAtMs <= nowMs && nowMs < s.endsAtMs && Object.entries(s.matchers).every(([k, v]) => labels[k] === v)) return s;
    }
    return undefined;
  }

  /** Active and future silences; expired ones are dropped. */
  list(nowMs: number): Silence[] {
    for (const [id, s] of this.#all) if (s.endsAtMs <= nowMs) this.#all.delete(id);
    return [...this.#all.values()];
  }
}
