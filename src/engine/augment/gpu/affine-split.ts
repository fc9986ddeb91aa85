// Splits an affine matrix for the GPU so nearest-neighbour truncation matches the float64 reference: each
// coefficient = an exact fixed-point part (integer k/4096, offsets k/8192, summed in i32 on the GPU) + a tiny
// f32 remainder. The input coordinate is then known to ~1e-7 instead of f32's ~1e-5 at a few hundred pixels.
import type { AffineMatrix } from '../core/affine.ts';

/** Words per split matrix: 6 i32 fixed-point parts then 6 f32 remainders (as u32 bits). */
export const SPLIT_MATRIX_WORDS = 12;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function f32Bits(v: number): number {
  f32[0] = v;
  return u32[0];
}

/** Words for `m` (a, b, c, d, e, f): coefficients of x and y in units of 1/4096, offsets in 1/8192. */
export function splitMatrix(m: AffineMatrix, what: string): number[] {
  const scales = [4096, 4096, 8192, 4096, 4096, 8192];
  const hi = m.map((v, i) => Math.round(v * scales[i]));
  // i32 headroom: |k·(2x+1)| ≤ 2^15·2^14 for |coefficient| ≤ 8 and images up to 8192 px; offsets ≤ 2^28.
  hi.forEach((k, i) => {
    const limit = i % 3 === 2 ? 2 ** 28 : 2 ** 15;
    if (!Number.isFinite(k) || Math.abs(k) > limit) {
      throw new RangeError(`${what}: affine coefficient ${m[i]} is outside the GPU warp's range`);
    }
  });
  const lo = m.map((v, i) => v - hi[i] / scales[i]);
  return [...hi.map((k) => k >>> 0), ...lo.map(f32Bits)];
}
