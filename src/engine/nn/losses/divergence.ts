// KL and Jensen–Shannon divergence between two models' logits (distillation, deep mutual learning), with
// gradients w.r.t. both sides. p = softmax(a/T), q = softmax(b/T); losses are averaged over the batch.
import { checkSameShape, type Tensor64 } from '../ref/tensor64.ts';
import { checkTemperature, logSoftmaxRows, rowsCols } from './logits.ts';

export interface DivergenceAndGrads {
  loss: number;
  /** Gradient w.r.t. the first logits `a`. */
  dA: Tensor64;
  /** Gradient w.r.t. the second logits `b`. */
  dB: Tensor64;
}

function prepare(op: string, a: Tensor64, b: Tensor64, temperature: number) {
  const { n, k } = rowsCols(op, 'logits A', a);
  rowsCols(op, 'logits B', b);
  checkSameShape(op, 'logits A', a, 'logits B', b);
  checkTemperature(op, temperature);
  return {
    n,
    k,
    lp: logSoftmaxRows(a.data, n, k, temperature),
    lq: logSoftmaxRows(b.data, n, k, temperature),
  };
}

/**
 * Chain rule through softmax(z/T): given g = ∂L/∂p for one row, ∂L/∂z_j = p_j·(g_j − Σ_k p_k g_k)/T, scaled by 1/N.
 */
function throughSoftmax(
  lp: Float64Array,
  g: Float64Array,
  n: number,
  k: number,
  temperature: number,
): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let j = 0; j < k; j++) dot += Math.exp(lp[i * k + j]) * g[i * k + j];
    for (let j = 0; j < k; j++) {
      out[i * k + j] = (Math.exp(lp[i * k + j]) * (g[i * k + j] - dot)) / (temperature * n);
    }
  }
  return out;
}

/** KL(p ‖ q) = Σ p·(log p − log q): PyTorch KLDivLoss(log q, p, reduction 'batchmean') with `a` as the target. */
export function klDivergence(
  a: Tensor64,
  b: Tensor64,
  opts: { temperature?: number } = {},
): DivergenceAndGrads {
  const temp = opts.temperature ?? 1;
  const { n, k, lp, lq } = prepare('klDivergence', a, b, temp);
  let total = 0;
  const gp = new Float64Array(n * k);
  const dB = new Float64Array(n * k);
  for (let i = 0; i < n * k; i++) {
    const p = Math.exp(lp[i]);
    total += p * (lp[i] - lq[i]);
    // ∂KL/∂p = log p − log q + 1; the +1 vanishes through the softmax (Σ ∂p = 0) so it is left out.
    gp[i] = lp[i] - lq[i];
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++)
      dB[i * k + j] = (Math.exp(lq[i * k + j]) - Math.exp(lp[i * k + j])) / (temp * n);
  }
  return {
    loss: total / n,
    dA: { data: throughSoftmax(lp, gp, n, k, temp), shape: [n, k] },
    dB: { data: dB, shape: [n, k] },
  };
}

/** JS(p, q) = ½KL(p ‖ m) + ½KL(q ‖ m), m = (p + q)/2; symmetric, bounded by log 2. */
export function jsDivergence(
  a: Tensor64,
  b: Tensor64,
  opts: { temperature?: number } = {},
): DivergenceAndGrads {
  const temp = opts.temperature ?? 1;
  const { n, k, lp, lq } = prepare('jsDivergence', a, b, temp);
  let total = 0;
  const gp = new Float64Array(n * k);
  const gq = new Float64Array(n * k);
  for (let i = 0; i < n * k; i++) {
    const p = Math.exp(lp[i]);
    const q = Math.exp(lq[i]);
    const lm = Math.log(0.5 * (p + q));
    // p·log(p/m) → 0 as p → 0; guard the 0·(−∞) of an underflowed probability.
    total += 0.5 * ((p > 0 ? p * (lp[i] - lm) : 0) + (q > 0 ? q * (lq[i] - lm) : 0));
    gp[i] = 0.5 * (lp[i] - lm);
    gq[i] = 0.5 * (lq[i] - lm);
  }
  return {
    loss: total / n,
    dA: { data: throughSoftmax(lp, gp, n, k, temp), shape: [n, k] },
    dB: { data: throughSoftmax(lq, gq, n, k, temp), shape: [n, k] },
  };
}
