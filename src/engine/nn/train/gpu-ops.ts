// The GPU launcher each schedule op records (engine/kernels/<op>/<op>.ts), writing into the tensors the buffer
// plan assigned. Ops missing here fail at executor creation, naming the op and the node.
import type { GpuContext } from '../../gpu/context.ts';
import { type GpuTensor, shapeSize } from '../../gpu/tensor.ts';
import { activationBackward, activationForward } from '../../kernels/activation/activation.ts';
import { avgPoolBackward, avgPoolForward } from '../../kernels/avg-pool/avg-pool.ts';
import type { BatchNormMode } from '../../kernels/batchnorm/batchnorm.ref.ts';
import { batchNormBackward, batchNormForward } from '../../kernels/batchnorm/batchnorm.ts';
import { binaryBackward } from '../../kernels/broadcast-grad/broadcast-grad.ts';
import { concatBackward, concatForward } from '../../kernels/concat/concat.ts';
import { conv2dBackward, conv2dForward } from '../../kernels/conv2d/conv2d.ts';
import { dropoutBackward, dropoutForward } from '../../kernels/dropout/dropout.ts';
import { binary } from '../../kernels/elementwise/elementwise.ts';
import { gemmBackward, gemmForward } from '../../kernels/gemm/gemm.ts';
import {
  globalAvgPoolBackward,
  globalAvgPoolForward,
} from '../../kernels/global-avg-pool/global-avg-pool.ts';
import { matmul } from '../../kernels/matmul/matmul.ts';
import { maxPoolBackward, maxPoolForward } from '../../kernels/max-pool/max-pool.ts';
import { reduce } from '../../kernels/reduce/reduce.ts';
import { sliceBackward, sliceForward } from '../../kernels/slice/slice.ts';
import { softmaxBackward, softmaxForward } from '../../kernels/softmax/softmax.ts';
import { splitBackward, splitForward } from '../../kernels/split/split.ts';
import { transpose } from '../../kernels/transpose/transpose.ts';
import type { Step } from '../plan/schedule-types.ts';
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

/** What a launcher call gets: the step, its input tensors and the planned output tensors (undefined for ''). */
export interface GpuCall {
  ctx: GpuContext;
  step: Step;
  ins: (GpuTensor | undefined)[];
  outs: (GpuTensor | undefined)[];
  /** Per-node dropout seed for this training step. */
  seed: number;
  /** Tensors a launcher allocated for outputs nobody needs: released by the executor after the submit. */
  scratch: GpuTensor[];
}

type Launcher = (c: GpuCall) => void;

function need(c: GpuCall, i: number): GpuTensor {
  const t = c.ins[i];
  if (!t) throw new Error(`${c.step.op} '${c.step.node}': GPU input ${i} ('${c.step.inputs[i]}') is missing`);
  return t;
}

function out(c: GpuCall, i: number): GpuTensor {
  const t = c.outs[i];
  if (!t) throw new Error(`${c.step.op} '${c.step.node}': GPU output ${i} has no planned buffer`);
  return t;
}

/** A launcher result for an output the schedule does not use goes to scratch. */
function keep(c: GpuCall, t: GpuTensor | null | undefined, i: number): void {
  if (t && t !== c.outs[i]) c.scratch.push(t);
}

/** A tensor carrying only a shape, over a buffer already bound read-only (Add/Sub gradients read no operand). */
function shapeOnly(over: GpuTensor, shape: number[]): GpuTensor {
  return { buffer: over.buffer, shape, dtype: 'f32', size: shapeSize(shape) };
}

const act: Launcher = (c) => {
  activationForward(c.ctx, activation(c.step), need(c, 0), out(c, 0));
};
const actGrad: Launcher = (c) => {
  activationBackward(c.ctx, activation(c.step), need(c, 0), need(c, 1), out(c, 0));
};
const binaryFwd =
  (op: 'add' | 'sub' | 'mul' | 'div'): Launcher =>
  (c) => {
    binary(c.ctx, op, need(c, 0), need(c, 1), out(c, 0));
  };
const binaryGrad =
  (op: 'Add' | 'Sub' | 'Mul' | 'Div'): Launcher =>
  (c) => {
    const shapesOnly = op === 'Add' || op === 'Sub';
    const dy = need(c, shapesOnly ? 0 : 2);
    const a = shapesOnly ? shapeOnly(dy, inputShape(c.step, 0)) : need(c, 0);
    const b = shapesOnly ? shapeOnly(dy, inputShape(c.step, 1)) : need(c, 1);
    binaryBackward(
      c.ctx,
      op,
      a,
      b,
      dy,
      { da: c.outs[0], db: c.outs[1] },
      { da: !!c.outs[0], db: !!c.outs[1] },
    );
  };

