import { crc32 } from 'node:zlib';

/**
 * One spool record: a batch of line protocol (ns precision, '\n'-separated) framed so that a
 * torn or corrupted write is recognised on recovery instead of being replayed as garbage.
 *
 *   u32 LE  payload length in bytes
 *   u32 LE  CRC-32 of the line count (4 bytes LE) followed by the payload
 *   u32 LE  line count (points in the payload)
 *   ...     payload: UTF-8 line protocol
 */
export const RECORD_HEADER_BYTES = 12;

/** A length beyond this is no record of ours (bodies are limited far below it): corruption. */
export const MAX_RECORD_PAYLOAD_BYTES = 512 * 1024 * 1024;

export interface DecodedRecord {
  /** Offset of the record's header in the buffer it was decoded from. */
  start: number;
  /** Offset just past the record. */
  end: number;
  lines: number;
  payload: Buffer;
}

/** Frames one batch; `lines` is the number of points in it. */
export function encodeRecord(lineProtocol: string, lines: number): Buffer {
  const payloadBytes = Buffer.byteLength(lineProtocol, 'utf8');
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payloadBytes);
  record.write(lineProtocol, RECORD_HEADER_BYTES, 'utf8');
  record.writeUInt32LE(payloadBytes, 0);
  record.writeUInt32LE(lines, 8);
  record.writeUInt32LE(checksum(record.subarray(8, 12), record.subarray(RECORD_HEADER_BYTES)), 4);
  return record;
}

function checksum(countBytes: Buffer, payload: Buffer): number {
  return crc32(payload, crc32(countBytes));
}

export type DecodeResult =
  | { kind: 'record'; record: DecodedRecord }
  /** The buffer ends inside this record; `needBytes` is the whole record's size. */
  | { kind: 'incomplete'; needBytes: number }
  /** Not a valid record here: a torn write or corruption. */
  | { kind: 'corrupt'; reason: string };

/** Decodes the record at `start`, checking its length and checksum. */
export function decodeRecord(buf: Buffer, start: number): DecodeResult {
  const available = buf.length - start;
  if (available < RECORD_HEADER_BYTES) return { kind: 'incomplete', needBytes: RECORD_HEADER_BYTES };
  const payloadBytes = buf.readUInt32LE(start);
  if (payloadBytes > MAX_RECORD_PAYLOAD_BYTES) return { kind: 'corrupt', reason: `record length ${payloadBytes} is implausible` };
  const end = start + RECORD_HEADER_BYTES + payloadBytes;
  if (end > buf.length) return { kind: 'incomplete', needBytes: RECORD_HEADER_BYTES + payloadBytes };
  const payload = buf.subarray(start + RECORD_HEADER_BYTES, end);
  const expected = buf.readUInt32LE(start + 4);
  if (checksum(buf.subarray(start + 8, start + 12), payload) !== expected) return { kind: 'corrupt', reason: 'checksum mismatch' };
  return { kind: 'record', record: { start, end, lines: buf.readUInt32LE(start + 8), payload } };
}

/**
 * The offset of the next record that decodes whole, from `from` on, or -1. Recovery resyncs past
 * damage with it: any offset is tried, but a length beyond the buffer or a line count beyond the
 * payload's size (what most bytes of line protocol read as) is dismissed before the checksum.
 */
export function nextRecord(buf: Buffer, from: number): number {
  for (let at = from; at + RECORD_HEADER_BYTES <= buf.length; at++) {
    const payloadBytes = buf.readUInt32LE(at);
    if (payloadBytes === 0 || at + RECORD_HEADER_BYTES + payloadBytes > buf.length) continue;
    const lines = buf.readUInt32LE(at + 8);
    if (lines === 0 || lines > payloadBytes) continue;
    if (decodeRecord(buf, at).kind === 'record') return at;
  }
  return -1;
}

/**
 * How many points a damaged record held: its header's count when the header still frames the
 * range exactly and agrees within one with the payload's line breaks (one damaged byte may make
 * or unmake a line break), else one more than the line breaks found.
 */
export function pointsInDamagedRange(buf: Buffer, start: number, end: number): number {
  if (end - start <= RECORD_HEADER_BYTES) return 0;
  let breaks = 0;
  for (let i = buf.indexOf(0x0a, start + RECORD_HEADER_BYTES); i !== -1 && i < end; i = buf.indexOf(0x0a, i + 1)) breaks++;
  const counted = breaks + 1;
  const framed = start + RECORD_HEADER_BYTES + buf.readUInt32LE(start) === end;
  const header = buf.readUInt32LE(start + 8);
  return framed && Math.abs(header - counted) <= 1 ? header : counted;
}
