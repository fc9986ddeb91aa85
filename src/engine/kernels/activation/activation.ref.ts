// Float64 reference for ONNX unary activations (Relu, Clip, HardSigmoid, HardSwish, Sigmoid): forward and backward.
// At kinks the derivative follows PyTorch: Relu'(0) = 0, Clip passes the gradient on min ≤ x ≤ max, HardSigmoid and
// HardSwish pass it on the open linear segment.
import { checkSameShape, checkTensor, type Tensor64 } from '../../nn/ref/tensor64.ts';

export type Activation =
  | { op: 'Relu' }
  /** ONNX Clip with min/max inputs; a missing bound is ±∞. MobileNetV2's ReLU6 is Clip(0, 6). */
  | { op: 'Clip'; min?: number; max?: number }
  /** y = max(0, min(1, αx + β)); ONNX defaults α = 0.2, β = 0.5 (torch exports α = 1/6). */
  | { op: 'HardSigmoid'; alpha?: number; beta?: number }
  /** y = x·max(0, min(1, x/6 + 1/2)) (ONNX HardSwish). */
  | { op: 'HardSwish' }
  | { op: 'Sigmoid' };

/** The elementwise function and its derivative dy/dx at x (given y = f(x)). */
function fns(a: Activation): { f: (x: number) => number; df: (x: number, y: number) => number } {
  switch (a.op) {
    case 'Relu':
      return { f: (x) => Math.max(x, 0), df: (x) => (x > 0 ? 1 : 0) };
    case 'Clip': {
      const lo = a.min ?? Number.NEGATIVE_INFINITY;
      const hi = a.max ?? Number.POSITIVE_INFINITY;
      if (lo > hi) throw new Error(`Clip: min ${lo} > max ${hi}`);
      return { f: (x) => Math.min(hi, Math.max(lo, x)), df: (x) => (x >= lo && x <= hi ? 1 : 0) };
    }
    case 'HardSigmoid': {
      const al = a.alpha ?? 0.2;
      const be = a.beta ?? 0.5;
      return {
        f: (x) => Math.max(0, Math.min(1, al * x + be)),
        df: (x) => {
          const t = al * x + be;
          return t > 0 && t < 1 ? al : 0;
        },
      };
    }
    case 'HardSwish':
      return {
        f: (x) => x * Math.max(0, Math.min(1, x / 6 + 0.5)),
        df: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 3 + 0.5),
      };
    case 'Sigmoid':
      return { f: (x) => 1 / (1 + Math.exp(-x)), df: (_x, y) => y * (1 - y) };
    default:
      throw new Error(`activation: unsupported op ${(a as { op: string }).op}`);
  }
}

export function activationForward(a: Activation, x: Tensor64): Tensor64 {
  checkTensor(a.op, 'input X', x);
  const { f } = fns(a);
  const y = new Float64Array(x.data.length);
  for (let i = 0; i < y.length; i++) y[i] = f(x.data[i]);
  return { data: y, shape: [...x.shape] };
}

/** dX = dY·f'(X). */
export function activationBackward(a: Activation, x: Tensor64, dy: Tensor64): Tensor64 {
  const op = `${a.op} backward`;
  checkTensor(op, 'input X', x);
  checkTensor(op, 'dY', dy);
  checkSameShape(op, 'dY', dy, 'input X', x);
  const { f, df } = fns(a);
  const dx = new Float64Array(x.data.length);
  for (let i = 0; i < dx.length; i++) dx[i] = dy.data[i] * df(x.data[i], f(x.data[i]));
  return { data: dx, shape: [...x.shape] };
}
