// GPU softmax + top-k vs softmaxRef/topKRef (src/engine/preprocess/topk.ref.ts) on fresh random logits:
// 1000 classes like ImageNet, several rows, ties, k = 1..MAX_K, probabilities passed through (abs 1e-6 on probs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, randomF32, requireGpu } from '../../gpu/testing.ts';
import { softmaxRef, topKRef } from '../../preprocess/topk.ref.ts';
import { topK } from './topk.ts';
import { MAX_K } from './topk.wgsl.ts';

const TOL = 1e-6;

describe.skipIf(gpuSkipped)('GPU softmax + top-k', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'topk test' });
  });
  afterAll(() => ctx?.destroy());

  async function check(scores: Float32Array, rows: number, classes: number, k: number, softmax: boolean) {
    const want = topKRef(softmax ? softmaxRef(scores, classes) : scores, classes, k);
    const t = ctx.upload(scores, [rows, classes], 'scores');
    const got = await topK(ctx, t, k, { softmax });
    ctx.release(t);
    for (let r = 0; r < rows; r++) {
      expect(
        got.rows[r].map((e) => e.index),
        `row ${r} k ${k}`,
      ).toEqual(want[r].map((e) => e.index));
      for (let j = 0; j < k; j++) expect(Math.abs(got.rows[r][j].score - want[r][j].score)).toBeLessThan(TOL);
    }
  }

  it('matches the reference on random logits (1000 classes, 3 rows, k = 5 and MAX_K)', async () => {
    const scores = randomF32(3000, -8, 12);
    await check(scores, 3, 1000, 5, true);
    await check(scores, 3, 1000, MAX_K, true);
  });

  it('breaks ties toward the lower index, handles few classes and k = classes', async () => {
    const scores = randomF32(2 * 7, -1, 1);
    scores[3] = scores[5] = scores[1] = 4;
    scores[7 + 6] = scores[7 + 2] = 3;
    await check(scores, 2, 7, 7, true);
    await check(scores, 2, 7, 1, true);
  });

  it('passes probabilities through when softmax is off', async () => {
    const p = softmaxRef(randomF32(2 * 300, -3, 3), 300);
    await check(p, 2, 300, 5, false);
  });

  it('rejects bad k and shapes naming the op', async () => {
    const t = ctx.upload(randomF32(20), [2, 10], 'scores');
    await expect(topK(ctx, t, 11)).rejects.toThrow('TopK: k must be in 1..10, got 11');
    const flat = ctx.upload(randomF32(20), [20], 'flat');
    await expect(topK(ctx, flat, 3)).rejects.toThrow('TopK: scores must be [rows, classes], got [20]');
    ctx.release(t);
    ctx.release(flat);
  });
});
