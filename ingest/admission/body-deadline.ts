import { Transform, type Readable } from 'node:stream';
import { RunwayError } from '../../core/errors.ts';

/**
 * The request body as fastify reads it, failed with 408 (RUNWAY_ERR_INGEST_BODY_TIMEOUT) when it
 * has not wholly arrived `ms` after reading began. A client trickling a large body would otherwise
 * hold its share of the body budget for as long as it likes.
 */
export function withBodyDeadline(payload: Readable, ms: number): Readable {
  const guarded = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk);
    },
  });
  const timer = setTimeout(() => {
    payload.unpipe(guarded);
    guarded.destroy(new RunwayError('RUNWAY_ERR_INGEST_BODY_TIMEOUT', { ms }));
  }, ms);
  const clear = () => clearTimeout(timer);
  guarded.once('end', clear);
  guarded.once('close', clear);
  payload.once('error', (e) => guarded.destroy(e));
  return payload.pipe(guarded);
}
