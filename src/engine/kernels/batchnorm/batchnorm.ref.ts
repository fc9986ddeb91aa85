// Float64 reference for ONNX BatchNormalization on [N,C,...] in training, eval and frozen modes, with backward.
// Running stats follow ONNX's momentum convention (running = m·running + (1−m)·batch, m = 0.9 ⇔ PyTorch 0.1) but
// feed the UNBIASED batch variance into running_var like PyTorch (ONNX's reference uses the biased one); see
// runningVarUnbiased. Normalisation in training always uses the biased batch variance.
import { checkTensor, fmtShape, type Tensor64 } from '../../nn/ref/tensor64.ts';

/** train: batch statistics + running-stat update; eval: running stats; frozen: eval with no γ/β gradients. */
export type BatchNormMode = 'train' | 'eval' | 'frozen';

export interface BatchNormAttrs {
  epsilon?: number;
  /** ONNX momentum (default 0.9): running = momentum·running + (1 − momentum)·batch. */
  momentum?: number;
  /** Use n/(n−1)·var for the running variance (PyTorch, default true) or the biased var (ONNX reference). */
  runningVarUnbiased?: boolean;
}

export interface BatchNormParams {
  scale: Tensor64;
  bias: Tensor64;
  runningMean: Tensor64;
  runningVar: Tensor64;
}

export interface BatchNormForward {
  y: Tensor64;
  /** Updated running stats (train mode only; eval/frozen return the inputs unchanged). */
  runningMean: Tensor64;
  runningVar: Tensor64;
  /** Per-channel mean and 1/sqrt(var+ε) actually used to normalise: saved for backward. */
  mean: Float64Array;
  invStd: Float64Array;
}

function dims(op: string, x: Tensor64, p: BatchNormParams): { n: number; c: number; spatial: number } {
  checkTensor(op, 'input X', x);
  if (x.shape.length < 2)
    throw new Error(`${op}: input X must be at least 2-D [N,C,...], got ${fmtShape(x.shape)}`);
  const c = x.shape[1];
  const named: [string, Tensor64][] = [
    ['scale', p.scale],
    ['B', p.bias],
    ['input_mean', p.runningMean],
    ['input_var', p.runningVar],
  ];
  for (const [name, t] of named) {
    checkTensor(op, name, t, 1);
    if (t.shape[0] !== c) throw new Error(`${op}: ${name} length ${t.shape[0]} ≠ input channels ${c}`);
  }
  let spatial = 1;
  for (let i = 2; i < x.shape.length; i++) spatial *= x.shape[i];
  return { n: x.shape[0], c, spatial };
}

export function batchNormForward(
  x: Tensor64,
  p: BatchNormParams,
  mode: BatchNormMode,
  attrs: BatchNormAttrs = {},
): BatchNormForward {
  const op = 'BatchNormalization';
  const { n, c, spatial } = dims(op, x, p);
  const eps = attrs.epsilon ?? 1e-5;
  const momentum = attrs.momentum ?? 0.9;
  const count = n * spatial;
  const mean = new Float64Array(c);
  const invStd = new Float64Array(c);
  const rm = Float64Array.from(p.runningMean.data);
  const rv = Float64Array.from(p.runningVar.data);
  if (mode === 'train' && count < 2 && (attrs.runningVarUnbiased ?? true)) {
    throw new Error(
      `${op}: training needs more than 1 value per channel, got input shape ${fmtShape(x.shape)}`,
    );
  }
  for (let ch = 0; ch < c; ch++) {
    if (mode !== 'train') {
      mean[ch] = p.runningMean.data[ch];
      invStd[ch] = 1 / Math.sqrt(p.runningVar.data[ch] + eps);
      continue;
    }
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < spatial; j++) s += x.data[(i * c + ch) * spatial + j];
    const mu = s / count;
    let v = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < spatial; j++) {
        const d = x.data[(i * c + ch) * spatial + j] - mu;
        v += d * d;
      }
    }
    const biased = v / count;
    mean[ch] = mu;
    invStd[ch] = 1 / Math.sqrt(biased + eps);
    const forRunning = (attrs.runningVarUnbiased ?? true) ? v / (count - 1) : biased;
    rm[ch] = momentum * rm[ch] + (1 - momentum) * mu;
    rv[ch] = momentum * rv[ch] + (1 - momentum) * forRunning;
  }
  const y = new Float64Array(x.data.length);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const g = p.scale.data[ch] * invStd[ch];
      const b = p.bias.data[ch];
      for (let j = 0; j < spatial; j++) {
        const o = (i * c + ch) * spatial + j;
        y[o] = (x.data[o] - mean[ch]) * g + b;
      }
    }
  }
  return {
    y: { data: y, shape: [...x.shape] },
    runningMean: { data: rm, shape: [c] },
    runningVar: { data: rv, shape: [c] },
    mean,
    invStd,
  };
}

export interface BatchNormGrads {
  dx: Tensor64;
  /** Null in frozen mode: the affine parameters are not trained. */
  dScale: Tensor64 | null;
  dBias: Tensor64 | null;
}

/**
 * Backward for the mode used in forward (`saved` = its mean/invStd). In train mode the batch statistics depend on
 * X, giving dx = γ·invStd/count·(count·dy − Σdy − x̂·Σ(dy·x̂)); in eval/frozen they are constants.
 */
export function batchNormBackward(
  x: Tensor64,
  p: BatchNormParams,
  dy: Tensor64,
  saved: Pick<BatchNormForward, 'mean' | 'invStd'>,
  mode: BatchNormMode,
): BatchNormGrads {
  const op = 'BatchNormalization backward';
  const { n, c, spatial } = dims(op, x, p);
  checkTensor(op, 'dY', dy);
  if (dy.data.length !== x.data.length || dy.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(`${op}: dY shape ${fmtShape(dy.shape)} ≠ input shape ${fmtShape(x.shape)}`);
  }
  if (saved.mean.length !== c || saved.invStd.length !== c) {
    throw new Error(`${op}: saved statistics have ${saved.mean.length} channels, input has ${c}`);
  }
  const count = n * spatial;
  const dx = new Float64Array(x.data.length);
  const dScale = new Float64Array(c);
  const dBias = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    const mu = saved.mean[ch];
    const is = saved.invStd[ch];
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < spatial; j++) {
        const o = (i * c + ch) * spatial + j;
        sumDy += dy.data[o];
        sumDyXhat += dy.data[o] * (x.data[o] - mu) * is;
      }
    }
    dScale[ch] = sumDyXhat;
    dBias[ch] = sumDy;
    const g = p.scale.data[ch] * is;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < spatial; j++) {
        const o = (i * c + ch) * spatial + j;
        dx[o] =
          mode === 'train'
            ? (g / count) * (count * dy.data[o] - sumDy - (x.data[o] - mu) * is * sumDyXhat)
            : g * dy.data[o];
      }
    }
  }
  const frozen = mode === 'frozen';
  return {
    dx: { data: dx, shape: [...x.shape] },
    dScale: frozen ? null : { data: dScale, shape: [c] },
    dBias: frozen ? null : { data: dBias, shape: [c] },
  };
}
