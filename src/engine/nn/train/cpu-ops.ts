// Float64 forward and backward of every schedule op, built from the reference ops in engine/kernels/<op>/*.ref.ts
// (the spec): the CPU executor's op table. Inputs and outputs follow the schedule's step conventions.
import { activationBackward, activationForward } from '../../kernels/activation/activation.ref.ts';
import { avgPoolBackward, avgPoolForward } from '../../kernels/avg-pool/avg-pool.ref.ts';
import {
  type BatchNormMode,
  batchNormBackward,
  batchNormForward,
} from '../../kernels/batchnorm/batchnorm.ref.ts';
import {
  type BinaryOp,
  binaryBackward,
  binaryForward,
  reduceToShape,
} from '../../kernels/broadcast-grad/broadcast-grad.ref.ts';
import { concatBackward, concatForward } from '../../kernels/concat/concat.ref.ts';
import { conv2dBackward, conv2dForward } from '../../kernels/conv2d/conv2d.ref.ts';
import { dropoutBackward, dropoutForward } from '../../kernels/dropout/dropout.ref.ts';
import { gemmBackward, gemmForward } from '../../kernels/gemm/gemm.ref.ts';
import {
  globalAvgPoolBackward,
  globalAvgPoolForward,
} from '../../kernels/global-avg-pool/global-avg-pool.ref.ts';
import { matmulRef } from '../../kernels/matmul/matmul.ref.ts';
import { maxPoolBackward, maxPoolForward } from '../../kernels/max-pool/max-pool.ref.ts';
import { sliceBackward, sliceForward } from '../../kernels/slice/slice.ref.ts';
import { softmaxBackward, softmaxForward } from '../../kernels/softmax/softmax.ref.ts';
import { splitBackward, splitForward } from '../../kernels/split/split.ref.ts';
import { transposeRef } from '../../kernels/transpose/transpose.ref.ts';
import type { Step } from '../plan/schedule-types.ts';
import { sizeOf, type Tensor64 } from '../ref/tensor64.ts';
import {
  activation,
  convAttrs,
  gemmAttrs,
  inputShape,
  ints,
  num,
  poolAttrs,
  sliceParams,
} from './step-attrs.ts';

/** What an op implementation gets: its input tensors (null for ''), the step, and output shapes. */
export interface OpCall {
  step: Step;
  ins: (Tensor64 | null)[];
  outShapes: number[][];
  /** Per-node dropout seed for this training step. */
  seed: number;
}

type OpImpl = (c: OpCall) => (Tensor64 | null)[];

function need(c: OpCall, i: number): Tensor64 {
  const t = c.ins[i];
  if (!t) throw new Error(`${c.step.op} '${c.step.node}': input ${i} ('${c.step.inputs[i]}') is missing`);
  return t;
}

const reshaped = (t: Tensor64, shape: number[]): Tensor64 => {
  if (sizeOf(shape) !== t.data.length) throw new Error(`view: ${t.data.length} values for shape [${shape}]`);
  return { data: Float64Array.from(t.data), shape: [...shape] };
};

/** ReduceMean over `axes` (all when empty); returns the mean and, for backward, each input element's output index. */
function reduceMeanPlan(shape: readonly number[], axesAttr: number[] | undefined) {
  const rank = shape.length;
  const axes = new Set(
    (axesAttr?.length ? axesAttr : shape.map((_, i) => i)).map((a) => (a < 0 ? a + rank : a)),
  );
  const outStrides: number[] = new Array(rank).fill(0);
  let acc = 1;
  for (let i = rank - 1; i >= 0; i--) {
    if (!axes.has(i)) {
      outStrides[i] = acc;
      acc *= shape[i];
    }
  }
  const count = [...axes].reduce((p, a) => p * shape[a], 1);
  const n = sizeOf(shape);
  const map = new Int32Array(n);
  const idx = new Array(rank).fill(0);
  for (let f = 0; f < n; f++) {
    let o = 0;
    for (let i = 0; i < rank; i++) o += idx[i] * outStrides[i];
    map[f] = o;
    for (let i = rank - 1; i >= 0; i--) {
      if (++idx[i] < shape[i]) break;
      idx[i] = 0;
    }
  }
  return { map, count, outSize: acc };
}

function binary(op: BinaryOp): OpImpl {
  return (c) => [binaryForward(op, need(c, 0), need(c, 1))];
}

function act(c: OpCall): (Tensor64 | null)[] {
  return [activationForward(activation(c.step), need(c, 0))];
}

