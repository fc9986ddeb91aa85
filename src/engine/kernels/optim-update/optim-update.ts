// In-place optimizer update launchers on GPU parameter/gradient/state buffers, mirroring nn/optim: SGD (momentum,
// Nesterov, coupled L2, lr multiplier), AdamW (decoupled decay, bias correction) and weight EMA. The caller passes
// the scheduled lr each step; it travels in the dispatch's uniform.
import type { GpuContext } from '../../gpu/context.ts';
import { requireDType } from '../../gpu/kernel-helpers.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { adamwWgsl, emaWgsl, sgdWgsl, WORKGROUP_SIZE } from './optim-update.wgsl.ts';

/** Checks that every named buffer is f32, distinct, and has the parameter's element count. */
function checkState(op: string, param: GpuTensor, others: [string, GpuTensor][]): void {
  requireDType(op, param, 'param');
  const seen = new Set([param.buffer]);
  for (const [name, t] of others) {
    requireDType(op, t, name);
    if (t.size !== param.size)
      throw new Error(`${op}: ${name} has ${t.size} values, param has ${param.size}`);
    if (seen.has(t.buffer)) throw new Error(`${op}: ${name} aliases another buffer of the update`);
    seen.add(t.buffer);
  }
}

function checkLr(op: string, lr: number, lrMult: number): number {
  const glr = lr * lrMult;
  if (!(glr >= 0) || !Number.isFinite(glr)) {
    throw new Error(`${op}: learning rate must be a finite number ≥ 0, got ${lr} × lrMult ${lrMult}`);
  }
  return glr;
}

/** A uniform of 8 words: u32 fields at `u`, f32 fields at `f` (by word index). */
function words(u: Record<number, number>, f: Record<number, number>): Uint32Array<ArrayBuffer> {
  const w = new Uint32Array(8);
  const fl = new Float32Array(w.buffer);
  for (const [i, v] of Object.entries(u)) w[Number(i)] = v;
  for (const [i, v] of Object.entries(f)) fl[Number(i)] = v;
  return w;
}

export interface SgdStep {
  /** Scheduled lr for this step. */
  lr: number;
  /** The parameter group's multiplier (PaddleClas lr_mult_list); default 1. */
  lrMult?: number;
  momentum?: number;
  nesterov?: boolean;
  /** Coupled L2 coefficient (g += wd·p). */
  weightDecay?: number;
}

/** One SGD step in place on `param` (and `momentumBuffer` when momentum > 0). */
export function sgdUpdate(
  ctx: GpuContext,
  param: GpuTensor,
  grad: GpuTensor,
  momentumBuffer: GpuTensor | undefined,
  s: SgdStep,
): void {
  const op = 'SGD';
  const mu = s.momentum ?? 0;
  const nesterov = s.nesterov ?? false;
  const wd = s.weightDecay ?? 0;
  if (!(mu >= 0 && mu < 1)) throw new Error(`${op}: momentum must be in [0, 1), got ${mu}`);
  if (nesterov && mu === 0) throw new Error(`${op}: Nesterov momentum requires momentum > 0`);
  if (!(wd >= 0)) throw new Error(`${op}: weight decay must be ≥ 0, got ${wd}`);
  const glr = checkLr(op, s.lr, s.lrMult ?? 1);
  if (mu > 0 && !momentumBuffer) throw new Error(`${op}: momentum ${mu} needs a momentum buffer`);
  const state: [string, GpuTensor][] = [['grad', grad]];
  if (mu > 0) state.push(['momentum buffer', momentumBuffer!]);
  checkState(op, param, state);
  const uniform = words({ 0: param.size, 1: nesterov ? 1 : 0 }, { 2: glr, 3: wd, 4: mu });
  const withMomentum = mu > 0;
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({
      key: `optim-update/sgd/${withMomentum ? 'momentum' : 'plain'}`,
      code: () => sgdWgsl(withMomentum),
    }),
    bindings: withMomentum ? [{ uniform }, grad, param, momentumBuffer!] : [{ uniform }, grad, param],
    workgroups: Math.ceil(param.size / WORKGROUP_SIZE),
    label: op,
  });
}

export interface AdamWStep {
  lr: number;
  lrMult?: number;
  /** 1-based count of this update (the reference's t after increment), for bias correction. */
  step: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled decay (default 0.01, as the reference). */
  weightDecay?: number;
}

/** One AdamW step in place on `param`, `m` and `v`. */
export function adamwUpdate(
  ctx: GpuContext,
  param: GpuTensor,
  grad: GpuTensor,
  m: GpuTensor,
  v: GpuTensor,
  s: AdamWStep,
): void {
  const op = 'AdamW';
  const b1 = s.beta1 ?? 0.9;
  const b2 = s.beta2 ?? 0.999;
  const eps = s.epsilon ?? 1e-8;
  for (const [name, b] of [
    ['beta1', b1],
    ['beta2', b2],
  ] as const) {
    if (!(b >= 0 && b < 1)) throw new Error(`${op}: ${name} must be in [0, 1), got ${b}`);
  }
  if (!(eps > 0)) throw new Error(`${op}: epsilon must be > 0, got ${eps}`);
  if (!Number.isInteger(s.step) || s.step < 1)
    throw new Error(`${op}: step must be an integer ≥ 1, got ${s.step}`);
  const glr = checkLr(op, s.lr, s.lrMult ?? 1);
  checkState(op, param, [
    ['grad', grad],
    ['first moments', m],
    ['second moments', v],
  ]);
  // Bias corrections in float64 on the host: 1 − β^t loses precision if formed in f32 for small t.
  const uniform = words(
    { 0: param.size },
    { 1: glr, 2: s.weightDecay ?? 0.01, 3: b1, 4: b2, 5: eps, 6: 1 - b1 ** s.step, 7: 1 - b2 ** s.step },
  );
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'optim-update/adamw', code: adamwWgsl }),
    bindings: [{ uniform }, grad, param, m, v],
    workgroups: Math.ceil(param.size / WORKGROUP_SIZE),
    label: op,
  });
}

/** The decay of the EMA update after `updates` earlier ones (nn/optim/ema.ts: TF-style warm-up optional). */
export function emaDecay(decay: number, warmup: boolean, updates: number): number {
  return warmup ? Math.min(decay, (1 + updates) / (10 + updates)) : decay;
}

/** shadow ← d·shadow + (1 − d)·param, in place. */
export function emaUpdate(ctx: GpuContext, shadow: GpuTensor, param: GpuTensor, decay: number): void {
  const op = 'EMA';
  if (!(decay >= 0 && decay <= 1)) throw new Error(`${op}: decay must be in [0, 1], got ${decay}`);
  checkState(op, param, [['shadow', shadow]]);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'optim-update/ema', code: emaWgsl }),
    bindings: [{ uniform: words({ 0: param.size }, { 1: decay }) }, param, shadow],
    workgroups: Math.ceil(param.size / WORKGROUP_SIZE),
    label: op,
  });
}
