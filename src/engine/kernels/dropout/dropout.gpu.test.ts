// Dropout kernels vs the float64 reference: the keep-mask must equal the reference's bit for bit for the same seed;
// Y and dX within rel 1e-4 / 1e-3 (floor 1); outputs NaN-poisoned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { dropoutBackward as refBackward, dropoutForward as refForward } from './dropout.ref.ts';
import { dropoutBackward, dropoutForward } from './dropout.ts';

describe.skipIf(gpuSkipped)('dropout kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'dropout test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[]): GpuTensor =>
    ctx.upload(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(Number.NaN), shape, 'poisoned');

  const cases = [
    { ratio: 0.3, training: true },
    { ratio: 0.5, training: true },
    { ratio: 0.9, training: true },
    { ratio: 0.5, training: false },
    { ratio: 0, training: true },
  ];

  for (const attrs of cases) {
    it(`ratio ${attrs.ratio} training ${attrs.training}`, async () => {
      const shape = [2, 3, 9, 9];
      const n = 2 * 3 * 9 * 9;
      // Fresh seeds, including ones above 2³¹ (u32 arithmetic must not go signed).
      const seed = Math.floor(Math.random() * 4294967296);
      const xs = randomF32(n, -3, 3);
      const dys = randomF32(n, -2, 2);
      const ref = refForward({ data: Float64Array.from(xs), shape }, attrs.ratio, attrs.training, seed);
      const x = ctx.upload(xs, shape, 'x');
      const maskOut = ctx.upload(new Uint32Array(n).fill(7), shape, 'poisoned mask');
      const { y, mask } = dropoutForward(ctx, x, { ...attrs, seed }, { y: poisoned(shape), mask: maskOut });
      const gotMask = (await ctx.readTyped(mask)) as Uint32Array;
      expect(Array.from(gotMask)).toEqual(Array.from(ref.mask));
      const fwd = maxRelError(await ctx.read(y), ref.y.data, 1);
      expect(fwd.err, `forward at ${fwd.index} (seed ${seed})`).toBeLessThan(1e-4);
      const dy = ctx.upload(dys, shape, 'dy');
      const dx = dropoutBackward(ctx, dy, mask, attrs, poisoned(shape));
      const expected = refBackward(
        { data: Float64Array.from(dys), shape },
        ref.mask,
        attrs.ratio,
        attrs.training,
      );
      const bwd = maxRelError(await ctx.read(dx), expected.data, 1);
      expect(bwd.err, `backward at ${bwd.index}`).toBeLessThan(1e-3);
      if (attrs.training && attrs.ratio > 0) {
        const kept = ref.mask.reduce((a, b) => a + b, 0) / n;
        expect(Math.abs(kept - (1 - attrs.ratio))).toBeLessThan(0.1);
      }
      for (const t of [x, y, mask, dy, dx]) ctx.release(t);
    });
  }

  it('rejects bad ratios, seeds and masks naming the op', () => {
    const x = ctx.upload(randomF32(6), [2, 3], 'x');
    const badMask = ctx.upload(new Float32Array(6), [2, 3], 'f32 mask');
    expect(() => dropoutForward(ctx, x, { ratio: 1, training: true })).toThrow(
      'Dropout: ratio must be in [0, 1), got 1',
    );
    expect(() => dropoutForward(ctx, x, { ratio: 0.1, training: true, seed: -1 })).toThrow(
      'Dropout: seed must be an integer in [0, 2^32), got -1',
    );
    expect(() => dropoutBackward(ctx, x, badMask, { ratio: 0.1, training: true })).toThrow(
      'Dropout backward: mask has dtype f32, expected u32',
    );
    ctx.release(x);
    ctx.release(badMask);
  });
});