const FORWARD: Record<string, OpImpl> = {
  Conv: (c) => [conv2dForward(need(c, 0), need(c, 1), c.ins[2] ?? null, convAttrs(c.step))],
  Gemm: (c) => [gemmForward(need(c, 0), need(c, 1), c.ins[2] ?? null, gemmAttrs(c.step))],
  MatMul: (c) => {
    const [a, b] = [need(c, 0), need(c, 1)];
    return [matmulRef(a.data, [...a.shape], b.data, [...b.shape])];
  },
  BatchNormalization: (c) => {
    const mode = c.step.attrs.mode as BatchNormMode;
    const f = batchNormForward(
      need(c, 0),
      { scale: need(c, 1), bias: need(c, 2), runningMean: need(c, 3), runningVar: need(c, 4) },
      mode,
      { epsilon: num(c.step, 'epsilon', 1e-5), momentum: num(c.step, 'momentum', 0.9) },
    );
    const C = f.mean.length;
    const saved = new Float64Array(2 * C);
    saved.set(f.mean, 0);
    saved.set(f.invStd, C);
    // Outputs 2–3 (not in the step) carry the updated running stats back to the executor.
    return [f.y, { data: saved, shape: [2, C] }, f.runningMean, f.runningVar];
  },
  Relu: act,
  Clip: act,
  HardSigmoid: act,
  HardSwish: act,
  Sigmoid: act,
  Add: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  Div: binary('Div'),
  GlobalAveragePool: (c) => [globalAvgPoolForward(need(c, 0))],
  MaxPool: (c) => {
    const f = maxPoolForward(need(c, 0), poolAttrs(c.step));
    return [f.y, { data: Float64Array.from(f.indices), shape: [...f.y.shape] }];
  },
  AveragePool: (c) => [avgPoolForward(need(c, 0), poolAttrs(c.step))],
  ReduceMean: (c) => {
    const x = need(c, 0);
    const p = reduceMeanPlan(x.shape, ints(c.step, 'axes'));
    const y = new Float64Array(p.outSize);
    for (let i = 0; i < x.data.length; i++) y[p.map[i]] += x.data[i] / p.count;
    return [{ data: y, shape: c.outShapes[0] }];
  },
  Flatten: (c) => [reshaped(need(c, 0), c.outShapes[0])],
  Reshape: (c) => [reshaped(need(c, 0), c.outShapes[0])],
  Squeeze: (c) => [reshaped(need(c, 0), c.outShapes[0])],
  Unsqueeze: (c) => [reshaped(need(c, 0), c.outShapes[0])],
  Transpose: (c) => {
    const x = need(c, 0);
    return [transposeRef(x.data, [...x.shape], ints(c.step, 'perm'))];
  },
  Concat: (c) => [
    concatForward(
      c.ins.map((_, i) => need(c, i)),
      num(c.step, 'axis', 0),
    ),
  ],
  Slice: (c) => [sliceForward(need(c, 0), sliceParams(c.step))],
  Split: (c) => splitForward(need(c, 0), num(c.step, 'axis', 0), ints(c.step, 'split'), c.outShapes.length),
  Softmax: (c) => [softmaxForward(need(c, 0), num(c.step, 'axis', -1))],
  Dropout: (c) => {
    const training = c.step.attrs.training === true;
    const f = dropoutForward(need(c, 0), num(c.step, 'ratio', 0.5), training, c.seed);
    return [f.y, { data: Float64Array.from(f.mask), shape: [...f.y.shape] }];
  },
};

/** Upstream gradient of output k (the inputs after the op's saved operands). */
function dys(c: OpCall, saved: number): (Tensor64 | null)[] {
  return c.ins.slice(saved);
}

function inShape(c: OpCall, i: number): number[] {
  return inputShape(c.step, i);
}

function dyOnly(c: OpCall, saved: number): Tensor64 {
  const d = dys(c, saved)[0];
  if (!d) throw new Error(`${c.step.op} '${c.step.node}': missing upstream gradient`);
  return d;
}

function actGrad(c: OpCall): (Tensor64 | null)[] {
  return [activationBackward(activation(c.step), need(c, 0), dyOnly(c, 1))];
}

function addSubGrad(sign: number): OpImpl {
  return (c) => {
    const dy = dyOnly(c, 0);
    const what = c.step.op;
    const da = { data: reduceToShape(what, dy.data, dy.shape, inShape(c, 0)), shape: inShape(c, 0) };
    const db = reduceToShape(what, dy.data, dy.shape, inShape(c, 1));
    if (sign < 0) for (let i = 0; i < db.length; i++) db[i] = -db[i];
    return [da, { data: db, shape: inShape(c, 1) }];
  };
}

