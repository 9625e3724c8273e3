import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPoints } from '../../scripts/test-support/influx.ts';
import { startRunway, SUITE_TOKEN, type RunwayInProcess } from './runway-in-process.ts';

// Slow-body attacks, and bodies refused before they are read: what a client sees must be the
// answer, delivered, and valid writers must not wait behind requests that hold nothing of theirs.
const SLOW_CONNECTIONS = 64;
const VALID_WRITES = 200;

/** A raw HTTP/1.1 request whose head is sent at once; resolves with what the server answered. */
function rawRequest(url: string, head: string, body: Buffer = Buffer.alloc(0)): { socket: Socket; answer: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  const answer = new Promise<string>((resolve, reject) => {
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (/\r\n\r\n/.test(received) && !/^HTTP\/1\.1 100 /.test(received.split('\r\n\r\n').at(-2) ?? received)) resolve(received);
    });
    socket.on('error', (e) => (received ? resolve(received) : reject(e)));
    socket.on('close', () => resolve(received));
  });
  socket.write(head);
  if (body.length > 0) socket.write(body);
  return { socket, answer };
}

const finalStatus = (answer: string): number => Number(/HTTP\/1\.1 (\d{3})(?![\s\S]*HTTP\/1\.1 \d{3})/.exec(answer)?.[1] ?? 0);

describe('slow bodies and early refusals', () => {
  let runway: RunwayInProcess;
  beforeAll(async () => {
    runway = await startRunway({ bodyTimeoutMs: 1500, bodyLimitBytes: 1_000_000 });
  });
  afterAll(() => runway.close());

  /** VALID_WRITES writes one after the other; their statuses and latencies in milliseconds. */
  async function validWrites(customer: string): Promise<{ statuses: number[]; latencies: number[] }> {
    const latencies: number[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < VALID_WRITES; i++) {
      const started = performance.now();
      const res = await fetch(`${runway.url}/write?db=telegraf`, {
        method: 'POST', headers: { authorization: `Token ${SUITE_TOKEN}` },
        body: `system,customer=${customer},host=v load1=${i} ${1_700_000_000_000_000_000n + BigInt(i) * 1_000_000_000n}`,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      statuses.push(res.status);
    }
    return { statuses, latencies };
  }

  const percentiles = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return `p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, p99 ${sorted[Math.ceil(sorted.length * 0.99) - 1]!.toFixed(1)} ms`;
  };

  it(`answers ${SLOW_CONNECTIONS} unauthenticated slow bodies 401 before reading them, and valid writes all get 204 meanwhile`, async () => {
    const quiet = await validWrites('quiet');
    const attackers = Array.from({ length: SLOW_CONNECTIONS }, () =>
      rawRequest(runway.url, 'POST /write?db=telegraf HTTP/1.1\r\nHost: runway\r\nContent-Length: 900000\r\n\r\nsystem,host=x load1='));
    const trickle = setInterval(() => attackers.forEach((a) => a.socket.writable && a.socket.write('1')), 200);
    try {
      const { statuses, latencies } = await validWrites('slow');
      const answers = await Promise.all(attackers.map((a) => a.answer));
      expect(answers.map(finalStatus)).toEqual(Array(SLOW_CONNECTIONS).fill(401));
      expect(statuses).toEqual(Array(VALID_WRITES).fill(204));
      console.info(`valid writes (each fsync'd): without attack ${percentiles(quiet.latencies)}; with ${SLOW_CONNECTIONS} slow-body connections ${percentiles(latencies)}`);
      await runway.spool.drained();
      expect(await countPoints(runway.store, 'system', 'load1', `"customer" = 'slow'`)).toBe(VALID_WRITES);
    } finally {
      clearInterval(trickle);
      attackers.forEach((a) => a.socket.destroy());
    }
  });

  it('answers an authenticated body that does not arrive in time 408, and stores nothing of it', async () => {
    const slow = rawRequest(runway.url, `POST /write?db=telegraf HTTP/1.1\r\nHost: runway\r\nAuthorization: Token ${SUITE_TOKEN}\r\nContent-Length: 5000\r\n\r\nsystem,customer=late,host=x load1=1\n`);
    const answer = await slow.answer;
    slow.socket.destroy();
    expect(finalStatus(answer)).toBe(408);
    expect(answer).toMatch(/did not arrive within 1500 ms/);
    expect(await countPoints(runway.store, 'system', 'load1', `"customer" = 'late'`)).toBe(0);
  });

  it('delivers 413 for a body over the limit: before 100 Continue when asked for, and after draining the body when not', async () => {
    const head = (expect: boolean) => `POST /write?db=telegraf HTTP/1.1\r\nHost: runway\r\nAuthorization: Token ${SUITE_TOKEN}\r\nContent-Length: 2000000\r\n${expect ? 'Expect: 100-continue\r\n' : ''}\r\n`;
    for (let i = 0; i < 8; i++) {
      const asked = rawRequest(runway.url, head(true));
      const answer = await asked.answer;
      asked.socket.destroy();
      expect(answer).not.toMatch(/100 Continue/);
      expect(finalStatus(answer)).toBe(413);

      const sent = rawRequest(runway.url, head(false), Buffer.alloc(2_000_000, 'a'));
      expect(finalStatus(await sent.answer)).toBe(413);
      sent.socket.destroy();
    }
  });
});
