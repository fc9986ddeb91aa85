// Conv2d launchers (forward and backward) on NCHW f32 tensors: validate with ORT-style messages, then route to
// the 1×1 matmul path, the depthwise kernels or the implicit-GEMM kernels. Records dispatches; reads nothing back.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import { matmul } from '../matmul/matmul.ts';
import { type Conv2dAttrs, type Conv2dGeometry, conv2dGeometry } from './conv2d.ref.ts';
import {
  convBackwardDataWgsl,
  convBackwardFilterWgsl,
  convBiasAddWgsl,
  convBiasGradWgsl,
  convForwardWgsl,
  convSplitSumWgsl,
  LINEAR_WG,
  ROW_REDUCE_WG,
} from './conv2d.wgsl.ts';
import { chooseReduceSplits, chooseSplitK, conv2dPath } from './conv2d-plan.ts';
import {
  DEPTHWISE_ROW_SPAN,
  depthwiseBackwardDataWgsl,
  depthwiseBackwardFilterWgsl,
  depthwiseForwardWgsl,
} from './depthwise.wgsl.ts';
import { gemmWorkgroups } from './implicit-gemm.wgsl.ts';

interface GemmSizes {
  /** GEMM M, N, K per group (or, for the linear kernels, an element count in gm). */
  gm: number;
  gn?: number;
  gk?: number;
  /** K splits per group and the K length of each (split-K dW); 1 and gk otherwise. */
  splits?: number;
  kc?: number;
}

/** Uniform block (Params in conv2d.wgsl.ts). */
function params(g: Conv2dGeometry, s: GemmSizes): Uint32Array<ArrayBuffer> {
  const gk = s.gk ?? 0;
  return packU32([
    g.n,
    g.c,
    g.h,
    g.w,
    g.m,
    g.oh,
    g.ow,
    g.c / g.group,
    g.m / g.group,
    g.kh,
    g.kw,
    g.sH,
    g.sW,
    g.dH,
    g.dW,
    g.pads[0],
    g.pads[1],
    s.gm,
    s.gn ?? 0,
    gk,
    s.splits ?? 1,
    s.kc ?? gk,
  ]);
}

/** The same buffer seen with another shape of equal size (for the matmul path's [N, C, H·W] views). */
function view(t: GpuTensor, shape: number[]): GpuTensor {
  return { ...t, shape };
}

/** The implicit-GEMM kernels take one linear range: every (group, split) slice's workgroups in turn. */
function gemmGrid(g: Conv2dGeometry, gm: number, gn: number, splits = 1): number {
  return gemmWorkgroups(gm, gn) * g.group * splits;
}

function geometry(op: string, x: GpuTensor, w: GpuTensor, attrs: Conv2dAttrs): Conv2dGeometry {
  requireDType(op, x, 'input X');
  requireDType(op, w, 'weight W');
  try {
    return conv2dGeometry(x.shape, w.shape, attrs);
  } catch (e) {
    // The geometry speaks as 'Conv'; backward errors should say which pass failed.
    if (op !== 'Conv' && e instanceof Error) throw new Error(e.message.replace(/^Conv:/, `${op}:`));
    throw e;
  }
}

