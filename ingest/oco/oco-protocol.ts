/**
 * OVH's OCO (OvhCheckOut) port-79 responder writes one line on connect:
 * `<code> OK|KO <localip> <hostname> oco-<version> <errmsg>` (1.15) or `<code> OK|KO oco-<version> <errmsg>` (1.14h),
 * where code is the worst check result and errmsg lists `<code>-<check>` for every check above 200.
 */
export interface OcoResult {
  code: number;
  /** Checks that are not plainly OK, e.g. [{ code: 300, check: 'http' }]. */
  failing: { code: number; check: string }[];
  version: string | null;
}

/** OK: every check 200. OK-but: some check 2xx above 200. KO: any check 300 or above. */
export type OcoState = 'OK' | 'OK-but' | 'KO';

/** OCO's own codes for problems seen from outside (errorcodes.txt, v1.15). */
export const OCO_CONNECTION_TIMEOUT = 301;
export const OCO_CONNECTION_REFUSED = 302;
export const OCO_RESULT_TOO_OLD = 398;

export function stateOf(code: number, failing: readonly { code: number }[] = []): OcoState {
  if (code >= 300 || failing.some((f) => f.code >= 300)) return 'KO';
  if (code > 200 || failing.some((f) => f.code > 200)) return 'OK-but';
  return 'OK';
}

/** Parses the responder's line; null when it is not an OCO answer at all. */
export function parseOcoLine(line: string): OcoResult | null {
  const m = /^\s*(\d{3})\s+(OK|KO)\b(.*)$/.exec(line.trim());
  if (!m) return null;
  const rest = m[3]!.trim().split(/\s+/).filter(Boolean);
  const versionAt = rest.findIndex((w) => /^oco-/i.test(w));
  const version = versionAt >= 0 ? rest[versionAt]!.slice(4) : null;
  const errmsg = versionAt >= 0 ? rest.slice(versionAt + 1).join(' ') : '';
  const failing = errmsg
    .split(',')
    .map((item) => /^(\d{3})-(.+)$/.exec(item.trim()))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => ({ code: Number(x[1]), check: x[2]! }));
  return { code: Number(m[1]), failing, version };
}
