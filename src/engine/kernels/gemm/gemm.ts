// Gemm launchers (ONNX: Y = α·A'·B' + β·C, A' = A or Aᵀ, B' = B or Bᵀ, C broadcast to [M,N]) on the tiled matmul:
// transposes go through its stride flags, α and β·C through one in-place epilogue; backward is two matmuls.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { broadcastShapes, formatShape, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import { matmul } from '../matmul/matmul.ts';
import type { GemmAttrs } from './gemm.ref.ts';
import { GEMM_WG, gemmBiasGradWgsl, gemmEpilogueWgsl } from './gemm.wgsl.ts';

interface GemmDims {
  m: number;
  k: number;
  n: number;
  /** C as [rows, cols] (each 1 or the full M / N); [1, 1] without C. */
  c: [number, number];
}

function gemmDims(
  op: string,
  a: GpuTensor,
  b: GpuTensor,
  cShape: readonly number[] | undefined,
  attrs: GemmAttrs,
): GemmDims {
  requireDType(op, a, 'input A');
  requireDType(op, b, 'input B');
  for (const [t, name] of [
    [a, 'A'],
    [b, 'B'],
  ] as const) {
    if (t.shape.length !== 2)
      throw new Error(`${op}: input ${name} must be 2-D, got shape ${formatShape(t.shape)}`);
  }
  const [m, k] = attrs.transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = attrs.transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== kb) {
    throw new Error(
      `${op}: inner dimensions differ: A${attrs.transA ? 'ᵀ' : ''} is ${m}×${k}, B${attrs.transB ? 'ᵀ' : ''} is ${kb}×${n}`,
    );
  }
  let c: [number, number] = [1, 1];
  if (cShape) {
    if (cShape.length > 2) throw new Error(`${op}: C must have rank ≤ 2, got ${formatShape(cShape)}`);
    const out = broadcastShapes(op, [m, n], cShape);
    if (out[0] !== m || out[1] !== n) {
      throw new Error(`${op}: C shape ${formatShape(cShape)} does not broadcast to [${m},${n}]`);
    }
    const padded = [1, 1, ...cShape].slice(-2);
    c = [padded[0], padded[1]];
  }
  return { m, k, n, c };
}

function gemmParams(d: GemmDims, alpha: number, beta: number): Uint32Array<ArrayBuffer> {
  const words = packU32([d.m, d.n, d.c[0], d.c[1], 0, 0]);
  const floats = new Float32Array(words.buffer);
  floats[4] = alpha;
  floats[5] = beta;
  return words;
}

/** Y = α·Y (+ β·C) in place; skipped when it would change nothing. */
function epilogue(
  ctx: GpuContext,
  y: GpuTensor,
  d: GemmDims,
  alpha: number,
  beta: number,
  c?: GpuTensor,
): void {
  if (alpha === 1 && !c) return;
  const total = d.m * d.n;
  const uniform = { uniform: gemmParams(d, alpha, beta) };
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({
      key: `gemm/epilogue/${c ? 'c' : 'scale'}`,
      code: () => gemmEpilogueWgsl(!!c),
    }),
    bindings: c ? [y, uniform, c] : [y, uniform],
    workgroups: Math.ceil(total / GEMM_WG),
    label: 'Gemm epilogue',
  });
}

export function gemmForward(
  ctx: GpuContext,
  a: GpuTensor,
  b: GpuTensor,
  c: GpuTensor | undefined,
  attrs: GemmAttrs = {},
  out?: GpuTensor,
): GpuTensor {
  if (c) requireDType('Gemm', c, 'input C');
  const d = gemmDims('Gemm', a, b, c?.shape, attrs);
  const y = prepareOut(ctx, 'Gemm', [d.m, d.n], out, c ? [a, b, c] : [a, b]);
  matmul(ctx, a, b, y, { transA: attrs.transA, transB: attrs.transB });
  const beta = attrs.beta ?? 1;
  // β = 0 drops C entirely (ONNX: C is then not even read).
  epilogue(ctx, y, d, attrs.alpha ?? 1, beta, beta === 0 ? undefined : c);
  return y;
}

/** Where each gradient goes: a tensor to write, true to allocate one, false to skip it. */
export interface GemmGradOutputs {
  /** Default true. */
  da?: GpuTensor | boolean;
  /** Default true (false for a frozen weight). */
  db?: GpuTensor | boolean;
  /** Default true when the forward had C. */
  dc?: GpuTensor | boolean;
}

export interface GemmGradTensors {
  da?: GpuTensor;
  db?: GpuTensor;
  dc?: GpuTensor;
}

function gradOut(
  ctx: GpuContext,
  what: string,
  want: GpuTensor | boolean | undefined,
  dflt: boolean,
  shape: number[],
  inputs: GpuTensor[],
): GpuTensor | undefined {
  const w = want ?? dflt;
  if (w === false) return undefined;
  return prepareOut(ctx, `Gemm backward ${what}`, shape, w === true ? undefined : w, inputs);
}

/** dA, dB (in their stored layouts) and dC (reduced to C's shape) of gemmForward for upstream gradient dY. */
export function gemmBackward(
  ctx: GpuContext,
  a: GpuTensor,
  b: GpuTensor,
  cShape: readonly number[] | undefined,
  dy: GpuTensor,
  attrs: GemmAttrs = {},
  outs: GemmGradOutputs = {},
): GemmGradTensors {
  const op = 'Gemm backward';
  const d = gemmDims(op, a, b, cShape, attrs);
  requireDType(op, dy, 'dY');
  if (!sameShape(dy.shape, [d.m, d.n])) {
    throw new Error(`${op}: dY shape ${formatShape(dy.shape)} ≠ output shape [${d.m},${d.n}]`);
  }
  if (outs.dc && !cShape) throw new Error(`${op}: dC requested but the Gemm has no C`);
  const inputs = [a, b, dy];
  const da = gradOut(ctx, 'dA', outs.da, true, [...a.shape], inputs);
  const db = gradOut(ctx, 'dB', outs.db, true, [...b.shape], inputs);
  const dc = cShape ? gradOut(ctx, 'dC', outs.dc, true, [...cShape], inputs) : undefined;
  const alpha = attrs.alpha ?? 1;
  const tA = attrs.transA ?? false;
  const tB = attrs.transB ?? false;
  if (da) {
    // dA' = α·dY·B'ᵀ, stored as A is: transposed A gets (dA')ᵀ = α·B'·dYᵀ.
    if (tA) matmul(ctx, b, dy, da, { transA: tB, transB: true });
    else matmul(ctx, dy, b, da, { transB: !tB });
    epilogue(ctx, da, { ...d, m: a.shape[0], n: a.shape[1] }, alpha, 0);
  }
  if (db) {
    // dB' = α·A'ᵀ·dY, stored as B is: transposed B gets (dB')ᵀ = α·dYᵀ·A'.
    if (tB) matmul(ctx, dy, a, db, { transA: true, transB: tA });
    else matmul(ctx, a, dy, db, { transA: !tA });
    epilogue(ctx, db, { ...d, m: b.shape[0], n: b.shape[1] }, alpha, 0);
  }
  if (dc) {
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'gemm/bias-grad', code: gemmBiasGradWgsl }),
      bindings: [dy, dc, { uniform: gemmParams(d, 1, attrs.beta ?? 1) }],
      workgroups: Math.ceil(dc.size / GEMM_WG),
      label: 'Gemm backward dC',
    });
  }
  return { da, db, dc };
}
