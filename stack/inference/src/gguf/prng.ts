/** FNV-1a over UTF-16 code units: a stable 32-bit hash for deriving per-tensor seeds from names. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface Prng {
  /** Uniform uint32. */
  nextU32(): number;
  /** Uniform in [0, 1) with 24 bits of precision (exactly representable as float32). */
  nextFloat(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

/** sfc32 seeded through splitmix32: fast, small state, identical output on every platform. */
export function createPrng(seed: number, stream = ""): Prng {
  let s = (hash32(stream, seed >>> 0) ^ 0x9e3779b9) >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextU32();
  return {
    nextU32,
    nextFloat: () => (nextU32() >>> 8) / 16777216,
    nextInt: (n: number) => Math.floor(((nextU32() >>> 8) / 16777216) * n),
  };
}
