import { RunwayError } from '../../core/errors.ts';

/**
 * How many request-body bytes may be received or handled at once. A write over the budget waits,
 * first come first served, rather than being refused: InfluxDB takes a burst of a hundred
 * concurrent batches by queueing them, and collectors such as the v2 client send exactly that.
 * Only a write that waited `maxWaitMs` without getting room is refused (503, retry later), so a
 * saturated process answers in time for the client's own timeout instead of holding it forever.
 */
export class BodyBudget {
  readonly #maxBytes: number;
  readonly #maxWaitMs: number;
  #inUse = 0;
  #waiting: { bytes: number; grant: () => void }[] = [];

  constructor(maxBytes: number, maxWaitMs: number) {
    this.#maxBytes = maxBytes;
    this.#maxWaitMs = maxWaitMs;
  }

  get bytesInUse(): number {
    return this.#inUse;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Resolves with a release function once `bytes` fit (a body larger than the whole budget gets
   * it alone). Rejects with RUNWAY_ERR_INGEST_OVERLOADED after maxWaitMs.
   */
  acquire(bytes: number): Promise<() => void> | (() => void) {
    const wanted = Math.min(bytes, this.#maxBytes);
    if (this.#waiting.length === 0 && this.#inUse + wanted <= this.#maxBytes) return this.#take(wanted);
    return new Promise((resolve, reject) => {
      const entry = { bytes: wanted, grant: () => resolve(this.#take(wanted)) };
      this.#waiting.push(entry);
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(entry);
        if (at < 0) return;
        this.#waiting.splice(at, 1);
        reject(new RunwayError('RUNWAY_ERR_INGEST_OVERLOADED', { reason: `${this.#inUse} bytes of request bodies in hand and ${this.#waiting.length + 1} writes queued for ${this.#maxWaitMs} ms` }));
        this.#grantWaiting(); // the head may have been the one that did not fit
      }, this.#maxWaitMs);
      entry.grant = () => {
        clearTimeout(timer);
        resolve(this.#take(wanted));
      };
    });
  }

  #take(bytes: number): () => void {
    this.#inUse += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inUse -= bytes;
      this.#grantWaiting();
    };
  }

  #grantWaiting(): void {
    while (this.#waiting.length > 0) {
      const head = this.#waiting[0]!;
      if (this.#inUse > 0 && this.#inUse + head.bytes > this.#maxBytes) return;
      this.#waiting.shift();
      head.grant();
    }
  }
}
