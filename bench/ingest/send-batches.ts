/**
 * Sends prepared bodies the way Telegraf's outputs.influxdb does (POST /write, gzip, text/plain),
 * from `clients` concurrent clients pulling from one queue. Any answer but 204 stops the run:
 * a benchmark that silently lost batches would measure nothing.
 */
export async function sendBatches(writeUrl: string, bodies: readonly Buffer[], clients: number): Promise<void> {
  let next = 0;
  const headers = { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip', 'user-agent': 'runway-bench' };
  const client = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await fetch(writeUrl, { method: 'POST', headers, body });
      const text = await res.text();
      if (res.status !== 204) throw new Error(`${writeUrl} answered ${res.status}: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
}
