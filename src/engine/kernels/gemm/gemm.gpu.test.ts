// Gemm on the GPU vs the float64 reference, forward and backward, on fresh random inputs: every transpose
// combination, α/β, C as bias [N], column [M,1], full [M,N], scalar [] and absent. Forward rel 1e-4, gradients
// rel 1e-3 (floor 1); outputs are NaN-poisoned first to catch unwritten elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { type GpuTensor, shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import type { Tensor64 } from '../../nn/ref/tensor64.ts';
import * as ref from './gemm.ref.ts';
import { gemmBackward, gemmForward } from './gemm.ts';

const FWD_TOL = 1e-4;
const BWD_TOL = 1e-3;

interface Case {
  a: number[];
  b: number[];
  c?: number[];
  attrs: ref.GemmAttrs;
}

const CASES: Case[] = [
  { a: [5, 7], b: [7, 6], c: [6], attrs: {} },
  { a: [7, 5], b: [6, 7], c: [5, 1], attrs: { transA: true, transB: true, alpha: 0.5, beta: 2 } },
  { a: [3, 70], b: [10, 70], c: [10], attrs: { transB: true } }, // a Linear layer: K spans several tiles
  { a: [4, 3], b: [4, 8], c: [3, 8], attrs: { transA: true, alpha: -1.3 } },
  { a: [2, 9], b: [9, 4], c: [], attrs: { beta: 0.7 } },
  { a: [6, 4], b: [4, 5], attrs: { alpha: 2 } },
];

function t64(data: Float32Array, shape: readonly number[]): Tensor64 {
  return { data: Float64Array.from(data), shape: [...shape] };
}

describe.skipIf(gpuSkipped)('gemm on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'gemm test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[], label: string): GpuTensor =>
    ctx.upload(new Float32Array(shapeSize(shape)).fill(Number.NaN), shape, label);

  async function expectClose(t: GpuTensor, want: Tensor64, tol: number, what: string): Promise<void> {
    expect(t.shape, what).toEqual(want.shape);
    const { err, index } = maxRelError(await ctx.read(t), want.data, 1);
    expect(err, `${what} at ${index}`).toBeLessThan(tol);
  }

  it('forward and backward match the reference on every case', async () => {
    for (const cs of CASES) {
      const live = ctx.pool.stats().liveBuffers;
      const name = JSON.stringify(cs);
      const as = randomF32(shapeSize(cs.a));
      const bs = randomF32(shapeSize(cs.b));
      const ccs = cs.c ? randomF32(shapeSize(cs.c)) : undefined;
      const a64 = t64(as, cs.a);
      const b64 = t64(bs, cs.b);
      const c64 = cs.c && ccs ? t64(ccs, cs.c) : null;
      const want = ref.gemmForward(a64, b64, c64, cs.attrs);
      const dys = randomF32(want.data.length);
      const grads = ref.gemmBackward(a64, b64, c64, t64(dys, want.shape), cs.attrs);

      const a = ctx.upload(as, cs.a, 'A');
      const b = ctx.upload(bs, cs.b, 'B');
      const c = cs.c && ccs ? ctx.upload(ccs, cs.c, 'C') : undefined;
      const dy = ctx.upload(dys, [...want.shape], 'dY');
      const y = gemmForward(ctx, a, b, c, cs.attrs, poisoned([...want.shape], 'Y'));
      const g = gemmBackward(ctx, a, b, cs.c, dy, cs.attrs, {
        da: poisoned(cs.a, 'dA'),
        db: poisoned(cs.b, 'dB'),
        dc: cs.c ? poisoned(cs.c, 'dC') : false,
      });
      await expectClose(y, want, FWD_TOL, `${name}: Y`);
      await expectClose(g.da!, grads.da, BWD_TOL, `${name}: dA`);
      await expectClose(g.db!, grads.db, BWD_TOL, `${name}: dB`);
      if (grads.dc) await expectClose(g.dc!, grads.dc, BWD_TOL, `${name}: dC`);
      else expect(g.dc).toBeUndefined();
      for (const t of [a, b, c, dy, y, g.da, g.db, g.dc]) if (t) ctx.release(t);
      // Scratch (split-K partials) and uniforms went back to the pool: nothing leaks per step.
      expect(ctx.pool.stats().liveBuffers, 'live buffers after release').toBe(live);
    }
  });

  it('allocates outputs, skips unwanted gradients, and validates shapes', async () => {
    const as = randomF32(12);
    const bs = randomF32(20);
    const a = ctx.upload(as, [3, 4], 'A');
    const b = ctx.upload(bs, [4, 5], 'B');
    const y = gemmForward(ctx, a, b, undefined);
    await expectClose(y, ref.gemmForward(t64(as, [3, 4]), t64(bs, [4, 5]), null), FWD_TOL, 'allocated Y');
    const g = gemmBackward(ctx, a, b, undefined, y, {}, { db: false });
    expect(g.db).toBeUndefined();
    expect(g.da?.shape).toEqual([3, 4]);
    expect(() => gemmForward(ctx, a, a, undefined)).toThrow(
      'Gemm: inner dimensions differ: A is 3×4, B is 3×4',
    );
    expect(() => gemmForward(ctx, a, b, a)).toThrow('Gemm: shapes [3,5] and [3,4] do not broadcast');
    expect(() => gemmBackward(ctx, a, b, undefined, a)).toThrow(
      'Gemm backward: dY shape [3,4] ≠ output shape [3,5]',
    );
    expect(() => gemmBackward(ctx, a, b, undefined, y, {}, { dc: true })).toThrow(
      'Gemm backward: dC requested but the Gemm has no C',
    );
    for (const t of [a, b, y, g.da!]) ctx.release(t);
  });
});
