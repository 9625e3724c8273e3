/**
 * Seeded randomness for the demo fleet.
 *
 * Noise is counter-based (a pure function of seed, series and hour) rather than drawn from one
 * running stream: a sample at a given instant is then the same no matter how much history is
 * generated, which lets demoTruth "continue the simulation" past endMs without replaying it.
 */

/** One mulberry32 step: scrambles a 32-bit state into a 32-bit output. */
export function mulberry32Step(state: number): number {
  let t = (state + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** A classic mulberry32 generator: returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    const out = mulberry32Step(state);
    state = (state + 0x6d2b79f5) | 0;
    return out / 4294967296;
  };
}

/** FNV-1a of a string, used to key noise by host and series name instead of by list position. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform in [0, 1) from (key, counter); key should already mix seed and series. */
export function unitAt(key: number, counter: number): number {
  return mulberry32Step(mulberry32Step(key ^ Math.imul(counter, 0x9e3779b1)) ^ counter) / 4294967296;
}

/** Uniform in [-1, 1). */
export function signedAt(key: number, counter: number): number {
  return unitAt(key, counter) * 2 - 1;
}

/** Combines a seed with a series name into a noise key. */
export function noiseKey(seed: number, ...parts: string[]): number {
  let h = mulberry32Step(seed >>> 0);
  for (const p of parts) h = mulberry32Step(h ^ hashString(p));
  return h;
}

/**
 * Smooth noise in [-1, 1]: linear interpolation between random knots every `periodHours`, so
 * slow quantities (memory, disk churn) wander instead of jumping every sample.
 */
export function smoothAt(key: number, hourIndex: number, periodHours: number): number {
  const x = hourIndex / periodHours;
  const k = Math.floor(x);
  const f = x - k;
  return signedAt(key, k) * (1 - f) + signedAt(key, k + 1) * f;
}
