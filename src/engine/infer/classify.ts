// The classify pipeline on both backends. WASM: CPU reference preprocessing → ORT WASM → softmax/top-k in JS.
// WebGPU: WGSL preprocessing straight into ORT's input buffer → ORT WebGPU with outputs left on the GPU → WGSL
// softmax/top-k, reading back only k scores and indices per image.
import type * as Ort from 'onnxruntime-web';
import type { GpuContext } from '../gpu/context.ts';
import { createInputBuffer, type GpuImage, preprocessBatch } from '../kernels/preprocess/preprocess.ts';
import { topK } from '../kernels/topk/topk.ts';
import type { U8Image } from '../preprocess/image.ts';
import { outputSize, type PreprocessOptions, preprocessRef } from '../preprocess/pipeline.ref.ts';
import { softmaxRef, topKRef } from '../preprocess/topk.ref.ts';
import type { CachedSession, OrtModule } from './session-cache.ts';

export interface ClassifierModel {
  preprocess: PreprocessOptions;
  outputKind: 'logits' | 'probabilities';
  /** Class name of output index i (labels file, metadata, ImageNet list, or the number itself). */
  label: (index: number) => string;
}

export interface Prediction {
  index: number;
  label: string;
  probability: number;
}

export interface ClassifyOutcome {
  top: Prediction[];
  /**
   * This image's share of its batch: preprocessing (incl. upload) and inference (incl. top-k and readback). The
   * batch runs as one, so these are the batch's times divided by batchSize, the same for every image in it.
   */
  preprocessMs: number;
  inferenceMs: number;
  /** Images in the batch these times were averaged over (1: measured for this image alone). */
  batchSize: number;
}

/** [C,H,W] or [H,W,C] of one input for the warm-up run (short-side resizes without a crop: a square image). */
export function warmupDims(o: PreprocessOptions): number[] {
  const side = o.resize.mode === 'short-side' ? o.resize.size : 0;
  const { width, height } = outputSize(o, side || 1, side || 1);
  return o.layout === 'NCHW' ? [3, height, width] : [height, width, 3];
}

function outcomes(
  rows: { index: number; score: number }[][],
  model: ClassifierModel,
  pre: number,
  inf: number,
) {
  const n = rows.length;
  return rows.map((row) => ({
    top: row.map((e) => ({ index: e.index, label: model.label(e.index), probability: e.score })),
    preprocessMs: pre / n,
    inferenceMs: inf / n,
    batchSize: n,
  }));
}

function classesOf(dims: readonly number[], n: number, what: string): number {
  const classes = dims.slice(1).reduce((a, b) => a * b, 1);
  if (dims[0] !== n || classes < 1)
    throw new Error(`${what}: output shape [${dims.join(',')}] is not [${n}, classes]`);
  return classes;
}

/** WASM path: every image through the CPU reference, one ORT run for the batch. */
export async function classifyCpu(
  ort: OrtModule,
  s: CachedSession,
  model: ClassifierModel,
  images: readonly U8Image[],
  k: number,
): Promise<ClassifyOutcome[]> {
  const t0 = performance.now();
  const { data, dims } = preprocessRef(images, model.preprocess);
  const t1 = performance.now();
  const { inputName, outputName } = s.info;
  const out = (await s.session.run({ [inputName]: new ort.Tensor('float32', data, dims) }, [outputName]))[
    outputName
  ];
  const scores = (await out.getData()) as Float32Array;
  const classes = classesOf(out.dims, images.length, s.info.key);
  out.dispose();
  const probs = model.outputKind === 'logits' ? softmaxRef(scores, classes) : scores;
  const rows = topKRef(probs, classes, Math.min(k, classes));
  return outcomes(rows, model, t1 - t0, performance.now() - t1);
}

/** Input buffers by element count, reused across batches of the same size (ORT only borrows them). */
export class InputBuffers {
  private readonly buffers = new Map<number, GPUBuffer>();
  constructor(private readonly ctx: GpuContext) {}
  get(elements: number): GPUBuffer {
    let b = this.buffers.get(elements);
    if (!b) {
      b = createInputBuffer(this.ctx, elements, `model input ×${elements}`);
      this.buffers.set(elements, b);
    }
    return b;
  }
  destroy(): void {
    for (const b of this.buffers.values()) b.destroy();
    this.buffers.clear();
  }
}

/** WebGPU path: images already uploaded as textures (the caller destroys them afterwards). */
export async function classifyGpu(
  ort: OrtModule,
  s: CachedSession,
  ctx: GpuContext,
  buffers: InputBuffers,
  model: ClassifierModel,
  images: readonly GpuImage[],
  k: number,
): Promise<ClassifyOutcome[]> {
  const o = model.preprocess;
  const first = outputSize(o, images[0].width, images[0].height);
  const elements = images.length * 3 * first.width * first.height;
  const input = buffers.get(elements);
  const t0 = performance.now();
  const { dims } = await preprocessBatch(ctx, images, o, input);
  await ctx.device.queue.onSubmittedWorkDone();
  const t1 = performance.now();
  const { inputName, outputName } = s.info;
  const feed = ort.Tensor.fromGpuBuffer(input as unknown as Ort.Tensor.GpuBufferType, {
    dataType: 'float32',
    dims,
  });
  const out = (await s.session.run({ [inputName]: feed }, [outputName]))[outputName];
  try {
    const classes = classesOf(out.dims, images.length, s.info.key);
    if (out.location !== 'gpu-buffer')
      throw new Error(`${s.info.key}: ORT returned the output on ${out.location}, not the GPU`);
    const scores = {
      buffer: out.gpuBuffer as unknown as GPUBuffer,
      shape: [images.length, classes],
      dtype: 'f32' as const,
      size: images.length * classes,
    };
    const { rows } = await topK(ctx, scores, Math.min(k, classes), {
      softmax: model.outputKind === 'logits',
    });
    return outcomes(rows, model, t1 - t0, performance.now() - t1);
  } finally {
    out.dispose();
    feed.dispose();
  }
}
