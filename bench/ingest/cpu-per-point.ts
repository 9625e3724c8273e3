/**
 * CPU per point of Runway's ingest path without HTTP, disk or InfluxDB: the bench's Telegraf
 * batches, gzipped, through decodeBody and the ingest pipeline (with its field-type checks) into
 * the spool's record encoder (in memory), and each stage of it alone over 64K-character ranges
 * as line-protocol-slices.ts cuts a body.
 * CPU time rather than wall time, and the median of several repetitions, so that other work on
 * the machine disturbs it less than the end-to-end bench (run.ts); pinning to one core
 * (taskset -c 1) steadies it further.
 *
 *   node bench/ingest/cpu-per-point.ts [--points N] [--reps N]
 */
import { gzipSync } from 'node:zlib';
import type { MetricPoint } from '../../core/schema.ts';
import { CustomerAssigner } from '../../ingest/auth/principal.ts';
import { FieldTypeCache } from '../../ingest/checks/field-types.ts';
import { HostActivity } from '../../ingest/host-activity.ts';
import { ingest } from '../../ingest/ingest-pipeline.ts';
import { lineProtocolSlices } from '../../ingest/line-protocol-slices.ts';
import type { BatchWriter } from '../../ingest/point-batch.ts';
import { parseLineProtocol } from '../../ingest/line-protocol.ts';
import { decodeBody } from '../../ingest/request-body.ts';
import { RecordEncoder } from '../../ingest/spool/record-encoder.ts';
import { toCanonical } from '../../ingest/telegraf-mapping.ts';
import { ownCpuSeconds } from './cpu-time.ts';
import { telegrafLoad } from './telegraf-lines.ts';

const BATCH_POINTS = 5000;
const RANGE_CHARS = 64 * 1024;
const BODY_LIMIT_BYTES = 25_000_000;

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The spool's encoding without its disk: one reused buffer, records thrown away. */
function encodingWriter(): BatchWriter {
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  return {
    write: async () => {},
    startBatch: () => {
      const encoder = new RecordEncoder(BATCH_POINTS, buffer);
      return { add: (points) => encoder.add(points), commit: async () => void encoder.finish() };
    },
  };
}

/** Each body's [from, to) ranges, cut at line ends as line-protocol-slices.ts cuts them. */
function ranges(body: string): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < body.length; ) {
    const cut = body.length - from <= RANGE_CHARS ? -1 : body.indexOf('\n', from + RANGE_CHARS);
    const to = cut === -1 ? body.length : cut + 1;
    out.push([from, to]);
    from = to;
  }
  return out;
}

type Stage = 'gunzip' | 'parse' | 'map' | 'encode' | 'whole path';

/** One pass over every body, stage by stage; CPU seconds per stage. */
async function stagesOnce(gzipped: Buffer[], bodies: string[]): Promise<Record<Stage, number>> {
  const cpu: Record<Stage, number> = { gunzip: 0, parse: 0, map: 0, encode: 0, 'whole path': 0 };
  const writer = encodingWriter();
  const open = new CustomerAssigner({ role: 'open' }, { defaultCustomer: 'unassigned' });
  for (const gz of gzipped) {
    const t = ownCpuSeconds();
    await decodeBody(gz, 'gzip', BODY_LIMIT_BYTES);
    cpu.gunzip += ownCpuSeconds() - t;
  }
  for (const body of bodies) {
    const batch = writer.startBatch(body.length);
    for (const [from, to] of ranges(body)) {
      let t = ownCpuSeconds();
      const { points } = parseLineProtocol(body, { precision: 'ns', nowNs: 0n, from, to });
      cpu.parse += ownCpuSeconds() - t;
      t = ownCpuSeconds();
      const mapped: MetricPoint[] = [];
      for (const p of points) {
        const m = toCanonical(p, open.customerOf(p.tags.host, p.tags.customer));
        if (m) mapped.push(m);
      }
      cpu.map += ownCpuSeconds() - t;
      t = ownCpuSeconds();
      batch.add(mapped);
      cpu.encode += ownCpuSeconds() - t;
    }
    await batch.commit();
  }
  const pipeline = { writer, rules: { defaultCustomer: 'unassigned' }, activity: new HostActivity(), fieldTypes: new FieldTypeCache() };
  const t = ownCpuSeconds();
  for (const gz of gzipped) {
    await ingest(lineProtocolSlices(await decodeBody(gz, 'gzip', BODY_LIMIT_BYTES), 'ns', 0n), { role: 'open' }, pipeline, { map: toCanonical });
  }
  cpu['whole path'] = ownCpuSeconds() - t;
  return cpu;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const points = argNumber('--points', 200_000);
  const reps = argNumber('--reps', 7);
  const load = telegrafLoad(points, BATCH_POINTS);
  const gzipped = load.bodies.map((b) => gzipSync(b));
  // Bodies as decodeBody gives them (flat strings), not as the generator built them.
  const bodies = await Promise.all(gzipped.map((gz) => decodeBody(gz, 'gzip', BODY_LIMIT_BYTES)));
  await stagesOnce(gzipped, bodies); // warm-up: let V8 optimise before measuring
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < reps; r++) {
    for (const [stage, seconds] of Object.entries(await stagesOnce(gzipped, bodies))) (samples[stage] ??= []).push((seconds / load.points) * 1e6);
  }
  console.log(`${load.points} Telegraf points in ${bodies.length} batches, median of ${reps} repetitions (CPU µs per point):`);
  for (const [stage, us] of Object.entries(samples)) console.log(`  ${stage.padEnd(10)} ${median(us).toFixed(2)}`);
}

await main();