/** Y = Conv(X, W, B) with ONNX semantics (strides, pads, dilations, group, auto_pad). */
export function conv2dForward(
  ctx: GpuContext,
  x: GpuTensor,
  w: GpuTensor,
  b: GpuTensor | undefined,
  attrs: Conv2dAttrs = {},
  out?: GpuTensor,
): GpuTensor {
  const g = geometry('Conv', x, w, attrs);
  if (b) {
    requireDType('Conv', b, 'bias B');
    if (b.shape.length !== 1 || b.shape[0] !== g.m) {
      throw new Error(`Conv: bias shape ${formatShape(b.shape)} ≠ [${g.m}] (output channels)`);
    }
  }
  const inputs = b ? [x, w, b] : [x, w];
  const y = prepareOut(ctx, 'Conv', [g.n, g.m, g.oh, g.ow], out, inputs);
  const path = conv2dPath(g);
  const hasBias = b ? 'bias' : 'no-bias';
  if (path === 'pointwise-matmul') {
    const hw = g.h * g.w;
    matmul(ctx, view(w, [g.m, g.c]), view(x, [g.n, g.c, hw]), view(y, [g.n, g.m, hw]));
    if (b) {
      const total = y.size;
      ctx.batcher.dispatch({
        pipeline: ctx.pipelines.ref({ key: 'conv2d/bias-add', code: convBiasAddWgsl }),
        bindings: [y, b, { uniform: params(g, { gm: total }) }],
        workgroups: Math.ceil(total / LINEAR_WG),
        label: 'Conv bias',
      });
    }
  } else if (path === 'depthwise') {
    // One invocation per DEPTHWISE_ROW_SPAN outputs of a row.
    const total = g.n * g.m * g.oh * Math.ceil(g.ow / DEPTHWISE_ROW_SPAN);
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({
        key: `conv2d/depthwise/forward/${hasBias}`,
        code: () => depthwiseForwardWgsl(b !== undefined),
      }),
      bindings: b
        ? [x, w, y, { uniform: params(g, { gm: total }) }, b]
        : [x, w, y, { uniform: params(g, { gm: total }) }],
      workgroups: Math.ceil(total / LINEAR_WG),
      label: 'Conv depthwise',
    });
  } else {
    // GEMM m = output channel (few), n = output pixel (many), so each k's X gathers are shared by 8 channels.
    const gm = g.m / g.group;
    const gn = g.n * g.oh * g.ow;
    const uniform = { uniform: params(g, { gm, gn, gk: (g.c / g.group) * g.kh * g.kw }) };
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({
        key: `conv2d/implicit-gemm/forward/${hasBias}`,
        code: () => convForwardWgsl(b !== undefined),
      }),
      bindings: b ? [x, w, y, uniform, b] : [x, w, y, uniform],
      workgroups: gemmGrid(g, gm, gn),
      label: 'Conv',
    });
  }
  return y;
}

/**
 * One-thread-per-output sum over the N·OH rows of OW (dB, depthwise dW) into `out`: straight into it when the
 * reduction is short, else row chunks into pooled scratch slabs that the split-sum pass adds up.
 */
function rowReduce(
  ctx: GpuContext,
  g: Conv2dGeometry,
  kernel: { key: string; code: () => string; label: string },
  inputs: GpuTensor[],
  out: GpuTensor,
): void {
  const { splits, rowsPerSplit } = chooseReduceSplits(out.size, g.n * g.oh, g.ow);
  // Released at once below: the pool keeps the scratch out of reuse until this batch is submitted.
  const target = splits > 1 ? ctx.empty([splits * out.size], 'f32', `${kernel.label} partials`) : out;
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: kernel.key, code: kernel.code }),
    bindings: [...inputs, target, { uniform: params(g, { gm: out.size, splits, kc: rowsPerSplit }) }],
    workgroups: Math.ceil((splits * out.size) / ROW_REDUCE_WG),
    label: kernel.label,
  });
  if (target !== out) {
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'conv2d/split-sum', code: convSplitSumWgsl }),
      bindings: [target, out, { uniform: params(g, { gm: out.size, splits }) }],
      workgroups: Math.ceil(out.size / LINEAR_WG),
      label: `${kernel.label} split sum`,
    });
    ctx.release(target);
  }
}

/** Where each gradient goes: a tensor to write, true to allocate one, false to skip it. */
export interface Conv2dGradOutputs {
  /** Default true; false for an input that needs no gradient (e.g. the image). */
  dx?: GpuTensor | boolean;
  /** Default true; false for frozen weights. */
  dw?: GpuTensor | boolean;
  /** Default false (no bias). */
  db?: GpuTensor | boolean;
}

export interface Conv2dGradTensors {
  dx?: GpuTensor;
  dw?: GpuTensor;
  db?: GpuTensor;
}

function gradOut(
  ctx: GpuContext,
  op: string,
  what: string,
  want: GpuTensor | boolean | undefined,
  dflt: boolean,
  shape: number[],
  inputs: GpuTensor[],
): GpuTensor | undefined {
  const w = want ?? dflt;
  if (w === false) return undefined;
  return prepareOut(ctx, `${op} ${what}`, shape, w === true ? undefined : w, inputs);
}