const BACKWARD: Record<string, OpImpl> = {
  ConvGrad: (c) => {
    const hasBias = (c.step.attrs.inputShapes as number[][]).length > 2;
    const g = conv2dBackward(need(c, 0), need(c, 1), dyOnly(c, 2), hasBias, convAttrs(c.step));
    return [g.dx, g.dw, g.db];
  },
  GemmGrad: (c) => {
    const g = gemmBackward(need(c, 0), need(c, 1), c.ins[2] ?? null, dyOnly(c, 3), gemmAttrs(c.step));
    return [g.da, g.db, g.dc];
  },
  MatMulGrad: (c) => {
    const [a, b, dy] = [need(c, 0), need(c, 1), dyOnly(c, 2)];
    if (a.shape.length !== 2 || b.shape.length !== 2)
      throw new Error(
        `MatMulGrad '${c.step.node}': only 2-D MatMul trains, got A [${a.shape}] B [${b.shape}]`,
      );
    return [
      matmulRef(dy.data, [...dy.shape], b.data, [...b.shape], { transB: true }),
      matmulRef(a.data, [...a.shape], dy.data, [...dy.shape], { transA: true }),
    ];
  },
  BatchNormalizationGrad: (c) => {
    const saved = need(c, 5);
    const C = saved.shape[1];
    const g = batchNormBackward(
      need(c, 0),
      { scale: need(c, 1), bias: need(c, 2), runningMean: need(c, 3), runningVar: need(c, 4) },
      dyOnly(c, 6),
      { mean: saved.data.slice(0, C), invStd: saved.data.slice(C) },
      c.step.attrs.mode as BatchNormMode,
    );
    return [g.dx, g.dScale, g.dBias];
  },
  ReluGrad: actGrad,
  ClipGrad: actGrad,
  HardSigmoidGrad: actGrad,
  HardSwishGrad: actGrad,
  SigmoidGrad: actGrad,
  AddGrad: addSubGrad(1),
  SubGrad: addSubGrad(-1),
  MulGrad: (c) => {
    const g = binaryBackward('Mul', need(c, 0), need(c, 1), dyOnly(c, 2));
    return [g.da, g.db];
  },
  DivGrad: (c) => {
    const g = binaryBackward('Div', need(c, 0), need(c, 1), dyOnly(c, 2));
    return [g.da, g.db];
  },
  GlobalAveragePoolGrad: (c) => [globalAvgPoolBackward(inShape(c, 0), dyOnly(c, 0))],
  MaxPoolGrad: (c) => [maxPoolBackward(inShape(c, 0), Int32Array.from(need(c, 0).data), dyOnly(c, 1))],
  AveragePoolGrad: (c) => [avgPoolBackward(inShape(c, 0), dyOnly(c, 0), poolAttrs(c.step))],
  ReduceMeanGrad: (c) => {
    const dy = dyOnly(c, 0);
    const p = reduceMeanPlan(inShape(c, 0), ints(c.step, 'axes'));
    const dx = new Float64Array(p.map.length);
    for (let i = 0; i < dx.length; i++) dx[i] = dy.data[p.map[i]] / p.count;
    return [{ data: dx, shape: inShape(c, 0) }];
  },
  FlattenGrad: (c) => [reshaped(dyOnly(c, 0), inShape(c, 0))],
  ReshapeGrad: (c) => [reshaped(dyOnly(c, 0), inShape(c, 0))],
  SqueezeGrad: (c) => [reshaped(dyOnly(c, 0), inShape(c, 0))],
  UnsqueezeGrad: (c) => [reshaped(dyOnly(c, 0), inShape(c, 0))],
  TransposeGrad: (c) => {
    const dy = dyOnly(c, 0);
    const rank = dy.shape.length;
    const perm = ints(c.step, 'perm') ?? dy.shape.map((_, i) => rank - 1 - i);
    const inv = new Array<number>(rank);
    perm.forEach((p, i) => {
      inv[p] = i;
    });
    return [transposeRef(dy.data, [...dy.shape], inv)];
  },
  ConcatGrad: (c) =>
    concatBackward(c.step.attrs.inputShapes as number[][], dyOnly(c, 0), num(c.step, 'axis', 0)),
  SliceGrad: (c) => [sliceBackward(inShape(c, 0), dyOnly(c, 0), sliceParams(c.step))],
  SplitGrad: (c) => {
    const outs = dys(c, 0);
    return [splitBackward(inShape(c, 0), outs, num(c.step, 'axis', 0), ints(c.step, 'split'), outs.length)];
  },
  SoftmaxGrad: (c) => [softmaxBackward(need(c, 0), dyOnly(c, 1), num(c.step, 'axis', -1))],
  DropoutGrad: (c) => {
    const training = c.step.attrs.training === true;
    const dy = dyOnly(c, 1);
    const mask = c.ins[0] ? Uint8Array.from(c.ins[0].data) : new Uint8Array(dy.data.length).fill(1);
    return [dropoutBackward(dy, mask, num(c.step, 'ratio', 0.5), training)];
  },
  GradSum: (c) => {
    const first = need(c, 0);
    const sum = Float64Array.from(first.data);
    for (let i = 1; i < c.ins.length; i++) {
      const t = need(c, i);
      for (let j = 0; j < sum.length; j++) sum[j] += t.data[j];
    }
    return [{ data: sum, shape: [...first.shape] }];
  },
};

/** Runs one forward or backward step; throws naming the op and node when the op has no CPU implementation. */
export function runCpuOp(c: OpCall): (Tensor64 | null)[] {
  const impl = FORWARD[c.step.op] ?? BACKWARD[c.step.op];
  if (!impl) throw new Error(`cpu executor: no implementation of op ${c.step.op} (node '${c.step.node}')`);
  return impl(c);
}
