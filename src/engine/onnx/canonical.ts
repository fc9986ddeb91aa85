// One ONNX node → one canonical IR node: opset differences resolved, shape-like operands (Reshape shape,
// Slice starts, Clip bounds, axes, split sizes) moved from constant inputs into attributes.
import { formatShape } from '../nn/graph/dims.ts';
import type { AttrValue, Dim, IrOp } from '../nn/graph/ir.ts';
import { type ConstVal, concreteInts } from './fold.ts';
import type { RawNode } from './raw.ts';

export interface CanonContext {
  /** Default-domain opset of the model. */
  opset: number;
  constOf(name: string): ConstVal | undefined;
  shapeOf(name: string): Dim[] | undefined;
  /** An error naming the op, node and opset. */
  fail(why: string): Error;
}

export interface CanonNode {
  op: IrOp;
  /** Tensor operands (activations, params, or folded constants the caller turns into constant params). */
  inputs: string[];
  attrs: Record<string, AttrValue>;
}

const UNARY = new Set(['Relu', 'Sigmoid', 'HardSwish', 'GlobalAveragePool']);
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'MatMul']);

function intsOr(node: RawNode, key: string, fallback?: number[]): number[] | undefined {
  const v = node.attrs.get(key);
  return Array.isArray(v) ? (v as number[]) : fallback;
}

function numOr(node: RawNode, key: string, fallback: number): number {
  const v = node.attrs.get(key);
  return typeof v === 'number' ? v : fallback;
}