/** The reduced axes of a ReduceMean as one contiguous run (e.g. [2, 3]), or an error naming the node. */
function contiguousAxes(s: Step, rank: number): [number, number] {
  const given = ints(s, 'axes');
  const axes = (given?.length ? given : Array.from({ length: rank }, (_, i) => i))
    .map((a) => (a < 0 ? a + rank : a))
    .sort((p, q) => p - q);
  if (axes.some((a, i) => a !== axes[0] + i))
    throw new Error(`ReduceMean '${s.node}': GPU path needs contiguous axes, got [${axes}]`);
  return [axes[0], axes[axes.length - 1]];
}

const view: Launcher = () => {};

export const GPU_LAUNCHERS: Record<string, Launcher> = {
  Conv: (c) => {
    conv2dForward(c.ctx, need(c, 0), need(c, 1), c.ins[2], convAttrs(c.step), out(c, 0));
  },
  Gemm: (c) => {
    gemmForward(c.ctx, need(c, 0), need(c, 1), c.ins[2], gemmAttrs(c.step), out(c, 0));
  },
  MatMul: (c) => {
    matmul(c.ctx, need(c, 0), need(c, 1), out(c, 0));
  },
  BatchNormalization: (c) => {
    const p = { scale: need(c, 1), bias: need(c, 2), runningMean: need(c, 3), runningVar: need(c, 4) };
    const attrs = { epsilon: num(c.step, 'epsilon', 1e-5), momentum: num(c.step, 'momentum', 0.9) };
    const r = batchNormForward(c.ctx, need(c, 0), p, c.step.attrs.mode as BatchNormMode, attrs, {
      y: out(c, 0),
      saved: c.outs[1],
    });
    keep(c, r.saved, 1);
  },
  Relu: act,
  Clip: act,
  HardSigmoid: act,
  HardSwish: act,
  Sigmoid: act,
  Add: binaryFwd('add'),
  Sub: binaryFwd('sub'),
  Mul: binaryFwd('mul'),
  Div: binaryFwd('div'),
  GlobalAveragePool: (c) => {
    globalAvgPoolForward(c.ctx, need(c, 0), out(c, 0));
  },
  MaxPool: (c) => {
    maxPoolForward(c.ctx, need(c, 0), poolAttrs(c.step), { y: out(c, 0), indices: c.outs[1] ?? false });
  },
  AveragePool: (c) => {
    avgPoolForward(c.ctx, need(c, 0), poolAttrs(c.step), out(c, 0));
  },
  ReduceMean: (c) => {
    const x = need(c, 0);
    const [first, last] = contiguousAxes(c.step, x.shape.length);
    const merged = [
      ...x.shape.slice(0, first),
      shapeSize(x.shape.slice(first, last + 1)),
      ...x.shape.slice(last + 1),
    ];
    const y = out(c, 0);
    const flatOut = { ...y, shape: merged.map((d, i) => (i === first ? 1 : d)) };
    reduce(c.ctx, 'mean', { ...x, shape: merged }, first, { keepdims: true, out: flatOut });
  },
  Flatten: view,
  Reshape: view,
  Squeeze: view,
  Unsqueeze: view,
  Transpose: (c) => {
    transpose(c.ctx, need(c, 0), ints(c.step, 'perm'), out(c, 0));
  },
  Concat: (c) => {
    concatForward(
      c.ctx,
      c.ins.map((_, i) => need(c, i)),
      num(c.step, 'axis', 0),
      out(c, 0),
    );
  },
  Slice: (c) => {
    sliceForward(c.ctx, need(c, 0), sliceParams(c.step), out(c, 0));
  },
  Split: (c) => {
    const r = splitForward(
      c.ctx,
      need(c, 0),
      { axis: num(c.step, 'axis', 0), split: ints(c.step, 'split'), numOutputs: c.outs.length },
      c.outs,
    );
    r.forEach((t, i) => {
      keep(c, t, i);
    });
  },
  Softmax: (c) => {
    softmaxForward(c.ctx, need(c, 0), num(c.step, 'axis', -1), out(c, 0));
  },
  Dropout: (c) => {
    const training = c.step.attrs.training === true;
    const r = dropoutForward(
      c.ctx,
      need(c, 0),
      { ratio: num(c.step, 'ratio', 0.5), training, seed: c.seed },
      { y: out(c, 0), mask: c.outs[1] },
    );
    keep(c, r.mask, 1);
  },

  ConvGrad: (c) => {
    const hasBias = (c.step.attrs.inputShapes as number[][]).length > 2;
    conv2dBackward(c.ctx, need(c, 0), need(c, 1), need(c, 2), convAttrs(c.step), {
      dx: c.outs[0] ?? false,
      dw: c.outs[1] ?? false,
      db: hasBias ? (c.outs[2] ?? false) : false,
    });
  },
  GemmGrad: (c) => {
    const cShape = c.step.inputs[2] ? inputShape(c.step, 2) : undefined;
    gemmBackward(c.ctx, need(c, 0), need(c, 1), cShape, need(c, 3), gemmAttrs(c.step), {
      da: c.outs[0] ?? false,
      db: c.outs[1] ?? false,
      dc: cShape ? (c.outs[2] ?? false) : false,
    });
  },
  MatMulGrad: (c) => {
    const [a, b, dy] = [need(c, 0), need(c, 1), need(c, 2)];
    if (c.outs[0]) matmul(c.ctx, dy, b, c.outs[0], { transB: true });
    if (c.outs[1]) matmul(c.ctx, a, dy, c.outs[1], { transA: true });
  },
  BatchNormalizationGrad: (c) => {
    const mode = c.step.attrs.mode as BatchNormMode;
    const r = batchNormBackward(c.ctx, need(c, 0), need(c, 1), need(c, 6), need(c, 5), mode, {
      dx: c.outs[0],
      dScale: c.outs[1],
      dBias: c.outs[2],
    });
    keep(c, r.dx, 0);
    keep(c, r.dScale, 1);
    keep(c, r.dBias, 2);
  },
  ReluGrad: actGrad,
  ClipGrad: actGrad,
  HardSigmoidGrad: actGrad,
  HardSwishGrad: actGrad,
  SigmoidGrad: actGrad,
  AddGrad: binaryGrad('Add'),
  SubGrad: binaryGrad('Sub'),
  MulGrad: binaryGrad('Mul'),
  DivGrad: binaryGrad('Div'),
  GlobalAveragePoolGrad: (c) => {
    globalAvgPoolBackward(c.ctx, inputShape(c.step, 0), need(c, 0), out(c, 0));
  },
  MaxPoolGrad: (c) => {
    maxPoolBackward(c.ctx, inputShape(c.step, 0), need(c, 0), need(c, 1), poolAttrs(c.step), out(c, 0));
  },
  AveragePoolGrad: (c) => {
    avgPoolBackward(c.ctx, inputShape(c.step, 0), need(c, 0), poolAttrs(c.step), out(c, 0));
  },
  ReduceMeanGrad: (c) => {
    // Only the pooling form (mean over every axis after N, C) has a launcher: GlobalAveragePool's backward.
    const xShape = inputShape(c.step, 0);
    const [first, last] = contiguousAxes(c.step, xShape.length);
    if (first !== 2 || last !== xShape.length - 1)
      throw new Error(
        `ReduceMeanGrad '${c.step.node}': no GPU launcher for axes other than [2..${xShape.length - 1}]`,
      );
    globalAvgPoolBackward(c.ctx, xShape, need(c, 0), out(c, 0));
  },
  FlattenGrad: view,
  ReshapeGrad: view,
  SqueezeGrad: view,
  UnsqueezeGrad: view,
  TransposeGrad: (c) => {
    const dy = need(c, 0);
    const rank = dy.shape.length;
    const perm = ints(c.step, 'perm') ?? dy.shape.map((_, i) => rank - 1 - i);
    const inv = new Array<number>(rank);
    perm.forEach((p, i) => {
      inv[p] = i;
    });
    transpose(c.ctx, dy, inv, out(c, 0));
  },
  ConcatGrad: (c) => {
    const r = concatBackward(
      c.ctx,
      c.step.attrs.inputShapes as number[][],
      need(c, 0),
      num(c.step, 'axis', 0),
      c.outs,
    );
    r.forEach((t, i) => {
      keep(c, t, i);
    });
  },
  SliceGrad: (c) => {
    sliceBackward(c.ctx, inputShape(c.step, 0), need(c, 0), sliceParams(c.step), out(c, 0));
  },
  SplitGrad: (c) => {
    const dys = c.ins.map((t) => t ?? null);
    const attrs = { axis: num(c.step, 'axis', 0), split: ints(c.step, 'split'), numOutputs: dys.length };
    splitBackward(c.ctx, inputShape(c.step, 0), dys, attrs, out(c, 0));
  },
  SoftmaxGrad: (c) => {
    softmaxBackward(c.ctx, need(c, 0), need(c, 1), num(c.step, 'axis', -1), out(c, 0));
  },
  DropoutGrad: (c) => {
    const training = c.step.attrs.training === true;
    dropoutBackward(c.ctx, need(c, 1), need(c, 0), { ratio: num(c.step, 'ratio', 0.5), training }, out(c, 0));
  },
  GradSum: (c) => {
    // Pairwise into the planned output; a third or later partial goes through a pooled temporary, since an
    // output may not alias an input within one dispatch.
    const dst = out(c, 0);
    let acc = binary(c.ctx, 'add', need(c, 0), need(c, 1), c.ins.length === 2 ? dst : undefined);
    for (let i = 2; i < c.ins.length; i++) {
      const last = i === c.ins.length - 1;
      const next = binary(c.ctx, 'add', acc, need(c, i), last ? dst : undefined);
      c.scratch.push(acc);
      acc = next;
    }
  },
};
