import { connect } from 'node:net';
import { OCO_CONNECTION_REFUSED, OCO_CONNECTION_TIMEOUT, parseOcoLine, type OcoResult } from './oco-protocol.ts';

/** Reads the one line an OCO responder sends on connect. Never throws: failures become OCO's own codes. */
export function pollOco(address: string, timeoutMs: number): Promise<OcoResult & { error?: string }> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve) => {
    let buffer = '';
    let settled = false;
    const finish = (result: OcoResult & { error?: string }) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    const failure = (code: number, error: string) => finish({ code, failing: [], version: null, error });
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => failure(OCO_CONNECTION_TIMEOUT, `no answer within ${timeoutMs} ms`));
    socket.on('error', (e: NodeJS.ErrnoException) => failure(e.code === 'ECONNREFUSED' ? OCO_CONNECTION_REFUSED : OCO_CONNECTION_TIMEOUT, e.message));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      const newline = buffer.indexOf('\n');
      if (newline < 0 && buffer.length < 4096) return;
      const line = newline < 0 ? buffer : buffer.slice(0, newline);
      const parsed = parseOcoLine(line);
      // The responder waits up to a second for a line from us; answering lets it close at once.
      socket.end('\n');
      finish(parsed ?? { code: OCO_CONNECTION_TIMEOUT, failing: [], version: null, error: `not an OCO answer: ${line.slice(0, 80)}` });
    });
    socket.on('end', () => failure(OCO_CONNECTION_TIMEOUT, 'closed without an answer'));
  });
}
