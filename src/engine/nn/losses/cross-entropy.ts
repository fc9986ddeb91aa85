// Softmax cross-entropy from integer labels with label smoothing, PyTorch semantics: target = (1−ε)·onehot + ε/K,
// loss averaged over the batch.
import type { Tensor64 } from '../ref/tensor64.ts';
import { type LossAndGrad, logSoftmaxRows, rowsCols } from './logits.ts';

export function softmaxCrossEntropy(
  logits: Tensor64,
  labels: ArrayLike<number>,
  opts: { labelSmoothing?: number } = {},
): LossAndGrad {
  const op = 'softmaxCrossEntropy';
  const { n, k } = rowsCols(op, 'logits', logits);
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new Error(`${op}: label smoothing must be in [0, 1], got ${eps}`);
  if (labels.length !== n) throw new Error(`${op}: ${labels.length} labels for ${n} rows of logits`);
  const logp = logSoftmaxRows(logits.data, n, k);
  const grad = new Float64Array(n * k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= k)
      throw new Error(`${op}: label ${y} at row ${i} outside [0, ${k})`);
    for (let j = 0; j < k; j++) {
      const t = (j === y ? 1 - eps : 0) + eps / k;
      total -= t * logp[i * k + j];
      grad[i * k + j] = (Math.exp(logp[i * k + j]) - t) / n;
    }
  }
  return { loss: total / n, dLogits: { data: grad, shape: [n, k] } };
}
