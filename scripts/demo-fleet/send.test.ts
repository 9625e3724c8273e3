import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { demoFleet, hostPointCount } from './fleet.ts';
import { sendFleet } from './send.ts';

const END = Date.UTC(2026, 10, 21);
const OPTS = { endMs: END, hosts: 2, days: 2, batchPoints: 100, retryBaseMs: 1 };

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  lines: string[];
}

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A loopback stand-in for the /write endpoint; `reply` decides each response. */
async function fakeInflux(reply: (n: number) => { status: number; body?: string }): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  let n = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = reply(n++);
      if (r.status < 300) {
        const text = gunzipSync(Buffer.concat(chunks)).toString('utf8');
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, lines: text.split('\n') });
      }
      res.writeHead(r.status, { 'Content-Type': 'text/plain' }).end(r.body ?? '');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, seen };
}

describe('sendFleet', () => {
  it('posts gzip line protocol to /write?db=telegraf like Telegraf, in parallel batches', async () => {
    const { url, seen } = await fakeInflux(() => ({ status: 204 }));
    const progress: number[] = [];
    const total = demoFleet(OPTS).reduce((a, h) => a + hostPointCount(h, OPTS), 0);
    const r = await sendFleet(url, { ...OPTS, token: 'secret', onProgress: (sent, all) => (expect(all).toBe(total), progress.push(sent)) });
    expect(r.points).toBe(total);
    expect(r.requests).toBe(demoFleet(OPTS).reduce((a, h) => a + Math.ceil(hostPointCount(h, OPTS) / 100), 0));
    expect(progress.at(-1)).toBe(total);
    for (const s of seen) {
      expect(s.method).toBe('POST');
      expect(s.url).toBe('/write?db=telegraf');
      expect(s.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(s.headers['content-encoding']).toBe('gzip');
      expect(s.headers.authorization).toBe('Token secret');
    }
    const lines = seen.flatMap((s) => s.lines);
    expect(lines.length).toBe(total);
    expect(lines.every((l) => / \d{19}$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('system,customer=hyggehjem,host=hyggehjem-shop1 load1='))).toBe(true);
  });

  it('sends no Authorization header without a token', async () => {
    const { url, seen } = await fakeInflux(() => ({ status: 204 }));
    await sendFleet(url, { ...OPTS, hosts: 1, days: 1 });
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('retries 5xx responses and then succeeds', async () => {
    const { url, seen } = await fakeInflux((n) => (n < 3 ? { status: 503, body: 'busy' } : { status: 204 }));
    const r = await sendFleet(url, { ...OPTS, hosts: 1, days: 1, concurrency: 1 });
    expect(r.points).toBe(24 * 5);
    expect(seen.flatMap((s) => s.lines).length).toBe(24 * 5);
  });

  it('gives up after 5 retries', async () => {
    const { url } = await fakeInflux(() => ({ status: 500, body: 'broken' }));
    await expect(sendFleet(url, { ...OPTS, hosts: 1, days: 1, concurrency: 1 })).rejects.toThrow(/failed 6 times.*broken/);
  });

  it('throws on 4xx with the response text, without retrying', async () => {
    let calls = 0;
    const { url } = await fakeInflux(() => (calls++, { status: 400, body: '{"error":"field type conflict"}' }));
    await expect(sendFleet(url, { ...OPTS, hosts: 1, days: 1, concurrency: 1 })).rejects.toThrow(/400.*field type conflict/);
    expect(calls).toBe(1);
  });

  it('retries network errors', async () => {
    const { url } = await fakeInflux(() => ({ status: 204 }));
    const closed = url.replace(/:\d+\//, ':1/');
    await expect(sendFleet(closed, { ...OPTS, hosts: 1, days: 1, concurrency: 1 })).rejects.toThrow(/failed 6 times/);
  });
});