export function canonicalize(node: RawNode, ctx: CanonContext): CanonNode {
  const op = node.opType;
  const x = node.inputs[0];
  /** A constant input's integers, or undefined when the optional input is omitted. */
  const constInts = (i: number, what: string): number[] | undefined => {
    const name = node.inputs[i];
    if (!name) return undefined;
    const c = ctx.constOf(name);
    if (!c) throw ctx.fail(`${what} (input '${name}') must be constant`);
    return concreteInts(c, `${what} '${name}'`);
  };
  const onlyFirstOutput = () => {
    if (node.outputs.slice(1).some((o) => o)) throw ctx.fail('only the first output is supported');
  };
  const xShape = () => {
    const s = ctx.shapeOf(x);
    if (!s) throw ctx.fail(`shape of input '${x}' is unknown`);
    return s;
  };

  if (UNARY.has(op)) return { op: op as IrOp, inputs: [x], attrs: {} };
  if (BINARY.has(op)) return { op: op as IrOp, inputs: node.inputs.slice(0, 2), attrs: {} };

  switch (op) {
    case 'Conv': {
      const w = ctx.shapeOf(node.inputs[1]);
      if (!w) throw ctx.fail(`weight '${node.inputs[1]}' has no known shape`);
      const spatial = w.length - 2;
      const kernel = intsOr(node, 'kernel_shape', w.slice(2) as number[])!;
      const strides = intsOr(node, 'strides', Array(spatial).fill(1))!;
      const dilations = intsOr(node, 'dilations', Array(spatial).fill(1))!;
      const pads = resolvePads(node, xShape(), kernel, strides, dilations, ctx);
      const attrs = { kernelShape: kernel, strides, pads, dilations, group: numOr(node, 'group', 1) };
      return { op: 'Conv', inputs: node.inputs.slice(0, 3).filter(Boolean), attrs };
    }
    case 'MaxPool':
    case 'AveragePool': {
      onlyFirstOutput();
      const kernel = intsOr(node, 'kernel_shape');
      if (!kernel) throw ctx.fail('missing kernel_shape');
      if (numOr(node, 'storage_order', 0) !== 0) throw ctx.fail('storage_order=1');
      const strides = intsOr(node, 'strides', Array(kernel.length).fill(1))!;
      const dilations = intsOr(node, 'dilations', Array(kernel.length).fill(1))!;
      const pads = resolvePads(node, xShape(), kernel, strides, dilations, ctx);
      const attrs: Record<string, AttrValue> = {
        kernelShape: kernel,
        strides,
        pads,
        ceilMode: numOr(node, 'ceil_mode', 0),
      };
      if (op === 'MaxPool') attrs.dilations = dilations;
      else attrs.countIncludePad = numOr(node, 'count_include_pad', 0);
      return { op, inputs: [x], attrs };
    }
    case 'Gemm':
      return {
        op: 'Gemm',
        inputs: node.inputs.slice(0, 3).filter(Boolean),
        attrs: {
          alpha: numOr(node, 'alpha', 1),
          beta: numOr(node, 'beta', 1),
          transA: numOr(node, 'transA', 0),
          transB: numOr(node, 'transB', 0),
        },
      };
    case 'BatchNormalization':
      onlyFirstOutput();
      if (numOr(node, 'training_mode', 0) !== 0) throw ctx.fail('training_mode=1');
      return {
        op: 'BatchNormalization',
        inputs: node.inputs.slice(0, 5),
        attrs: { epsilon: numOr(node, 'epsilon', 1e-5), momentum: numOr(node, 'momentum', 0.9) },
      };
    case 'Clip': {
      const bound = (key: string, i: number, dflt: number): number => {
        const a = node.attrs.get(key);
        if (typeof a === 'number') return a;
        const name = node.inputs[i];
        if (!name) return dflt;
        const c = ctx.constOf(name);
        if (c?.data.length !== 1 || typeof c.data[0] !== 'number') {
          throw ctx.fail(`Clip ${key} (input '${name}') must be a constant scalar`);
        }
        return c.data[0];
      };
      return {
        op: 'Clip',
        inputs: [x],
        attrs: {
          min: bound('min', 1, Number.NEGATIVE_INFINITY),
          max: bound('max', 2, Number.POSITIVE_INFINITY),
        },
      };
    }
    case 'HardSigmoid':
      return { op, inputs: [x], attrs: { alpha: numOr(node, 'alpha', 0.2), beta: numOr(node, 'beta', 0.5) } };
    case 'Softmax': {
      const rank = xShape().length;
      const axis = numOr(node, 'axis', ctx.opset < 13 ? 1 : -1);
      const a = axis < 0 ? axis + rank : axis;
      // Before opset 13 Softmax flattened [axis..] into one dim; that equals the modern op only on the last axis.
      if (ctx.opset < 13 && a !== rank - 1)
        throw ctx.fail(`opset <13 Softmax over axis ${axis} of a rank-${rank} input`);
      return { op, inputs: [x], attrs: { axis: a } };
    }
    case 'Flatten':
      return { op, inputs: [x], attrs: { axis: numOr(node, 'axis', 1) } };
    case 'Transpose': {
      const perm = intsOr(node, 'perm');
      return { op, inputs: [x], attrs: perm ? { perm } : {} };
    }
    case 'Concat':
      return { op, inputs: node.inputs.filter(Boolean), attrs: { axis: numOr(node, 'axis', 0) } };
    case 'Reshape': {
      const shape = intsOr(node, 'shape') ?? reshapeTarget(node, xShape(), ctx);
      if (numOr(node, 'allowzero', 0) !== 0 && shape.includes(0))
        throw ctx.fail('allowzero=1 with a 0 in the shape');
      return { op, inputs: [x], attrs: { shape } };
    }
    case 'Squeeze':
    case 'Unsqueeze': {
      const axes = intsOr(node, 'axes') ?? constInts(1, 'axes');
      if (op === 'Unsqueeze' && !axes) throw ctx.fail('missing axes');
      return { op, inputs: [x], attrs: axes ? { axes } : {} };
    }
    case 'Slice': {
      const starts = intsOr(node, 'starts') ?? constInts(1, 'starts');
      const ends = intsOr(node, 'ends') ?? constInts(2, 'ends');
      if (!starts || !ends) throw ctx.fail('missing starts/ends');
      const attrs: Record<string, AttrValue> = { starts, ends };
      const axes = intsOr(node, 'axes') ?? constInts(3, 'axes');
      const steps = constInts(4, 'steps');
      if (axes) attrs.axes = axes;
      if (steps) attrs.steps = steps;
      return { op, inputs: [x], attrs };
    }
    case 'Split': {
      const split = intsOr(node, 'split') ?? constInts(1, 'split');
      const attrs: Record<string, AttrValue> = { axis: numOr(node, 'axis', 0) };
      if (split) attrs.split = split;
      return { op, inputs: [x], attrs };
    }
    case 'ReduceMean': {
      const axes = intsOr(node, 'axes') ?? constInts(1, 'axes');
      const keepdims = numOr(node, 'keepdims', 1);
      if (!axes?.length && numOr(node, 'noop_with_empty_axes', 0) === 1)
        throw ctx.fail('noop_with_empty_axes=1');
      return { op, inputs: [x], attrs: axes?.length ? { axes, keepdims } : { keepdims } };
    }
    case 'Dropout': {
      onlyFirstOutput();
      const r = node.attrs.get('ratio');
      const ratio = typeof r === 'number' ? r : node.inputs[1] ? constFloat(node.inputs[1], ctx) : 0.5;
      return { op, inputs: [x], attrs: { ratio } };
    }
  }
  throw ctx.fail('');
}

