// Gallery preview: runs a pasted/generated config on the GPU for a few sources × variants and reads the batch
// back as displayable RGBA (the one place a readback is wanted: pixels for the screen, not for training).
import type { GpuContext } from '../../gpu/context.ts';
import { parsePipeline } from '../config/parse.ts';
import type { AugmentPipeline } from '../config/types.ts';
import type { RgbImage } from '../core/image.ts';
import { augmentBatchGpu, uploadSources } from './augment-gpu.ts';
import type { BatchKey } from './compile.ts';

export interface PreviewRequest {
  /** PaddleClas config: { transform_ops, batch_transform_ops } or a transform_ops list, as JSON text or value */
  readonly config: unknown;
  readonly sources: readonly RgbImage[];
  /** augmented variants per source (sample index differs, so draws differ) */
  readonly variants: number;
  readonly key: BatchKey;
}

export interface PreviewImage {
  readonly source: number;
  /** position in the preview batch */
  readonly sample: number;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
  /** the sample's soft target row (labels are the source indices) */
  readonly target: number[];
}

export interface PreviewResult {
  readonly images: PreviewImage[];
  readonly passes: number;
  readonly gpuMs: number;
}

/** Inverse of the last NormalizeImage so normalized output shows as colours. */
function displayMap(pipeline: AugmentPipeline): (v: number, c: number) => number {
  const norm = [...pipeline.transforms].reverse().find((t) => t.kind === 'NormalizeImage');
  if (norm?.kind !== 'NormalizeImage') return (v) => v;
  return (v, c) => (v * norm.std[c] + norm.mean[c]) / norm.scale;
}

export async function previewBatch(ctx: GpuContext, req: PreviewRequest): Promise<PreviewResult> {
  const pipeline = parsePipeline(req.config);
  if (req.sources.length === 0) throw new RangeError('gallery: no source images');
  if (!Number.isInteger(req.variants) || req.variants < 1)
    throw new RangeError(`gallery: variants must be ≥ 1, got ${req.variants}`);
  const batch = req.sources.flatMap((img) => Array.from({ length: req.variants }, () => img));
  const labels = req.sources.flatMap((_, s) => Array.from({ length: req.variants }, () => s));
  const classNum = req.sources.length;
  const t0 = performance.now();
  const src = uploadSources(ctx, batch, 'gallery sources');
  const out = augmentBatchGpu(ctx, pipeline, src, labels, classNum, req.key);
  try {
    const [nchw, targets] = await Promise.all([ctx.read(out.images), ctx.read(out.targets)]);
    const gpuMs = performance.now() - t0;
    const { outW: w, outH: h } = out.compiled;
    const plane = w * h;
    const toDisplay = displayMap(pipeline);
    const images = batch.map((_, n) => {
      const rgba = new Uint8ClampedArray(plane * 4);
      for (let p = 0; p < plane; p++) {
        for (let c = 0; c < 3; c++) rgba[p * 4 + c] = toDisplay(nchw[(n * 3 + c) * plane + p], c);
        rgba[p * 4 + 3] = 255;
      }
      return {
        source: labels[n],
        sample: n,
        width: w,
        height: h,
        rgba,
        target: Array.from(targets.subarray(n * classNum, (n + 1) * classNum)),
      };
    });
    return { images, passes: out.compiled.passes.length, gpuMs };
  } finally {
    for (const t of [src.tensor, out.images, out.targets]) ctx.release(t);
  }
}
