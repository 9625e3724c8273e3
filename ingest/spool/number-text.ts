/**
 * Numbers written as ASCII digits straight into a buffer, for the spool's encoder. The text is
 * exactly what String(value) gives (a property test holds them equal); what this saves is the
 * string each conversion would allocate, on the path every acknowledged field value takes.
 */

/** 10^0 … 10^15: each exact in a double. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** At most 15 significant digits: distinct decimals of that length are distinct doubles. */
const MAX_DIGITS = 15;
const DIGIT_0 = 48, MINUS = 45, DOT = 46;

/**
 * Writes a non-negative integer below 2^53 at `pos`; returns the position after it.
 * The caller has made room for 16 bytes.
 */
export function writeUnsigned(buf: Buffer, pos: number, n: number): number {
  if (n < 1e8) return writeSmall(buf, pos, n);
  if (n >= 1e16) return pos + buf.write(String(n), pos, 'latin1');
  const high = Math.floor(n / 1e8);
  return writePadded(buf, writeSmall(buf, pos, high), n - high * 1e8, 8);
}

/** Writes 0 ≤ n < 10^8 without leading zeros. */
function writeSmall(buf: Buffer, pos: number, n: number): number {
  let digits = 1;
  while (digits < 8 && n >= POW10[digits]!) digits++;
  return writePadded(buf, pos, n, digits);
}

/**
 * Writes 0 ≤ n < 10^width (width at most 16) as exactly `width` digits, leading zeros included.
 * Eight digits at a time, so that every digit takes int32 arithmetic (a division by 10 becomes a
 * multiplication) rather than a float division and a floor.
 */
function writePadded(buf: Buffer, pos: number, n: number, width: number): number {
  if (width > 8) {
    const high = Math.floor(n / 1e8);
    pos = writePadded(buf, pos, high, width - 8);
    n -= high * 1e8;
    width = 8;
  }
  let m = n | 0;
  for (let at = pos + width - 1; at >= pos; at--) {
    const q = (m / 10) | 0;
    buf[at] = DIGIT_0 + m - q * 10;
    m = q;
  }
  return pos + width;
}

/**
 * Writes a float as String(value) would, when the value is a decimal of at most 15 significant
 * digits between 1e-6 and 1e15 (what collectors send); returns -1 to leave any other to String().
 * The caller has made room for 24 bytes.
 */
export function writeShortDecimal(buf: Buffer, pos: number, value: number): number {
  if (value === 0) {
    buf[pos] = DIGIT_0; // String(-0) is "0" too
    return pos + 1;
  }
  const negative = value < 0;
  const v = negative ? -value : value;
  if (!(v >= 1e-6 && v < 1e15)) return -1;
  let intDigits = 1;
  while (intDigits < 16 && v >= POW10[intDigits]!) intDigits++;
  // The fewest fraction digits whose decimal is this very double; with at most 15 significant
  // digits no other decimal of that length is, so it is the shortest text that round-trips: String()'s.
  for (let fraction = 0; fraction + intDigits <= MAX_DIGITS || (v < 1 && fraction <= MAX_DIGITS + 6); fraction++) {
    const scale = POW10[fraction];
    if (scale === undefined) return -1;
    const m = Math.round(v * scale);
    if (m / scale !== v) continue;
    if (m >= 1e15) return -1;
    if (negative) buf[pos++] = MINUS;
    return fraction === 0 ? writeUnsigned(buf, pos, m) : writeFraction(buf, pos, m, fraction);
  }
  return -1;
}

/** m / 10^fraction as fixed-point text: "12.5", "0.005". */
function writeFraction(buf: Buffer, pos: number, m: number, fraction: number): number {
  const scale = POW10[fraction]!;
  // Exact: with m below 10^15 the quotient cannot round up to the next integer.
  const whole = Math.floor(m / scale);
  pos = writeUnsigned(buf, pos, whole);
  buf[pos++] = DOT;
  return writePadded(buf, pos, m - whole * scale, fraction);
}
