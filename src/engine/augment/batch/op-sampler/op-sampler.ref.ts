// OpSampler (PaddleClas batch_operators.py): per batch, pick one of the listed batch ops by its prob, or no op
// with the remaining 1 − Σprob (random.choices). Mixup+Cutmix at 0.5/0.5 is the MixupCutmixHybrid setting.
import type { RngStream } from '../../rng/stream.ts';

export interface WeightedOp<T> {
  readonly op: T;
  readonly prob: number;
}

export function checkOpSamplerProbs(ops: readonly WeightedOp<unknown>[]): void {
  let total = 0;
  for (const { prob } of ops) {
    if (!(prob >= 0)) throw new RangeError(`OpSampler: prob must be ≥ 0, got ${prob}`);
    total += prob;
  }
  if (total > 1 + 1e-12)
    throw new RangeError(`OpSampler: the total prob of operators should be ≤ 1, got ${total}`);
}

/** random.choices(ops + [None], weights): one uniform against the cumulative weights; undefined = no op. */
export function sampleOpSampler<T>(rng: RngStream, ops: readonly WeightedOp<T>[]): T | undefined {
  checkOpSamplerProbs(ops);
  const u = rng.uniform();
  let acc = 0;
  for (const { op, prob } of ops) {
    acc += prob;
    if (u < acc) return op;
  }
  return undefined;
}
