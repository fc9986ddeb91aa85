// Softmax + top-k on the GPU over a [rows, classes] score buffer (e.g. ORT's output left on the GPU): only the
// k probabilities and class indices per row are read back.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32 } from '../../gpu/kernel-helpers.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { MAX_K, topkWgsl } from './topk.wgsl.ts';

export interface TopK {
  /** Per row, k entries, best first: class index and probability (or the raw score when softmax is off). */
  rows: { index: number; score: number }[][];
}

export interface TopKOptions {
  /** Apply softmax first (logits in); false when the model already outputs probabilities. Default true. */
  softmax?: boolean;
}

/** Validates shapes and records the dispatch; returns the two small output tensors (still on the GPU). */
export function recordTopK(
  ctx: GpuContext,
  scores: GpuTensor,
  k: number,
  opts: TopKOptions = {},
): { probs: GpuTensor; indices: GpuTensor } {
  if (scores.shape.length !== 2)
    throw new Error(`TopK: scores must be [rows, classes], got [${scores.shape.join(',')}]`);
  if (scores.dtype !== 'f32') throw new Error(`TopK: scores have dtype ${scores.dtype}, expected f32`);
  const [rows, classes] = scores.shape;
  if (!Number.isInteger(k) || k < 1 || k > Math.min(classes, MAX_K)) {
    throw new Error(`TopK: k must be in 1..${Math.min(classes, MAX_K)}, got ${k}`);
  }
  const probs = ctx.empty([rows, k], 'f32', 'topk probs');
  const indices = ctx.empty([rows, k], 'u32', 'topk indices');
  const pipeline = ctx.pipelines.ref({ key: 'topk/softmax', code: topkWgsl });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [
      scores,
      probs,
      indices,
      { uniform: packU32([rows, classes, k, opts.softmax === false ? 0 : 1]) },
    ],
    workgroups: [rows],
    label: 'TopK',
  });
  return { probs, indices };
}

/** Records, submits and reads back the top k of every row. */
export async function topK(
  ctx: GpuContext,
  scores: GpuTensor,
  k: number,
  opts: TopKOptions = {},
): Promise<TopK> {
  const { probs, indices } = recordTopK(ctx, scores, k, opts);
  try {
    const [p, i] = await Promise.all([ctx.read(probs), ctx.readTyped(indices)]);
    const rows: TopK['rows'] = [];
    for (let r = 0; r < scores.shape[0]; r++) {
      rows.push(Array.from({ length: k }, (_, j) => ({ index: i[r * k + j], score: p[r * k + j] })));
    }
    return { rows };
  } finally {
    ctx.release(probs);
    ctx.release(indices);
  }
}
