import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostEntry } from '../../core/inventory/inventory.ts';
import { storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { HostActivity } from '../host-activity.ts';
import { OcoMonitor } from './oco-monitor.ts';
import { parseOcoLine, stateOf } from './oco-protocol.ts';

/** A port-79 responder as oco-tcpresponder.pl behaves: one line on connect, then up to 1 s for a line back. */
async function responder(line: string): Promise<{ server: Server; address: string }> {
  const server = createServer((socket) => {
    socket.write(line + '\n');
    const timer = setTimeout(() => socket.destroy(), 1000);
    socket.once('data', () => {
      clearTimeout(timer);
      socket.end();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, address: `127.0.0.1:${(server.address() as { port: number }).port}` };
}

const entry = (customer: string, name: string, ocoAddress?: string): HostEntry => ({
  customer: { id: customer, name: customer, country: 'DK', language: 'da', contacts: [], hosts: [] },
  host: { name, disks: [], ...(ocoAddress ? { ocoAddress } : {}) },
});

describe('OCO protocol', () => {
  it('reads 1.15 and 1.14h answers', () => {
    expect(parseOcoLine('200 OK 10.0.0.5 shop1 oco-1.15 ')).toEqual({ code: 200, failing: [], version: '1.15' });
    expect(parseOcoLine('300 KO 10.0.0.5 shop1 oco-1.15 300-http,201-mysql')).toEqual({ code: 300, failing: [{ code: 300, check: 'http' }, { code: 201, check: 'mysql' }], version: '1.15' });
    expect(parseOcoLine('350 KO oco-1.14h 300-http,300-php,300-php5')?.failing).toHaveLength(3);
    expect(parseOcoLine('SSH-2.0-OpenSSH_9.2')).toBeNull();
    expect([stateOf(200), stateOf(201), stateOf(300), stateOf(200, [{ code: 245 }])]).toEqual(['OK', 'OK-but', 'KO', 'OK-but']);
  });
});

describe('OcoMonitor against real responders and the real InfluxDB', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  it('stores OK, OK-but and KO per host, and calls a silent host KO', async () => {
    const ok = await responder('200 OK 127.0.0.1 shop1 oco-1.15 ');
    const but = await responder('201 OK 127.0.0.1 shop2 oco-1.15 201-mysql');
    const ko = await responder('300 KO 127.0.0.1 db1 oco-1.15 300-http');
    servers.push(ok.server, but.server, ko.server);
    const closed = await responder('');
    await new Promise((r) => closed.server.close(r)); // nothing listens there any more: connection refused

    const config = testConfig();
    const store = storeFor(config);
    const activity = new HostActivity();
    const now = Date.UTC(2026, 10, 21, 12);
    for (const h of ['shop1', 'shop2', 'db1', 'web9']) activity.seen(h, now - 60_000);
    activity.seen('mail1', now - 10 * 60_000); // silent for 10 minutes

    const monitor = new OcoMonitor({
      hosts: [entry('acme', 'shop1', ok.address), entry('acme', 'shop2', but.address), entry('acme', 'db1', ko.address), entry('beta', 'web9', closed.address), entry('beta', 'mail1')],
      activity,
      writer: store,
      staleMs: 5 * 60_000,
      timeoutMs: 2000,
    });
    const statuses = await monitor.checkAll(now);
    expect(statuses.map((s) => [s.host, s.state, s.code])).toEqual([
      ['shop1', 'OK', 200],
      ['shop2', 'OK-but', 201],
      ['db1', 'KO', 300],
      ['web9', 'KO', 302],
      ['mail1', 'KO', 398],
    ]);
    expect(statuses[4]!.reasons).toEqual(['398-no_data_for_10_min']);
    const stored = await store.query(`SELECT "state", "code" FROM "status" WHERE "customer" = 'acme' GROUP BY "host"`);
    expect(Object.fromEntries(stored.map((s) => [s.tags?.host, s.values[0]?.[1]]))).toEqual({ shop1: 'OK', shop2: 'OK-but', db1: 'KO' });
  });
});
