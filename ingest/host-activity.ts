import { ownString } from './own-string.ts';

/** When each host last sent a metric point, so silence can be noticed (OCO's "result too old"). */
export class HostActivity {
  readonly #lastSeen = new Map<string, number>();

  private readonly maxHosts: number;
  constructor(maxHosts = 100_000) {
    this.maxHosts = maxHosts;
  }

  seen(host: string, atMs: number): void {
    const previous = this.#lastSeen.get(host);
    if (previous === undefined ? this.#lastSeen.size >= this.maxHosts : atMs <= previous) return; // bounded: an inventory is far smaller
    // A new host's name is copied: a slice of the request body would keep the whole body alive.
    this.#lastSeen.set(previous === undefined ? ownString(host) : host, atMs);
  }

  lastSeen(host: string): number | null {
    return this.#lastSeen.get(host) ?? null;
  }
}
