// Split kernels vs the float64 reference on fresh random inputs (rel 1e-4 / 1e-3, floor 1), including a missing
// output gradient (zeros); outputs NaN-poisoned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { splitBackward as refBackward, splitForward as refForward } from './split.ref.ts';
import { type SplitAttrs, splitBackward, splitForward } from './split.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

describe.skipIf(gpuSkipped)('split kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'split test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: readonly number[]): GpuTensor =>
    ctx.upload(new Float32Array(size(shape)).fill(Number.NaN), [...shape], 'poisoned');

  const cases: [number[], SplitAttrs, boolean[]][] = [
    [[2, 8, 3, 3], { axis: 1, split: [3, 5] }, [true, true]],
    [[2, 7, 5], { axis: -1, numOutputs: 3 }, [true, false, true]],
    [[6, 4], { axis: 0, numOutputs: 2 }, [false, true]],
    [[2, 9], { axis: 1, split: [2, 0, 7] }, [true, true, true]],
  ];

  for (const [shape, attrs, present] of cases) {
    it(`forward and backward of ${JSON.stringify(shape)} ${JSON.stringify(attrs)}`, async () => {
      const xs = randomF32(size(shape), -3, 3);
      const ref = refForward(
        { data: Float64Array.from(xs), shape },
        attrs.axis,
        attrs.split,
        attrs.numOutputs,
      );
      const x = ctx.upload(xs, shape, 'x');
      const parts = splitForward(
        ctx,
        x,
        attrs,
        ref.map((r) => poisoned(r.shape)),
      );
      expect(parts.length).toBe(ref.length);
      for (let i = 0; i < ref.length; i++) {
        expect(parts[i].shape).toEqual(ref[i].shape);
        const fwd = maxRelError(await ctx.read(parts[i]), ref[i].data, 1);
        expect(fwd.err, `forward part ${i} at ${fwd.index}`).toBeLessThan(1e-4);
      }
      const dyData = ref.map((r) => randomF32(size(r.shape), -2, 2));
      const dys = ref.map((r, i) => (present[i] ? ctx.upload(dyData[i], [...r.shape], `dy ${i}`) : null));
      const dx = splitBackward(ctx, shape, dys, attrs, poisoned(shape));
      const expected = refBackward(
        shape,
        ref.map((r, i) => (present[i] ? { data: Float64Array.from(dyData[i]), shape: r.shape } : null)),
        attrs.axis,
        attrs.split,
        attrs.numOutputs,
      );
      const bwd = maxRelError(await ctx.read(dx), expected.data, 1);
      expect(bwd.err, `backward at ${bwd.index}`).toBeLessThan(1e-3);
      for (const t of [x, ...parts, dx, ...dys]) if (t) ctx.release(t);
    });
  }

  it('rejects bad sizes and gradients naming the op', () => {
    const x = ctx.upload(randomF32(12), [3, 4], 'x');
    const d = ctx.upload(randomF32(6), [3, 2], 'd');
    expect(() => splitForward(ctx, x, { axis: 1, split: [1, 2] })).toThrow(
      'Split: split sizes [1,2] do not sum to dimension 4 of axis 1',
    );
    expect(() => splitBackward(ctx, [3, 4], [d], { axis: 1, numOutputs: 2 })).toThrow(
      'Split backward: 1 gradients for 2 outputs',
    );
    expect(() => splitBackward(ctx, [3, 4], [d, x], { axis: 1, numOutputs: 2 })).toThrow(
      'Split backward: dY 1 shape [3,4] ≠ output 1 shape [3,2]',
    );
    ctx.release(x);
    ctx.release(d);
  });
});
