// Decoded images → GPU input batches → the engine's eval forward, up to any tensor (the logits, or the pooled
// features that head-only training caches). Images go to the GPU as textures and are resized, cropped and
// normalized there straight into the executor's input buffer; only the requested output is read back.
import type { GpuContext } from '../../gpu/context.ts';
import { type GpuImage, preprocessBatch } from '../../kernels/preprocess/preprocess.ts';
import type { Graph } from '../../nn/graph/ir.ts';
import { compileEvalSchedule, withInputSize } from '../../nn/plan/compile.ts';
import { GpuExecutor } from '../../nn/train/gpu-executor.ts';
import type { PreprocessOptions } from '../../preprocess/pipeline.ref.ts';

/** Produces image i on the GPU; the feed destroys the texture once its batch was submitted. */
export type ImageSource = (i: number) => Promise<GpuImage>;

export interface ForwardImagesResult {
  /** [count, dim] row-major. */
  data: Float32Array;
  dim: number;
  /** GPU bytes the eval schedule holds (the slot plan's total). */
  peakBytes: number;
}

/**
 * Runs `count` images through `graph` (input resized to the crop size) in batches of `batch`, returning the
 * rows of `output` (default: the graph output). The last batch reuses the buffer's stale tail; its rows are dropped.
 */
export async function forwardImages(
  ctx: GpuContext,
  graph: Graph,
  count: number,
  source: ImageSource,
  pre: PreprocessOptions,
  batch: number,
  output?: string,
  onProgress?: (done: number) => void,
): Promise<ForwardImagesResult> {
  if (!pre.crop) throw new Error('forwardImages: the preprocessing needs a crop so every image has one size');
  const g = withInputSize(graph, pre.crop.height, pre.crop.width);
  const schedule = compileEvalSchedule(g, batch, output ? [output] : undefined);
  const exec = GpuExecutor.create(ctx, schedule, g);
  try {
    const shape = schedule.tensors.get(schedule.logits)!.shape;
    const dim = shape.slice(1).reduce((a, b) => a * b, 1);
    const data = new Float32Array(count * dim);
    for (let at = 0; at < count; at += batch) {
      const k = Math.min(batch, count - at);
      const images = await Promise.all(Array.from({ length: k }, (_, i) => source(at + i)));
      try {
        await preprocessBatch(ctx, images, pre, exec.input.buffer);
      } finally {
        for (const im of images) im.texture.destroy();
      }
      const out = await exec.forward();
      data.set(out.subarray(0, k * dim), at * dim);
      onProgress?.(at + k);
    }
    return { data, dim, peakBytes: exec.plan.peak.totalBytes };
  } finally {
    exec.dispose();
  }
}
