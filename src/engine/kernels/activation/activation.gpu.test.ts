// Activation kernels vs the float64 reference on fresh random inputs: forward rel 1e-4, backward rel 1e-3 (floor 1);
// outputs NaN-poisoned so an unwritten element fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import {
  type Activation,
  activationBackward as refBackward,
  activationForward as refForward,
} from './activation.ref.ts';
import { activationBackward, activationForward } from './activation.ts';

const CASES: Activation[] = [
  { op: 'Relu' },
  { op: 'Clip', min: 0, max: 6 },
  { op: 'Clip', min: -0.5 },
  { op: 'HardSigmoid' },
  { op: 'HardSigmoid', alpha: 1 / 6, beta: 0.5 },
  { op: 'HardSwish' },
  { op: 'Sigmoid' },
];

/** Inputs in [-8, 8) nudged off each op's kinks (0, Clip bounds, ±3, HardSigmoid's 0/1 crossings). */
function inputs(a: Activation, n: number): Float32Array {
  const kinks = [0, 6, -0.5, 3, -3, -2.5, 2.5];
  const x = randomF32(n, -8, 8);
  for (let i = 0; i < n; i++) {
    for (const k of kinks) if (Math.abs(x[i] - k) < 1e-3) x[i] = k + 0.01;
  }
  if (a.op === 'Clip') x[0] = a.min ?? 0; // the closed interval passes the gradient at the bound itself
  return x;
}

describe.skipIf(gpuSkipped)('activation kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'activation test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[]): GpuTensor =>
    ctx.upload(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(Number.NaN), shape, 'poisoned');

  it('forward and backward match the reference for every op (2·3·7·9: not a workgroup multiple)', async () => {
    const shape = [2, 3, 7, 9];
    const n = 2 * 3 * 7 * 9;
    for (const a of CASES) {
      const xs = inputs(a, n);
      const dys = randomF32(n, -2, 2);
      const x64 = { data: Float64Array.from(xs), shape };
      const dy64 = { data: Float64Array.from(dys), shape };
      const x = ctx.upload(xs, shape, 'x');
      const dy = ctx.upload(dys, shape, 'dy');
      const y = activationForward(ctx, a, x, poisoned(shape));
      const dx = activationBackward(ctx, a, x, dy, poisoned(shape));
      const fwd = maxRelError(await ctx.read(y), refForward(a, x64).data, 1);
      const bwd = maxRelError(await ctx.read(dx), refBackward(a, x64, dy64).data, 1);
      const what = JSON.stringify(a);
      expect(fwd.err, `${what} forward at ${fwd.index}`).toBeLessThan(1e-4);
      expect(bwd.err, `${what} backward at ${bwd.index}`).toBeLessThan(1e-3);
      for (const t of [x, dy, y, dx]) ctx.release(t);
    }
    // Two pipelines serve all ops.
    expect(ctx.pipelines.stats().compiled).toBe(2);
  });

  it('rejects bad inputs naming the op', () => {
    const x = ctx.upload(randomF32(6), [2, 3], 'x');
    const dy = ctx.upload(randomF32(4), [4], 'dy');
    const i = ctx.upload(new Int32Array(6), [2, 3], 'i');
    expect(() => activationBackward(ctx, { op: 'Sigmoid' }, x, dy)).toThrow(
      'Sigmoid backward: dY shape [4] ≠ input X shape [2,3]',
    );
    expect(() => activationForward(ctx, { op: 'Relu' }, i)).toThrow(
      'Relu: input X has dtype i32, expected f32',
    );
    expect(() => activationForward(ctx, { op: 'Clip', min: 2, max: 1 }, x)).toThrow('Clip: min 2 > max 1');
    expect(() => activationForward(ctx, { op: 'Relu' }, x, x)).toThrow('Relu: out must not alias an input');
    for (const t of [x, dy, i]) ctx.release(t);
  });
});
