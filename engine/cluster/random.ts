/**
 * A small seeded random number generator (SplitMix32), so that election timeouts, lossy links and
 * replica placement replay exactly from a seed. Not for anything secret.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, bound). */
  nextInt(bound: number): number;
  /** An integer in [min, max). */
  between(min: number, max: number): number;
  /** A new generator whose sequence depends on this one's seed and the label, not on call order. */
  fork(label: string): Random;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 0x1_0000_0000;
  };
  return {
    next,
    nextInt: (bound) => Math.floor(next() * bound),
    between: (min, max) => min + Math.floor(next() * (max - min)),
    fork: (label) => seededRandom(hashLabel(seed, label)),
  };
}

/** FNV-1a over the label, mixed with the parent seed. */
function hashLabel(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
