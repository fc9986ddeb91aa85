// Cross-entropy against soft targets (Mixup/CutMix label mixes, distillation from a teacher), optionally on
// temperature-scaled logits: loss = mean_i −Σ_j t_ij·log softmax(z_i/T)_j.
import { checkSameShape, type Tensor64 } from '../ref/tensor64.ts';
import { checkTemperature, type LossAndGrad, logSoftmaxRows, rowsCols } from './logits.ts';

/**
 * Targets need not sum to 1 (the gradient is (softmax(z/T)·Σt − t)/(N·T)), but must be finite and ≥ 0.
 * Distillation recipes that multiply by T² do so outside.
 */
export function softTargetCrossEntropy(
  logits: Tensor64,
  targets: Tensor64,
  opts: { temperature?: number } = {},
): LossAndGrad {
  const op = 'softTargetCrossEntropy';
  const { n, k } = rowsCols(op, 'logits', logits);
  rowsCols(op, 'targets', targets);
  checkSameShape(op, 'targets', targets, 'logits', logits);
  const temp = opts.temperature ?? 1;
  checkTemperature(op, temp);
  const logp = logSoftmaxRows(logits.data, n, k, temp);
  const grad = new Float64Array(n * k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let mass = 0;
    for (let j = 0; j < k; j++) {
      const t = targets.data[i * k + j];
      if (!(t >= 0) || !Number.isFinite(t))
        throw new Error(`${op}: target ${t} at [${i},${j}] is not a finite value ≥ 0`);
      mass += t;
      total -= t * logp[i * k + j];
    }
    for (let j = 0; j < k; j++) {
      grad[i * k + j] = (Math.exp(logp[i * k + j]) * mass - targets.data[i * k + j]) / (n * temp);
    }
  }
  return { loss: total / n, dLogits: { data: grad, shape: [n, k] } };
}

/** Soft targets softmax(teacher/T) for distillation. */
export function softTargetsFromLogits(teacher: Tensor64, temperature = 1): Tensor64 {
  const { n, k } = rowsCols('softTargetsFromLogits', 'teacher logits', teacher);
  checkTemperature('softTargetsFromLogits', temperature);
  const logp = logSoftmaxRows(teacher.data, n, k, temperature);
  return { data: logp.map(Math.exp), shape: [n, k] };
}
