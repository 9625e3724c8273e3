import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunwayError, isRunwayError } from '../../core/errors.ts';
import { float, type MetricPoint } from '../../core/schema.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';
import { DurableSpool, type DurableSpoolOptions } from './durable-spool.ts';
import { decodeRecord, encodeRecord } from './record-codec.ts';
import { listSegments } from './spool-files.ts';
import type { LineSink } from './spool-types.ts';

// Unit tests of the spool against a recording sink (the spool's own seam, not InfluxDB):
// the integration tests beside them replay into a real InfluxDB.

/** Records every body it takes; can play an unavailable InfluxDB or refuse lines for good. */
class RecordingSink implements LineSink {
  bodies: string[] = [];
  unavailable = false;
  refuse: RegExp | null = null;
  attempts = 0;

  async writeLines(bytes: Buffer): Promise<void> {
    const body = bytes.toString('utf8');
    this.attempts++;
    if (this.unavailable) throw new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { reason: 'connection refused' });
    if (this.refuse?.test(body)) throw new RunwayError('RUNWAY_ERR_STORE_REJECTED', { status: 400, reason: 'partial write: field type conflict' });
    this.bodies.push(body);
  }

  lines(): string[] {
    return this.bodies.flatMap((b) => b.split('\n'));
  }
}

const point = (i: number, field = 'v'): MetricPoint => ({
  measurement: 'm',
  tags: { host: `h${i % 3}` },
  fields: { [field]: float(i) },
  timeNs: 1_700_000_000_000_000_000n + BigInt(i),
});
const line = (i: number, field = 'v') => `m,host=h${i % 3} ${field}=${i} ${1_700_000_000_000_000_000n + BigInt(i)}`;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

const dirs: { remove: () => void }[] = [];
const open: DurableSpool[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) d.remove();
});

function spoolDir(): string {
  const d = tempDir('test-spool');
  dirs.push(d);
  return d.path;
}

async function openSpool(dir: string, sink: LineSink, opts: Partial<DurableSpoolOptions> = {}): Promise<DurableSpool> {
  const spool = await DurableSpool.open({ dir, sink, maxBytes: 1 << 20, batchPoints: 100, backoff: { baseDelayMs: 1, maxDelayMs: 20 }, ...opts });
  open.push(spool);
  return spool;
}

