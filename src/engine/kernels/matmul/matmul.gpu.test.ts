// Register-blocked, tiled and naive matmul vs the float64 reference on fresh random inputs: shapes that are and
// are not multiples of the 64×64×16 tile, the 8×4 register block and 4 (every load variant), K up to 300,
// batches, transposes; `matmul` itself on a shape that picks each kernel. Tolerance: fp32,
// rel 1e-4 with floor 1. Outputs are NaN-poisoned to catch unwritten elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { type MatmulFlags, matmulRef } from './matmul.ref.ts';
import { matmul, matmulKernelFor, matmulRegister, matmulTiled } from './matmul.ts';
import { matmulNaive } from './matmul-naive.ts';

const TOL = 1e-4;

interface Case {
  a: number[];
  b: number[];
  flags?: MatmulFlags;
}

const CASES: Case[] = [
  { a: [1, 1], b: [1, 1] },
  { a: [64, 32], b: [32, 128] }, // exact tiles, vec4 A and B
  { a: [65, 33], b: [33, 67] }, // nothing aligned: scalar A and B
  { a: [17, 13], b: [13, 20] }, // K % 4 ≠ 0, N % 4 = 0: scalar A, vec4 B
  { a: [30, 300], b: [300, 18] }, // K = 300 (vec4 A), N % 4 ≠ 0
  { a: [3, 33, 20], b: [3, 20, 44] }, // batched
  { a: [2, 19, 8], b: [8, 12] }, // B broadcast over the batch
  { a: [19, 8], b: [2, 8, 12] }, // A broadcast over the batch
  { a: [21, 70], b: [9, 21], flags: { transA: true, transB: true } }, // Aᵀ [70,21]·Bᵀ [21,9]
  { a: [2, 5, 24], b: [2, 36, 24], flags: { transB: true } },
  { a: [3, 7], b: [7, 5] }, // smaller than one register block in both directions
  { a: [2, 9, 16], b: [16, 9] }, // MobileNet's 3×3 1×1-conv: N = 9, scalar B
];

/** One big enough for `matmul` to take the tiled kernel, and its transpose-free neighbour that does not. */
const AUTO_CASES: Case[] = [
  { a: [256, 260], b: [260, 264] },
  { a: [255, 260], b: [260, 264] },
];

describe.skipIf(gpuSkipped)('matmul kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'matmul test' });
  });
  afterAll(() => ctx?.destroy());

  for (const [name, kernel, cases] of [
    ['register', matmulRegister, CASES],
    ['tiled', matmulTiled, CASES],
    ['naive', matmulNaive, CASES],
    ['matmul (kernel by shape)', matmul, AUTO_CASES],
  ] as const) {
    it(`${name} matches the reference on every shape`, async () => {
      for (const c of cases) {
        const da = randomF32(shapeSize(c.a));
        const db = randomF32(shapeSize(c.b));
        const ref = matmulRef(da, c.a, db, c.b, c.flags);
        const a = ctx.upload(da, c.a, 'A');
        const b = ctx.upload(db, c.b, 'B');
        const out = ctx.upload(new Float32Array(ref.data.length).fill(Number.NaN), ref.shape, 'poisoned C');
        const y = kernel(ctx, a, b, out, c.flags);
        expect(y.shape).toEqual(ref.shape);
        const { err, index } = maxRelError(await ctx.read(y), ref.data, 1);
        expect(err, `${name} ${JSON.stringify(c)} at ${index}`).toBeLessThan(TOL);
        for (const t of [a, b, y]) ctx.release(t);
      }
    });
  }

  it('picks the tiled kernel only when M, N and K are all large', () => {
    expect(AUTO_CASES.map((c) => matmulKernelFor({ M: c.a[0], K: c.a[1], N: c.b[1] }))).toEqual([
      'tiled',
      'register',
    ]);
  });

  it('allocates the output when none is given and validates shapes', async () => {
    const da = randomF32(6 * 5);
    const db = randomF32(5 * 7);
    const a = ctx.upload(da, [6, 5], 'A');
    const b = ctx.upload(db, [5, 7], 'B');
    const c = matmul(ctx, a, b);
    expect(c.shape).toEqual([6, 7]);
    expect(maxRelError(await ctx.read(c), matmulRef(da, [6, 5], db, [5, 7]).data).err).toBeLessThan(TOL);
    expect(() => matmul(ctx, a, a)).toThrow('MatMul: A [6,5] and B [6,5]: inner dimensions 5 ≠ 6');
    expect(() => matmul(ctx, a, b, a)).toThrow('MatMul: out has shape [6,5], expected [6,7]');
    for (const t of [a, b, c]) ctx.release(t);
  });
});