/** dX, dW and dB of conv2dForward for upstream gradient dY (the vector-Jacobian product). */
export function conv2dBackward(
  ctx: GpuContext,
  x: GpuTensor,
  w: GpuTensor,
  dy: GpuTensor,
  attrs: Conv2dAttrs = {},
  outs: Conv2dGradOutputs = {},
): Conv2dGradTensors {
  const op = 'Conv backward';
  const g = geometry(op, x, w, attrs);
  requireDType(op, dy, 'dY');
  const yShape = [g.n, g.m, g.oh, g.ow];
  if (!sameShape(dy.shape, yShape)) {
    throw new Error(`${op}: dY shape ${formatShape(dy.shape)} ≠ output shape ${formatShape(yShape)}`);
  }
  const inputs = [x, w, dy];
  const dx = gradOut(ctx, op, 'dX', outs.dx, true, [...x.shape], inputs);
  const dw = gradOut(ctx, op, 'dW', outs.dw, true, [...w.shape], inputs);
  const db = gradOut(ctx, op, 'dB', outs.db, false, [g.m], inputs);
  for (const [name, t] of [
    ['dX', dx],
    ['dW', dw],
    ['dB', db],
  ] as const) {
    if (t && [dx, dw, db].some((o) => o && o !== t && o.buffer === t.buffer)) {
      throw new Error(`${op}: ${name} shares its buffer with another gradient`);
    }
  }
  const path = conv2dPath(g);
  const cpg = g.c / g.group;
  const mpg = g.m / g.group;
  if (db) {
    rowReduce(
      ctx,
      g,
      { key: 'conv2d/bias-grad-rows', code: convBiasGradWgsl, label: 'Conv backward dB' },
      [dy],
      db,
    );
  }
  if (dx) {
    if (path === 'pointwise-matmul') {
      const hw = g.h * g.w;
      matmul(ctx, view(w, [g.m, g.c]), view(dy, [g.n, g.m, hw]), view(dx, [g.n, g.c, hw]), { transA: true });
    } else if (path === 'depthwise') {
      ctx.batcher.dispatch({
        pipeline: ctx.pipelines.ref({
          key: 'conv2d/depthwise/backward-data',
          code: depthwiseBackwardDataWgsl,
        }),
        bindings: [dy, w, dx, { uniform: params(g, { gm: dx.size }) }],
        workgroups: Math.ceil(dx.size / LINEAR_WG),
        label: 'Conv depthwise backward dX',
      });
    } else {
      const gn = g.n * g.h * g.w;
      ctx.batcher.dispatch({
        pipeline: ctx.pipelines.ref({
          key: 'conv2d/implicit-gemm/backward-data',
          code: convBackwardDataWgsl,
        }),
        bindings: [dy, w, dx, { uniform: params(g, { gm: cpg, gn, gk: mpg * g.kh * g.kw }) }],
        workgroups: gemmGrid(g, cpg, gn),
        label: 'Conv backward dX',
      });
    }
  }
  if (dw) {
    if (path === 'depthwise') {
      rowReduce(
        ctx,
        g,
        {
          key: 'conv2d/depthwise/backward-filter-rows',
          code: depthwiseBackwardFilterWgsl,
          label: 'Conv depthwise backward dW',
        },
        [dy, x],
        dw,
      );
    } else {
      const gn = cpg * g.kh * g.kw;
      const gk = g.n * g.oh * g.ow;
      const { splits, kc } = chooseSplitK(gemmWorkgroups(mpg, gn) * g.group, gk, g.group);
      // Split-K partials go to a pooled scratch slab per split, summed by a second pass; released at once (the
      // pool keeps it out of reuse until this batch is submitted).
      const target = splits > 1 ? ctx.empty([splits * dw.size], 'f32', 'Conv dW split-K partials') : dw;
      const uniform = { uniform: params(g, { gm: mpg, gn, gk, splits, kc }) };
      ctx.batcher.dispatch({
        pipeline: ctx.pipelines.ref({
          key: 'conv2d/implicit-gemm/backward-filter',
          code: convBackwardFilterWgsl,
        }),
        bindings: [dy, x, target, uniform],
        workgroups: gemmGrid(g, mpg, gn, splits),
        label: 'Conv backward dW',
      });
      if (target !== dw) {
        ctx.batcher.dispatch({
          pipeline: ctx.pipelines.ref({ key: 'conv2d/split-sum', code: convSplitSumWgsl }),
          bindings: [target, dw, { uniform: params(g, { gm: dw.size, splits }) }],
          workgroups: Math.ceil(dw.size / LINEAR_WG),
          label: 'Conv backward dW split-K sum',
        });
        ctx.release(target);
      }
    }
  }
  return { dx, dw, db };
}
