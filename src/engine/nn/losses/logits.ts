// Shared pieces of the logit losses: [N,K] validation and a max-subtracted, temperature-scaled log-softmax.
import { checkTensor, fmtShape, type Tensor64 } from '../ref/tensor64.ts';

/** Throws unless `t` is [N,K] with N, K ≥ 1; returns N and K. */
export function rowsCols(op: string, name: string, t: Tensor64): { n: number; k: number } {
  checkTensor(op, name, t, 2);
  const [n, k] = t.shape;
  if (n < 1 || k < 1) throw new Error(`${op}: ${name} must be [N,K] with N, K ≥ 1, got ${fmtShape(t.shape)}`);
  return { n, k };
}

export function checkTemperature(op: string, temperature: number): void {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new Error(`${op}: temperature must be a positive number, got ${temperature}`);
  }
}

/** log softmax(z/T) of each row of the row-major [n,k] matrix `z`. */
export function logSoftmaxRows(z: Float64Array, n: number, k: number, temperature = 1): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) m = Math.max(m, z[i * k + j] / temperature);
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(z[i * k + j] / temperature - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < k; j++) out[i * k + j] = z[i * k + j] / temperature - lse;
  }
  return out;
}

/** A scalar loss (mean over the batch) and its gradient w.r.t. the logits. */
export interface LossAndGrad {
  loss: number;
  dLogits: Tensor64;
}
