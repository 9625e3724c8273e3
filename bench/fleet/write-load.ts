import { request } from 'node:http';

export interface WriteLoadResult {
  requests: number;
  points: number;
  /** Milliseconds, per request. */
  p99Ms: number;
  maxMs: number;
  /** Answers other than 204, by status (503 is the one that counts: load shedding or a full spool). */
  refused: Record<number, number>;
}

/**
 * A steady stream of live points to Runway's /write, as a fleet's Telegrafs would send them:
 * every 100 ms one batch of pointsPerSecond / 10 lines, each request timed from send to answer.
 * Batches are sent on time even while earlier ones wait, so a stalled event loop shows as latency.
 */
export function startWriteLoad(writeUrl: string, pointsPerSecond: number): { stop(): Promise<WriteLoadResult> } {
  const perBatch = Math.max(1, Math.round(pointsPerSecond / 10));
  const latencies: number[] = [];
  const refused: Record<number, number> = {};
  const pending = new Set<Promise<void>>();
  let batch = 0;
  const send = (): void => {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const lines: string[] = [];
    for (let i = 0; i < perBatch; i++) lines.push(`nginx,host=live${(batch * perBatch + i) % 5000} requests=${i % 17}i,active=${i % 5}i ${nowNs}`);
    batch++;
    const body = lines.join('\n');
    const started = performance.now();
    const p = new Promise<void>((resolve) => {
      const req = request(writeUrl, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - started);
          if (res.statusCode !== 204) refused[res.statusCode ?? 0] = (refused[res.statusCode ?? 0] ?? 0) + 1;
          resolve();
        });
      });
      req.on('error', () => {
        refused[0] = (refused[0] ?? 0) + 1;
        resolve();
      });
      req.end(body);
    }).finally(() => pending.delete(p));
    pending.add(p);
  };
  const timer = setInterval(send, 100);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
      return { requests: latencies.length, points: latencies.length * perBatch, p99Ms: at(0.99), maxMs: sorted.at(-1) ?? NaN, refused };
    },
  };
}
