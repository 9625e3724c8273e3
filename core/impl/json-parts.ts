/** Text gathered before it is handed on: about what one write to a file takes at a time. */
const PART_CHARS = 256 * 1024;

/**
 * JSON.stringify(value) of an object whose arrays may be long, in parts made as they are asked for:
 * a writer that awaits each part's write gives the event loop a turn between them, where one call
 * over an alert state of a whole fleet's records and their outbox held it for tens of milliseconds.
 * The text is the same as JSON.stringify's, character for character.
 */
export function* jsonInParts(value: Record<string, unknown>): Generator<string> {
  let part = '{';
  let firstKey = true;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    part += `${firstKey ? '' : ','}${JSON.stringify(key)}:`;
    firstKey = false;
    if (!Array.isArray(v)) {
      part += JSON.stringify(v);
      continue;
    }
    part += '[';
    for (let i = 0; i < v.length; i++) {
      // As JSON.stringify writes an array's item that has no JSON of its own.
      part += `${i > 0 ? ',' : ''}${JSON.stringify(v[i]) ?? 'null'}`;
      if (part.length >= PART_CHARS) {
        yield part;
        part = '';
      }
    }
    part += ']';
  }
  yield `${part}}`;
}
