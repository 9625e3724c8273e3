import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunway, SUITE_TOKEN, type RunwayInProcess } from './runway-in-process.ts';

// One pipeline for every endpoint: its counters see every point, whichever way it came.
const T = 1_700_000_000_000_000_000n;

describe('ingest metrics', () => {
  let runway: RunwayInProcess;
  beforeAll(async () => {
    runway = await startRunway();
  });
  afterAll(() => runway.close());

  const sample = async (name: string): Promise<number> => {
    const text = (await runway.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Token ${SUITE_TOKEN}` } })).body;
    const line = text.split('\n').find((l) => l.startsWith(name + ' '));
    return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
  };

  it('count the points and bad lines of every endpoint, not only /write', async () => {
    const post = (url: string, payload: string) => runway.app.inject({ method: 'POST', url, headers: { authorization: `Token ${SUITE_TOKEN}` }, payload });
    const writes: [string, string, number][] = [
      ['/write?db=telegraf', `system,customer=m,host=a load1=1 ${T}`, 204],
      ['/api/v2/write?org=o&bucket=b', `system,customer=m,host=b load1=1 ${T}`, 204],
      ['/api/v1/telegraf', `system,customer=m,host=c load1=1 ${T}\nbad line`, 400],
      ['/api/v1/import', `system,customer=m,host=d load1=1 ${T}`, 204],
      ['/api/v1/prometheus?host=e', 'node_load1 0.5\nnode_load5 0.25\n', 204],
    ];
    for (const [url, payload, status] of writes) expect((await post(url, payload)).statusCode, url).toBe(status);
    expect(await sample('runway_ingest_points_accepted_total')).toBe(5);
    expect(await sample('runway_ingest_lines_rejected_total')).toBe(1);
  });
});