function constFloat(name: string, ctx: CanonContext): number {
  const c = ctx.constOf(name);
  if (!c || typeof c.data[0] !== 'number') throw ctx.fail(`input '${name}' must be a constant`);
  return c.data[0];
}

/** Explicit [begins…, ends…] pads, resolving auto_pad (SAME_* needs the static spatial size). */
function resolvePads(
  node: RawNode,
  x: Dim[],
  kernel: number[],
  strides: number[],
  dilations: number[],
  ctx: CanonContext,
): number[] {
  const autoPad = (node.attrs.get('auto_pad') as string | undefined) ?? 'NOTSET';
  const n = kernel.length;
  if (autoPad === 'NOTSET') return intsOr(node, 'pads', Array(2 * n).fill(0))!;
  if (autoPad === 'VALID') return Array(2 * n).fill(0);
  if (autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER') throw ctx.fail(`auto_pad '${autoPad}'`);
  const pads = Array(2 * n).fill(0);
  for (let i = 0; i < n; i++) {
    const size = x[2 + i];
    if (typeof size !== 'number')
      throw ctx.fail(`auto_pad ${autoPad} needs a static spatial size, input is ${formatShape(x)}`);
    const out = Math.ceil(size / strides[i]);
    const total = Math.max(0, (out - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1 - size);
    const small = Math.floor(total / 2);
    pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
    pads[n + i] = total - pads[i];
  }
  return pads;
}

/**
 * A folded Reshape target may hold the symbolic batch (e.g. [batch, 2, 24, 28, 28] from Shape→Gather→Concat).
 * A symbol equal to the input's dim at the same index becomes 0 (copy); one remaining symbol becomes -1.
 * The result is a batch-independent shape that ONNX Reshape and the engine both read.
 */
function reshapeTarget(node: RawNode, x: Dim[], ctx: CanonContext): number[] {
  const name = node.inputs[1];
  const c = name ? ctx.constOf(name) : undefined;
  if (!c) throw ctx.fail(`shape (input '${name}') must fold to a constant`);
  const out: number[] = [];
  const unresolved: number[] = [];
  c.data.forEach((d, i) => {
    if (typeof d === 'number') out.push(d);
    else if (x[i] === d) out.push(0);
    else {
      out.push(-1);
      unresolved.push(i);
    }
  });
  if (unresolved.length > 1 || (unresolved.length === 1 && c.data.includes(-1))) {
    throw ctx.fail(`shape [${c.data.join(',')}] has more than one dim that depends on the batch`);
  }
  return out;
}
