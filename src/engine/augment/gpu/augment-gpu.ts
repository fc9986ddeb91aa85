// GPU executor: records a compiled batch's passes on a GpuContext and returns the normalized NCHW batch and
// soft targets as GPU tensors: the training step binds them directly, nothing is read back.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32 } from '../../gpu/kernel-helpers.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { maxOf } from '../../numeric/min-max.ts';
import type { OpDraw } from '../config/execute.ts';
import type { AugmentPipeline } from '../config/types.ts';
import type { RgbImage } from '../core/image.ts';
import { autoContrastFixTable } from './ac-fix.ts';
import { f32Bits } from './affine-split.ts';
import { type BatchKey, type CompiledBatch, compileBatch } from './compile.ts';
import { MIX_WORKGROUP, mixWgsl, targetsWgsl } from './mix.wgsl.ts';
import { resizeRowsWgsl, statsWgsl } from './prepass.wgsl.ts';
import { OPCODE } from './program.ts';
import { samplePassWgsl, variantKey, WORKGROUP_SIZE } from './sample-pass.wgsl.ts';

/** Source images on the GPU: HWC float [0,255] per sample, `stride` pixels apart. */
export interface SourceBatch {
  readonly tensor: GpuTensor;
  readonly sizes: readonly (readonly [number, number])[];
  readonly stride: number;
}

export function uploadSources(
  ctx: GpuContext,
  images: readonly RgbImage[],
  label = 'augment sources',
): SourceBatch {
  if (images.length === 0) throw new RangeError('augment GPU: no source images');
  const stride = maxOf(images.map((i) => i.width * i.height));
  const data = new Float32Array(images.length * stride * 3);
  images.forEach((img, n) => {
    data.set(img.data, n * stride * 3);
  });
  return {
    tensor: ctx.upload(data, [images.length, stride, 3], label),
    sizes: images.map((i) => [i.width, i.height] as const),
    stride,
  };
}

export interface GpuAugmentResult {
  /** [N, 3, H, W] float32, normalized as the pipeline says */
  readonly images: GpuTensor;
  /** [N, classNum] soft targets */
  readonly targets: GpuTensor;
  readonly compiled: CompiledBatch;
}

const fixTables = new WeakMap<GpuContext, GpuTensor>();

function fixTable(ctx: GpuContext): GpuTensor {
  let t = fixTables.get(ctx);
  if (!t) {
    t = ctx.upload(autoContrastFixTable(), [autoContrastFixTable().length], 'AutoContrast fix table');
    fixTables.set(ctx, t);
  }
  return t;
}

/**
 * Augments a batch on the GPU: same draws and (within float32) same values as runPipeline for the same key.
 * Recorded, not submitted; release the returned tensors when the step is done.
 */
