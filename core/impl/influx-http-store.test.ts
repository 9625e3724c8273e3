import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunwayError } from '../errors.ts';
import { countPoints, storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { freePort } from '../../scripts/test-support/influxd-process.ts';
import { InfluxHttpStore, isLoopbackUrl } from './influx-http-store.ts';

// writeLines posts through node:http (the write path's own client); these hold it to what the
// rest of the store does through fetch: statuses, errors and the timeout mean the same.

const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => `m,host=h v=${from + k},note="ü ${from + k}" ${1_700_000_000_000_000_000n + BigInt(from + k)}`).join('\n');

/** A listener that takes connections and never answers; `requests` holds what arrived. */
async function silentServer(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => requests.push(chunk.toString('latin1')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const close = () => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${port}`, requests, close };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('InfluxHttpStore.writeLines against the real InfluxDB', () => {
  it('stores a body given as a string or as UTF-8 bytes, creating the database when InfluxDB answers 404', async () => {
    const store = storeFor(testConfig()); // its database does not exist yet
    await store.writeLines(lines(0, 3));
    await store.writeLines(Buffer.from(lines(3, 5), 'utf8'));
    expect(await countPoints(store, 'm', 'v')).toBe(5);
    const notes = await store.query(`SELECT "note" FROM "m" WHERE "v" = 4`);
    expect(notes[0]?.values[0]?.[1]).toBe('ü 4');
  });

  it('reports a batch InfluxDB refuses for good as rejected, with its reason and status', async () => {
    const store = storeFor(testConfig());
    await store.writeLines('conflict,host=h v=1 1');
    const refused = await store.writeLines(Buffer.from('conflict,host=h v="text" 2')).catch((e: unknown) => e);
    expect(isRunwayError(refused, 'RUNWAY_ERR_STORE_REJECTED')).toBe(true);
    expect(refused).toMatchObject({ details: { status: 400, reason: expect.stringMatching(/field type conflict/) } });
  });

  it('reports no InfluxDB listening as unavailable', async () => {
    const store = new InfluxHttpStore({ url: `http://127.0.0.1:${await freePort()}`, database: 'db', timeoutMs: 5000, batchPoints: 10 });
    const failed = await store.writeLines('m v=1 1').catch((e: unknown) => e);
    expect(isRunwayError(failed, 'RUNWAY_ERR_STORE_UNAVAILABLE')).toBe(true);
  });

  it('gives up as unavailable when no answer comes within timeoutMs, having sent the body and credentials', async () => {
    const silent = await silentServer();
    closers.push(silent.close);
    const store = new InfluxHttpStore({ url: silent.url, database: 'db', username: 'u', password: 'p', timeoutMs: 200, batchPoints: 10 });
    const failed = await store.writeLines(Buffer.from('m v=1 1')).catch((e: unknown) => e);
    expect(isRunwayError(failed, 'RUNWAY_ERR_STORE_UNAVAILABLE')).toBe(true);
    const request = silent.requests.join('');
    expect(request).toMatch(/^POST \/write\?db=db&precision=ns HTTP\/1\.1\r\n/);
    expect(request.toLowerCase()).toContain(`authorization: basic ${Buffer.from('u:p').toString('base64').toLowerCase()}\r\n`);
    expect(request.toLowerCase()).toContain('content-length: 7\r\n');
    expect(request.endsWith('\r\n\r\nm v=1 1')).toBe(true);
  });
});

describe('InfluxHttpStore asks an InfluxDB on this machine for uncompressed answers', () => {
  it('sends accept-encoding: identity with a query to a loopback address', async () => {
    const silent = await silentServer();
    closers.push(silent.close);
    const store = new InfluxHttpStore({ url: silent.url, database: 'db', timeoutMs: 200, batchPoints: 10 });
    await store.query('SELECT * FROM "m"').catch(() => undefined);
    expect(silent.requests.join('')).toMatch(/^GET \/query\?/);
    expect(silent.requests.join('').toLowerCase()).toContain('accept-encoding: identity\r\n');
  });

  it('tells loopback addresses from others', () => {
    for (const url of ['http://127.0.0.1:8086', 'http://localhost:8086/', 'http://[::1]:8086', 'http://127.8.0.3', 'https://LOCALHOST']) expect(isLoopbackUrl(url), url).toBe(true);
    for (const url of ['http://10.0.0.5:8086', 'https://influx.example.com', 'http://128.0.0.1', 'http://localhost.example.com', 'http://[::2]:8086']) expect(isLoopbackUrl(url), url).toBe(false);
  });
});
