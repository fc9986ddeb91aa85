// BatchNormalization kernels vs the float64 reference (train, eval, frozen) on fresh random inputs: Y, saved
// statistics and updated running stats rel 1e-4; dX, dγ, dβ rel 1e-3 (floor 1); outputs NaN-poisoned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import {
  type BatchNormAttrs,
  type BatchNormMode,
  batchNormBackward as refBackward,
  batchNormForward as refForward,
} from './batchnorm.ref.ts';
import { batchNormBackward, batchNormForward } from './batchnorm.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const f64 = (a: Float32Array, shape: number[]) => ({ data: Float64Array.from(a), shape });

describe.skipIf(gpuSkipped)('batchnorm kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'batchnorm test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: readonly number[]): GpuTensor =>
    ctx.upload(new Float32Array(size(shape)).fill(Number.NaN), [...shape], 'poisoned');

  async function expectClose(t: GpuTensor, expected: ArrayLike<number>, tol: number, what: string) {
    const { err, index } = maxRelError(await ctx.read(t), expected, 1);
    expect(err, `${what} at ${index}`).toBeLessThan(tol);
  }

  const cases: [number[], BatchNormMode, BatchNormAttrs][] = [
    [[2, 5, 7, 9], 'train', {}],
    [[2, 8, 9, 9], 'train', { momentum: 0.8, epsilon: 1e-3, runningVarUnbiased: false }],
    [[6, 3], 'train', {}],
    [[2, 4, 5, 5], 'eval', {}],
    [[2, 4, 3, 6], 'frozen', { epsilon: 1e-3 }],
  ];

  for (const [shape, mode, attrs] of cases) {
    it(`${mode} ${JSON.stringify(shape)} ${JSON.stringify(attrs)}: forward and backward`, async () => {
      const c = shape[1];
      // Shifted, scaled inputs: the mean is not 0 and the variance not 1, so both statistics matter.
      const xs = randomF32(size(shape), -2, 4);
      const host = {
        scale: randomF32(c, 0.5, 1.5),
        bias: randomF32(c, -1, 1),
        runningMean: randomF32(c, -0.5, 0.5),
        runningVar: randomF32(c, 0.5, 2),
      };
      const dys = randomF32(size(shape), -2, 2);
      const p64 = {
        scale: f64(host.scale, [c]),
        bias: f64(host.bias, [c]),
        runningMean: f64(host.runningMean, [c]),
        runningVar: f64(host.runningVar, [c]),
      };
      const ref = refForward(f64(xs, shape), p64, mode, attrs);
      const grads = refBackward(f64(xs, shape), p64, f64(dys, shape), ref, mode);

      const x = ctx.upload(xs, shape, 'x');
      const p = {
        scale: ctx.upload(host.scale, [c], 'scale'),
        bias: ctx.upload(host.bias, [c], 'bias'),
        runningMean: ctx.upload(host.runningMean, [c], 'running mean'),
        runningVar: ctx.upload(host.runningVar, [c], 'running var'),
      };
      const { y, saved } = batchNormForward(ctx, x, p, mode, attrs, {
        y: poisoned(shape),
        saved: poisoned([2, c]),
      });
      await expectClose(y, ref.y.data, 1e-4, 'Y');
      await expectClose(saved, [...ref.mean, ...ref.invStd], 1e-4, 'saved mean/invStd');
      await expectClose(p.runningMean, ref.runningMean.data, 1e-4, 'running mean');
      await expectClose(p.runningVar, ref.runningVar.data, 1e-4, 'running var');

      const dy = ctx.upload(dys, shape, 'dy');
      const g = batchNormBackward(ctx, x, p.scale, dy, saved, mode, {
        dx: poisoned(shape),
        dScale: poisoned([c]),
        dBias: poisoned([c]),
      });
      await expectClose(g.dx, grads.dx.data, 1e-3, 'dX');
      if (mode === 'frozen') {
        expect(g.dScale).toBeNull();
        expect(g.dBias).toBeNull();
      } else {
        await expectClose(g.dScale!, grads.dScale!.data, 1e-3, 'dScale');
        await expectClose(g.dBias!, grads.dBias!.data, 1e-3, 'dBias');
      }
      for (const t of [x, y, saved, dy, g.dx, g.dScale, g.dBias, ...Object.values(p)]) if (t) ctx.release(t);
    });
  }

  it('rejects bad shapes naming the op and the parameter', () => {
    const x = ctx.upload(randomF32(24), [2, 3, 4], 'x');
    const c3 = ctx.upload(randomF32(3), [3], 'c3');
    const c3b = ctx.upload(randomF32(3), [3], 'c3b');
    const c4 = ctx.upload(randomF32(4), [4], 'c4');
    const one = ctx.upload(randomF32(3), [1, 3], 'one');
    expect(() =>
      batchNormForward(ctx, x, { scale: c3, bias: c4, runningMean: c3, runningVar: c3b }, 'train'),
    ).toThrow('BatchNormalization: B length 4 ≠ input channels 3');
    expect(() =>
      batchNormForward(ctx, one, { scale: c3, bias: c3, runningMean: c3, runningVar: c3b }, 'train'),
    ).toThrow('BatchNormalization: training needs more than 1 value per channel, got input shape [1,3]');
    expect(() => batchNormBackward(ctx, x, c3, x, c4, 'train')).toThrow(
      'BatchNormalization backward: saved statistics have shape [4], expected [2,3]',
    );
    for (const t of [x, c3, c3b, c4, one]) ctx.release(t);
  });
});
