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
    this.#lastSeen.set(host, atMs);
  }

  lastSeen(host: string): number | null {
    return this.#lastSeen.get(host) ?? null;
  }
}
