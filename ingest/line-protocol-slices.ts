import type { ParsedPiece } from './ingest-pipeline.ts';
import { lineOfPoint, parseLineProtocol, type Precision } from './line-protocol.ts';

/**
 * A body is parsed a slice of about this many characters at a time, and each slice's points are
 * handed on before the next is parsed: a whole 5000-line body's objects alive at once would be
 * copied by every young-generation GC that runs meanwhile. Lines are parsed one by one either way.
 */
export const SLICE_CHARS = 64 * 1024;

/**
 * Parses a line-protocol body slice by slice, cut at line ends, as the pipeline asks for them;
 * bad lines and points keep their line numbers in the whole body.
 */
export function* lineProtocolSlices(body: string, precision: Precision, nowNs: bigint, sliceChars = SLICE_CHARS): Generator<ParsedPiece> {
  let linesBefore = 0; // line breaks in body[0, countedTo)
  let countedTo = 0;
  // Counted only when a line of the slice is reported: most bodies have none.
  const linesBeforeSlice = (start: number): number => {
    linesBefore += countLineBreaks(body, countedTo, start);
    countedTo = start;
    return linesBefore;
  };
  for (let start = 0; start < body.length; ) {
    const cut = body.length - start <= sliceChars ? -1 : body.indexOf('\n', start + sliceChars);
    const end = cut === -1 ? body.length : cut + 1;
    const parsed = parseLineProtocol(body, { precision, nowNs, from: start, to: end });
    const [sliceStart, sliceEnd] = [start, end];
    const refused = new Set(parsed.errors.map((e) => e.line)); // relative to the slice, before the shift below
    if (parsed.errors.length > 0 && start > 0) {
      const base = linesBeforeSlice(start);
      for (const e of parsed.errors) e.line += base;
    }
    const pointLine = (i: number) => lineOfPoint(body, sliceStart, sliceEnd, refused, i) + (sliceStart > 0 ? linesBeforeSlice(sliceStart) : 0);
    yield { ...parsed, pointLine };
    start = end;
  }
}

function countLineBreaks(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

export function currentNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