describe('DurableSpool', () => {
  it('replays every write in order, merging small records up to batchPoints', async () => {
    const sink = new RecordingSink();
    sink.unavailable = true; // so that records pile up and replay can merge them
    const spool = await openSpool(spoolDir(), sink, { batchPoints: 10, replayConcurrency: 1 });
    for (let i = 0; i < 50; i += 5) await spool.write(range(i, i + 5).map((k) => point(k)));
    sink.unavailable = false;
    await spool.drained();
    expect(sink.lines()).toEqual(range(0, 50).map((k) => line(k)));
    expect(sink.bodies.map((b) => b.split('\n').length)).toContain(10);
    expect(Math.max(...sink.bodies.map((b) => b.split('\n').length))).toBe(10);
    expect(spool.stats()).toMatchObject({ spooledPoints: 50, replayedPoints: 50, pendingRecords: 0, pendingPoints: 0 });
  });

  it('takes concurrent writes in one group commit each and loses none', async () => {
    const sink = new RecordingSink();
    const spool = await openSpool(spoolDir(), sink);
    await Promise.all(range(0, 200).map((k) => spool.write([point(k)])));
    await spool.drained();
    expect(sink.lines().sort()).toEqual(range(0, 200).map((k) => line(k)).sort());
  });

  it('keeps what InfluxDB does not take while it is down, and replays it afterwards', async () => {
    const sink = new RecordingSink();
    sink.unavailable = true;
    const dir = spoolDir();
    const spool = await openSpool(dir, sink);
    await spool.write(range(0, 30).map((k) => point(k)));
    while (spool.stats().failures < 3) await new Promise((r) => setTimeout(r, 5));
    expect(spool.stats()).toMatchObject({ pendingPoints: 30, replayedPoints: 0, lastError: expect.stringMatching(/unavailable/) });
    sink.unavailable = false;
    await spool.drained();
    expect(sink.lines()).toEqual(range(0, 30).map((k) => line(k)));
    expect(spool.stats().consecutiveFailures).toBe(0);
  });

  it('resumes after a restart where replay stood, without resending what InfluxDB has', async () => {
    const dir = spoolDir();
    const first = new RecordingSink();
    const spool = await openSpool(dir, first, { batchPoints: 10, replayConcurrency: 1 });
    await spool.write(range(0, 20).map((k) => point(k)));
    await spool.drained();
    first.unavailable = true;
    await spool.write(range(20, 40).map((k) => point(k)));
    await spool.close();

    const second = new RecordingSink();
    const reopened = await openSpool(dir, second, { batchPoints: 10 });
    expect(reopened.stats()).toMatchObject({ pendingRecords: 2, pendingPoints: 20 });
    await reopened.drained();
    expect(second.lines()).toEqual(range(20, 40).map((k) => line(k)));
  });

  it('cuts a torn last record on open and replays every whole record before it', async () => {
    const dir = spoolDir();
    const down = new RecordingSink();
    down.unavailable = true;
    const spool = await openSpool(dir, down);
    for (let i = 0; i < 3; i++) await spool.write(range(i * 10, i * 10 + 10).map((k) => point(k)));
    await spool.close();
    const [segment] = await listSegments(dir);
    const whole = readFileSync(segment!.path).length;
    // A crash during the next append: its header made it to disk, half its payload did not.
    const torn = encodeRecord(range(30, 40).map((k) => line(k)).join('\n'), 10);
    appendFileSync(segment!.path, torn.subarray(0, torn.length - 7));

    const sink = new RecordingSink();
    const reopened = await openSpool(dir, sink);
    expect(reopened.stats()).toMatchObject({ tornBytes: torn.length - 7, pendingRecords: 3, pendingPoints: 30 });
    expect(readFileSync(segment!.path).length).toBe(whole);
    await reopened.drained();
    expect(sink.lines()).toEqual(range(0, 30).map((k) => line(k)));
    await reopened.write([point(99)]);
    await reopened.drained();
    expect(sink.lines().at(-1)).toBe(line(99));
  });

  it('cuts a last record whose checksum does not match, and keeps every damaged byte aside', async () => {
    const dir = spoolDir();
    const down = new RecordingSink();
    down.unavailable = true;
    const spool = await openSpool(dir, down, { segmentBytes: 100 });
    for (let i = 0; i < 4; i++) await spool.write(range(i * 5, i * 5 + 5).map((k) => point(k)));
    await spool.close();
    const segments = await listSegments(dir);
    expect(segments.length).toBe(4);
    flipLastByte(segments[1]!.path); // inside a sealed segment: the disk changed it
    flipLastByte(segments[3]!.path); // the newest segment's last record: a torn write

    const sink = new RecordingSink();
    const reopened = await openSpool(dir, sink);
    await reopened.drained();
    expect(sink.lines()).toEqual([...range(0, 5), ...range(10, 15)].map((k) => line(k)));
    expect(reopened.stats()).toMatchObject({ corruptBytes: expect.any(Number), tornBytes: expect.any(Number), lostPoints: 5 });
    expect(reopened.stats().corruptBytes).toBeGreaterThan(0);
    expect(reopened.stats().tornBytes).toBeGreaterThan(0);
    // The sealed segment's damaged record and the newest segment's torn tail, both copied aside.
    expect(readdirSync(dir).filter((f) => f.startsWith('corrupt-'))).toHaveLength(2);
  });

  for (const [what, offsetInRecord] of [['payload', 40], ['length field', 1], ['line count', 9]] as const) {
    it(`resyncs past one damaged record (a byte of its ${what}) in the newest segment, losing that record only`, async () => {
      const dir = spoolDir();
      const down = new RecordingSink();
      down.unavailable = true;
      const spool = await openSpool(dir, down);
      for (let i = 0; i < 5; i++) await spool.write(range(i * 7, i * 7 + 7).map((k) => point(k)));
      await spool.close();
      const [segment] = await listSegments(dir);
      const bytes = readFileSync(segment!.path);
      const starts = recordStarts(bytes);
      const third = starts[2]!;
      bytes[third + offsetInRecord]! ^= 0x5a;
      writeFileSync(segment!.path, bytes);

      const log = new RecordingLog();
      const sink = new RecordingSink();
      const reopened = await openSpool(dir, sink, { log });
      await reopened.drained();
      expect(sink.lines()).toEqual([...range(0, 14), ...range(21, 35)].map((k) => line(k)));
      expect(reopened.stats()).toMatchObject({ lostPoints: 7, tornBytes: 0 });
      const aside = readdirSync(dir).filter((f) => f.startsWith('corrupt-'));
      expect(aside).toEqual([`corrupt-${segment!.seq}-${third}.bin`]);
      expect(readFileSync(join(dir, aside[0]!)).length).toBe(starts[3]! - third);
      expect(log.errors).toEqual([expect.objectContaining({ msg: expect.stringMatching(/points are LOST/), lostPoints: 7 })]);
    });
  }

  it('keeps its files on disk within maxBytes, dead letters included', async () => {
    const dir = spoolDir();
    const sink = new RecordingSink();
    sink.refuse = /conflict=/;
    const maxBytes = 8192;
    const spool = await openSpool(dir, sink, { maxBytes, replayConcurrency: 1 });
    const onDisk = () => readdirSync(dir).filter((f) => /^(segment-|dead-letters)/.test(f)).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    // Refused points fill the dead-letter file first; then InfluxDB goes down and the segments fill.
    for (let i = 0; i < 100; i++) await spool.write(range(i * 5, i * 5 + 5).map((k) => point(k, 'conflict')));
    await spool.drained();
    sink.unavailable = true;
    let refusals = 0;
    for (let i = 100; i < 400 && refusals < 3; i++) {
      await spool.write(range(i * 5, i * 5 + 5).map((k) => point(k))).catch(() => refusals++);
      expect(onDisk()).toBeLessThanOrEqual(maxBytes);
    }
    expect(spool.stats().deadLetterBytes).toBeGreaterThan(0);
    expect(refusals).toBeGreaterThan(0);
  });

  it('deletes segments once replayed', async () => {
    const dir = spoolDir();
    const sink = new RecordingSink();
    const spool = await openSpool(dir, sink, { segmentBytes: 300, replayConcurrency: 1 });
    for (let i = 0; i < 20; i++) await spool.write(range(i * 5, i * 5 + 5).map((k) => point(k)));
    await spool.drained();
    await spool.write([point(1000)]); // starts a new segment past the full one; the old ones go
    await spool.drained();
    expect((await listSegments(dir)).length).toBeLessThanOrEqual(2);
    expect(sink.lines()).toEqual([...range(0, 100), 1000].map((k) => line(k)));
  });

  it('moves a batch InfluxDB refuses for good to the dead-letter file and goes on', async () => {
    const dir = spoolDir();
    const sink = new RecordingSink();
    sink.refuse = /conflict=/;
    const spool = await openSpool(dir, sink, { replayConcurrency: 1 });
    await spool.write([point(1)]);
    await spool.drained();
    await spool.write([point(2, 'conflict')]);
    await spool.drained();
    await spool.write([point(3)]);
    await spool.drained();
    expect(sink.lines()).toEqual([line(1), line(3)]);
    expect(spool.stats()).toMatchObject({ deadLetteredPoints: 1, replayedPoints: 2 });
    const deadLetters = readFileSync(join(dir, 'dead-letters.lp'), 'utf8').split('\n');
    expect(deadLetters[0]).toMatch(/^# \d{4}-.+ InfluxDB refused this batch of 1 points: .*field type conflict/);
    expect(deadLetters[1]).toBe(line(2, 'conflict'));
  });

  it('refuses writes past maxBytes with RUNWAY_ERR_SPOOL_FULL, and takes them again once replayed', async () => {
    const sink = new RecordingSink();
    sink.unavailable = true;
    const spool = await openSpool(spoolDir(), sink, { maxBytes: 600 });
    let accepted = 0;
    let refusal: unknown;
    for (let i = 0; i < 100 && !refusal; i++) {
      try {
        await spool.write(range(i * 5, i * 5 + 5).map((k) => point(k)));
        accepted += 5;
      } catch (e) {
        refusal = e;
      }
    }
    expect(isRunwayError(refusal, 'RUNWAY_ERR_SPOOL_FULL')).toBe(true);
    expect(accepted).toBeGreaterThan(0);
    sink.unavailable = false;
    await spool.drained();
    expect(sink.lines()).toHaveLength(accepted);
    await spool.write([point(1000)]);
  });

  it('writes nothing for points without a storable field', async () => {
    const sink = new RecordingSink();
    const dir = spoolDir();
    const spool = await openSpool(dir, sink);
    await spool.write([{ measurement: 'm', tags: {}, fields: { v: float(Number.NaN) }, timeNs: 1n }]);
    await spool.drained();
    expect(spool.stats().spooledPoints).toBe(0);
    expect(existsSync(join(dir, 'cursor.json'))).toBe(true);
  });
});

function flipLastByte(path: string): void {
  const bytes = readFileSync(path);
  const last = bytes.length - 1;
  bytes.writeUInt8(bytes.readUInt8(last) ^ 0xff, last);
  writeFileSync(path, bytes);
}

/** Offsets of the records of a segment that decode, in order. */
function recordStarts(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    const decoded = decodeRecord(bytes, at);
    if (decoded.kind !== 'record') break;
    out.push(at);
    at = decoded.record.end;
  }
  return out;
}

class RecordingLog {
  errors: Record<string, unknown>[] = [];
  info(): void {}
  warn(): void {}
  error(obj: object, msg: string): void {
    this.errors.push({ ...obj, msg });
  }
}
