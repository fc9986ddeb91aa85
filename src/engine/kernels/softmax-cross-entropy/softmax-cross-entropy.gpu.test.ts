// Fused softmax cross-entropy kernels vs the float64 losses in nn/losses on fresh random logits: loss rel 1e-4,
// dLogits rel 1e-3 (floor 1), exact top-1 counts; outputs NaN-poisoned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { softmaxCrossEntropy as refHard } from '../../nn/losses/cross-entropy.ts';
import { softTargetCrossEntropy as refSoft } from '../../nn/losses/soft-target-cross-entropy.ts';
import { softmaxCrossEntropy, softTargetCrossEntropy } from './softmax-cross-entropy.ts';

/** Index of the first maximum of row i. */
function argmax(a: ArrayLike<number>, i: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (a[i * k + j] > a[i * k + best]) best = j;
  return best;
}

describe.skipIf(gpuSkipped)('softmax cross-entropy kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'softmax-cross-entropy test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[]): GpuTensor =>
    ctx.upload(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(Number.NaN), shape, 'poisoned');

  async function check(
    got: { loss: GpuTensor; dLogits: GpuTensor; correct: GpuTensor },
    ref: { loss: number; dLogits: { data: Float64Array } },
    correct: number,
    what: string,
  ) {
    const loss = await ctx.read(got.loss);
    expect(maxRelError(loss, [ref.loss], 1).err, `${what} loss ${loss[0]} vs ${ref.loss}`).toBeLessThan(1e-4);
    const g = maxRelError(await ctx.read(got.dLogits), ref.dLogits.data, 1);
    expect(g.err, `${what} dLogits at ${g.index}`).toBeLessThan(1e-3);
    expect(Array.from(await ctx.readTyped(got.correct)), `${what} correct`).toEqual([correct]);
  }

  for (const [n, k, eps] of [
    [5, 70, 0.1],
    [3, 10, 0],
    [2, 1000, 0.2],
  ] as const) {
    it(`hard labels N=${n} K=${k} ε=${eps}`, async () => {
      const z = randomF32(n * k, -6, 6);
      // Half the rows labelled with their argmax so the correct count is neither 0 nor trivially N.
      const labels = Uint32Array.from({ length: n }, (_, i) =>
        i % 2 === 0 ? argmax(z, i, k) : Math.floor(Math.random() * k),
      );
      const expectedCorrect = Array.from(labels).filter((y, i) => y === argmax(z, i, k)).length;
      const ref = refHard({ data: Float64Array.from(z), shape: [n, k] }, labels, { labelSmoothing: eps });
      const logits = ctx.upload(z, [n, k], 'logits');
      const lab = ctx.upload(labels, [n], 'labels');
      const got = softmaxCrossEntropy(
        ctx,
        logits,
        lab,
        { labelSmoothing: eps },
        {
          dLogits: poisoned([n, k]),
          loss: poisoned([1]),
          correct: ctx.upload(new Uint32Array([12345]), [1], 'poisoned correct'),
        },
      );
      await check(got, ref, expectedCorrect, `N=${n} K=${k}`);
      for (const t of [logits, lab, got.loss, got.dLogits, got.correct]) ctx.release(t);
    });
  }

  for (const temperature of [1, 2.5]) {
    it(`soft targets (Mixup pairs with smoothing), T=${temperature}`, async () => {
      const n = 6;
      const k = 67;
      const z = randomF32(n * k, -5, 5);
      const t = new Float32Array(n * k).fill(0.1 / k);
      let expectedCorrect = 0;
      for (let i = 0; i < n; i++) {
        const lam = 0.55 + 0.4 * Math.random();
        const a = i % 3 === 0 ? argmax(z, i, k) : Math.floor(Math.random() * k);
        const b = (a + 1 + Math.floor(Math.random() * (k - 1))) % k;
        t[i * k + a] += 0.9 * lam;
        t[i * k + b] += 0.9 * (1 - lam);
        if (argmax(z, i, k) === a) expectedCorrect++;
      }
      const ref = refSoft(
        { data: Float64Array.from(z), shape: [n, k] },
        { data: Float64Array.from(t), shape: [n, k] },
        { temperature },
      );
      const logits = ctx.upload(z, [n, k], 'logits');
      const targets = ctx.upload(t, [n, k], 'targets');
      const got = softTargetCrossEntropy(
        ctx,
        logits,
        targets,
        { temperature },
        { dLogits: poisoned([n, k]) },
      );
      await check(got, ref, expectedCorrect, `soft T=${temperature}`);
      for (const x of [logits, targets, got.loss, got.dLogits, got.correct]) ctx.release(x);
    });
  }

  it('rejects bad inputs naming the loss', () => {
    const logits = ctx.upload(randomF32(12), [3, 4], 'logits');
    const f = ctx.upload(randomF32(3), [3], 'f32 labels');
    const u = ctx.upload(new Uint32Array(2), [2], 'short labels');
    expect(() => softmaxCrossEntropy(ctx, logits, f)).toThrow(
      'softmaxCrossEntropy: labels has dtype f32, expected u32',
    );
    expect(() => softmaxCrossEntropy(ctx, logits, u)).toThrow(
      'softmaxCrossEntropy: labels shape [2] ≠ [3] (one per row of logits)',
    );
    expect(() => softTargetCrossEntropy(ctx, logits, logits, { temperature: 0 })).toThrow(
      'softTargetCrossEntropy: temperature must be a positive number, got 0',
    );
    expect(() => softTargetCrossEntropy(ctx, logits, f)).toThrow(
      'softTargetCrossEntropy: targets shape [3] ≠ logits shape [3,4]',
    );
    for (const x of [logits, f, u]) ctx.release(x);
  });
});
