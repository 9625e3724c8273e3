import { afterEach, describe, expect, it } from 'vitest';
import { formatPoints } from '../../core/line-protocol-format.ts';
import type { MetricPoint } from '../../core/schema.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';
import { FieldTypeCache } from '../checks/field-types.ts';
import { HostActivity } from '../host-activity.ts';
import { ingest } from '../ingest-pipeline.ts';
import { lineProtocolSlices } from '../line-protocol-slices.ts';
import { parseLineProtocol } from '../line-protocol.ts';
import { toCanonical } from '../telegraf-mapping.ts';
import { DurableSpool } from './durable-spool.ts';
import type { LineSink } from './spool-types.ts';

// A line-protocol body is parsed slice by slice (line-protocol-slices.ts), and the pipeline hands
// each slice to the spool as it goes; whatever the slice size, the outcome must be the whole body's.
const BODY = [
  'cpu,cpu=cpu-total,customer=acme,host=web-1 usage_idle=82.38,usage_user=11.39 1568760922000000000',
  '',
  'mem,customer=acme,host=web-1 used=3335778304i,total=20913917952i 1568760922000000000',
  'system,host=web-1 load1= 1568760922000000000',
  '# a comment',
  'disk,customer=acme,host=web-1,path=/mnt,device=dm-1 used=153161728i,free=16959598592i 1568760922000000000',
  'system,customer=acme,host=web-1 load1=3.72,n_cpus=4i 1568760922000000000',
  'bad line',
  'cpu,cpu=cpu0,customer=acme,host=web-1 usage_idle=50 1568760922000000000',
].join('\n');

class Recording implements LineSink {
  lines: string[] = [];
  async writeLines(body: Buffer): Promise<void> {
    this.lines.push(...body.toString('utf8').split('\n'));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('line protocol into the spool, slice by slice', () => {
  const expected = () => {
    const parsed = parseLineProtocol(BODY, { precision: 'ns', nowNs: 1n });
    const points = parsed.points.map((p) => toCanonical(p, p.tags.customer ?? 'nobody')).filter((p): p is MetricPoint => p !== null);
    return { lines: formatPoints(points).split('\n'), errors: parsed.errors, total: parsed.lines };
  };

  for (const sliceChars of [1, 40, 150, 1 << 20]) {
    it(`gives the whole body's points and bad line numbers with slices of ${sliceChars} characters`, async () => {
      const dir = tempDir('test-slices');
      const sink = new Recording();
      const spool = await DurableSpool.open({ dir: dir.path, maxBytes: 1 << 20, sink, batchPoints: 3 });
      cleanups.push(dir.remove, () => spool.close());
      const pipeline = { writer: spool, rules: { defaultCustomer: 'nobody' }, activity: new HostActivity() };
      const outcome = await ingest(lineProtocolSlices(BODY, 'ns', 1n, sliceChars), { role: 'open' }, pipeline, { map: toCanonical });
      await spool.drained();
      const want = expected();
      expect(outcome).toEqual({ total: want.total, accepted: want.lines.length, errors: want.errors });
      expect(outcome.errors.map((e) => e.line)).toEqual([4, 8]);
      expect(sink.lines).toEqual(want.lines);
    });
  }

  for (const sliceChars of [1, 30, 1 << 20]) {
    it(`names the body line of a point refused after parsing (a type conflict) with slices of ${sliceChars} characters`, async () => {
      const body = ['m,host=a v=1 1', '', '# comment', 'm,host=a v= 2', 'm,host=a w=1i 3', 'm,host=a v=4i 4', 'm,host=a w=5 5', 'm,host=a v=6 6'].join('\n');
      const stored: string[] = [];
      const writer = { write: async (points: readonly MetricPoint[]) => void stored.push(...formatPoints(points).split('\n')) };
      const pipeline = { writer, rules: { defaultCustomer: 'nobody' }, activity: new HostActivity(), fieldTypes: new FieldTypeCache() };
      const outcome = await ingest(lineProtocolSlices(body, 'ns', 1n, sliceChars), { role: 'open' }, pipeline);
      expect(outcome.errors.map((e) => [e.line, e.reason.slice(0, 39)])).toEqual([
        [4, expect.any(String)],
        [6, 'field type conflict: input field "v" on'],
        [7, 'field type conflict: input field "w" on'],
      ]);
      expect(outcome.accepted).toBe(3);
      expect(stored).toHaveLength(3);
    });
  }
});