export function augmentBatchGpu(
  ctx: GpuContext,
  pipeline: AugmentPipeline,
  src: SourceBatch,
  labels: readonly number[],
  classNum: number,
  key: BatchKey,
  plans?: readonly (readonly OpDraw[])[],
): GpuAugmentResult {
  const n = src.sizes.length;
  if (labels.length !== n) throw new RangeError(`augment GPU: ${n} images but ${labels.length} labels`);
  labels.forEach((l, i) => {
    if (!Number.isInteger(l) || l < 0 || l >= classNum) {
      throw new RangeError(`batch mixing: label ${l} of sample ${i} is outside [0, ${classNum})`);
    }
  });
  const compiled = compileBatch(pipeline, src.sizes, key, plans);
  const { passes, cap, midCap, outW, outH } = compiled;
  const temps: GpuTensor[] = [];
  const keep = (t: GpuTensor) => {
    temps.push(t);
    return t;
  };
  const dummy = keep(ctx.upload(new Float32Array(4), [4], 'augment unused binding'));
  const needMid = passes.some((p) => p.needsResize);
  const mid = needMid ? keep(ctx.empty([n, midCap, 3], 'f32', 'augment resize rows')) : dummy;
  const needStats = passes.some((p) => p.needsStats);
  const stats = needStats ? keep(ctx.empty([n, 769], 'f32', 'augment stats')) : dummy;
  const ping = passes.length > 1 ? [keep(ctx.empty([n, cap, 3], 'f32', 'augment A'))] : [];
  if (passes.length > 2) ping.push(keep(ctx.empty([n, cap, 3], 'f32', 'augment B')));
  let out = ctx.empty([n, 3, outH, outW], 'f32', 'augment batch');
  let input = src.tensor;
  let inStride = src.stride;
  passes.forEach((pass, i) => {
    const last = i === passes.length - 1;
    const prog = keep(ctx.upload(pass.words, [pass.words.length], `augment pass ${i} programs`));
    if (pass.needsResize) {
      ctx.batcher.dispatch({
        pipeline: ctx.pipelines.ref({ key: 'augment/resize-rows', code: resizeRowsWgsl }),
        bindings: [{ uniform: packU32([n, inStride, midCap, pass.maxMid]) }, input, prog, mid],
        workgroups: Math.ceil((n * pass.maxMid) / WORKGROUP_SIZE),
        label: `augment pass ${i} resize rows`,
      });
    }
    if (pass.needsStats) {
      const fix = fixTable(ctx);
      ctx.batcher.dispatch({
        pipeline: ctx.pipelines.ref({ key: 'augment/stats', code: statsWgsl }),
        bindings: [{ uniform: packU32([n, inStride, fix.size, 0]) }, input, prog, fix, stats],
        workgroups: [n, 1, 1],
        label: `augment pass ${i} stats`,
      });
    }
    const dst = last ? out : ping[i % 2];
    const variant = {
      heads: pass.heads,
      ops: pass.ops,
      geoms: pass.geoms,
      philox: pass.ops.has(OPCODE.noiseBox),
    };
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: variantKey(variant), code: () => samplePassWgsl(variant) }),
      bindings: [
        { uniform: packU32([n, inStride, cap, midCap, pass.maxOut, last ? 1 : 0]) },
        input,
        pass.needsResize ? mid : dummy,
        prog,
        pass.needsStats ? stats : dummy,
        dst,
      ],
      workgroups: Math.ceil((n * pass.maxOut) / WORKGROUP_SIZE),
      label: `augment pass ${i}`,
    });
    input = dst;
    inStride = cap;
  });
  let perm = labels.map((_, i) => i);
  let lam = 1;
  for (const mix of compiled.mixes) {
    const permT = keep(ctx.upload(Uint32Array.from(mix.perm), [n], 'augment mix perm'));
    const mixed = ctx.empty([n, 3, outH, outW], 'f32', 'augment batch');
    const box = mix.kind === 'cutmix' ? mix.box : { x1: 0, y1: 0, x2: 0, y2: 0 };
    const total = n * 3 * outW * outH;
    const u = packU32([
      total,
      outW,
      outH,
      mix.kind === 'cutmix' ? 1 : 0,
      box.x1,
      box.y1,
      box.x2,
      box.y2,
      f32Bits(mix.lam),
    ]);
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'augment/mix', code: mixWgsl }),
      bindings: [{ uniform: u }, permT, out, mixed],
      workgroups: Math.ceil(total / MIX_WORKGROUP),
      label: `augment ${mix.kind}`,
    });
    ctx.release(out);
    out = mixed;
    perm = mix.perm;
    lam = mix.lam;
  }
  const labelsT = keep(ctx.upload(Uint32Array.from(labels), [n], 'augment labels'));
  const permT = keep(ctx.upload(Uint32Array.from(perm), [n], 'augment target perm'));
  const targets = ctx.empty([n, classNum], 'f32', 'augment targets');
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'augment/targets', code: targetsWgsl }),
    bindings: [{ uniform: packU32([n * classNum, classNum, f32Bits(lam), 0]) }, labelsT, permT, targets],
    workgroups: Math.ceil((n * classNum) / MIX_WORKGROUP),
    label: 'augment targets',
  });
  for (const t of temps) ctx.release(t);
  return { images: out, targets, compiled };
}
