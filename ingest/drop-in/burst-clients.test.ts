import { gzipSync } from 'node:zlib';
import { InfluxDB } from '@influxdata/influxdb-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPoints } from '../../scripts/test-support/influx.ts';
import { startRunway, SUITE_TOKEN, type RunwayInProcess } from './runway-in-process.ts';

// Bursts as real clients send them. A real InfluxDB takes a hundred concurrent batches by
// queueing them; Runway must too, or a client's retries overflow its buffer and points are lost.
const BASE_NS = 1_700_000_000_000_000_000n;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bursts of concurrent writes from real clients', () => {
  let runway: RunwayInProcess;
  beforeAll(async () => {
    runway = await startRunway();
  });
  afterAll(() => runway.close());

  it('gets all 100,000 points of the official v2 client (WriteApi, default options) into InfluxDB', async () => {
    const client = new InfluxDB({ url: runway.url, token: SUITE_TOKEN });
    const writeApi = client.getWriteApi('hosting', 'telegraf', 'ns');
    // Default options: batches of 1000 lines, each sent as soon as it is full, none awaited:
    // a hundred requests at once.
    for (let i = 0; i < 100_000; i++) writeApi.writeRecord(`burst,customer=v2,host=h${i % 20} v=${i}i ${BASE_NS + BigInt(i) * 1000n}`);
    await writeApi.close();
    // close() sends the last batch but does not wait for the others (nor retry them once closed):
    // the client's process lives on, so wait for what it sent to arrive.
    for (const deadline = Date.now() + 50_000; runway.spool.stats().spooledPoints < 100_000 && Date.now() < deadline; ) await sleep(50);
    await runway.spool.drained();
    expect(await countPoints(runway.store, 'burst', 'v', `"customer" = 'v2'`)).toBe(100_000);
    expect(runway.spool.stats()).toMatchObject({ spooledPoints: 100_000, replayedPoints: 100_000, deadLetteredPoints: 0 });
    expect((await runway.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Token ${SUITE_TOKEN}` } })).body).not.toMatch(/^runway_ingest_requests_refused_total\{/m);
  });

  it('takes a burst of Telegraf-shaped gzip batches sent chunked, and node-influx-shaped ones with ms precision', async () => {
    const telegraf = Array.from({ length: 60 }, (_, b) => {
      const lines = Array.from({ length: 500 }, (_, k) => `system,customer=tg,host=t${b} load1=${k}.5,n_cpus=4i ${BASE_NS + BigInt(k) * 1_000_000_000n}`).join('\n');
      // A ReadableStream body goes out chunked (no Content-Length), as Telegraf's gzip pipe does.
      const body = new Blob([gzipSync(lines)]).stream();
      return fetch(`${runway.url}/write?db=telegraf`, {
        method: 'POST', body, duplex: 'half',
        headers: { 'content-encoding': 'gzip', 'content-type': 'text/plain; charset=utf-8', authorization: `Token ${SUITE_TOKEN}`, 'user-agent': 'Telegraf/1.36.1' },
      } as RequestInit);
    });
    // node-influx: /write?db=…&precision=ms&u=…&p=…, no Content-Type of note, plain body.
    const nodeInflux = Array.from({ length: 60 }, (_, b) => {
      const lines = Array.from({ length: 500 }, (_, k) => `net,customer=ni,host=n${b} bytes_recv=${k}i ${1_700_000_000_000 + k}`).join('\n');
      return fetch(`${runway.url}/write?db=app&precision=ms&u=app&p=${SUITE_TOKEN}`, { method: 'POST', body: lines });
    });
    const statuses = await Promise.all([...telegraf, ...nodeInflux].map(async (r) => (await r).status));
    expect(statuses.filter((s) => s !== 204)).toEqual([]);
    await runway.spool.drained();
    expect(await countPoints(runway.store, 'system', 'load1', `"customer" = 'tg'`)).toBe(60 * 500);
    expect(await countPoints(runway.store, 'net', 'bytes_recv', `"customer" = 'ni'`)).toBe(60 * 500);
  });
});
