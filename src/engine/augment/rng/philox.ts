// Philox4x32-10 counter-based block cipher (Salmon et al., SC'11; Random123) in pure u32 arithmetic.
// Written with Math.imul and 16-bit splits only, so the identical algorithm ports line by line to WGSL (no u64).

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** Full 32×32→64-bit product of two u32 as [hi, lo]; WGSL has no u64, so the high word is assembled from halves. */
export function mulHiLo(a: number, b: number): [number, number] {
  const lo = Math.imul(a, b) >>> 0;
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const ll = aLo * bLo;
  const lh = aLo * bHi;
  const hl = aHi * bLo;
  const hh = aHi * bHi;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  const hi = (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
  return [hi, lo];
}

/**
 * One Philox4x32-10 block: 4 counter words and 2 key words (all u32) → 4 pseudo-random u32.
 * `out` lets hot loops reuse one array.
 */
export function philox4x32(
  c: ArrayLike<number>,
  k: ArrayLike<number>,
  out: Uint32Array = new Uint32Array(4),
): Uint32Array {
  let c0 = c[0] >>> 0;
  let c1 = c[1] >>> 0;
  let c2 = c[2] >>> 0;
  let c3 = c[3] >>> 0;
  let k0 = k[0] >>> 0;
  let k1 = k[1] >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const [hi0, lo0] = mulHiLo(M0, c0);
    const [hi1, lo1] = mulHiLo(M1, c2);
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}
