// Augmentation Gallery worker (module worker, comlink): its own GpuContext running the GPU augmentation
// pipeline for previews. Interim: this belongs in the shared GPU worker (one device for inference, augmentation
// and training); it is separate only until that worker exposes augmentation.
import { expose, transfer } from 'comlink';
import { type PreviewRequest, type PreviewResult, previewBatch } from '../src/engine/augment/gpu/preview.ts';
import { GpuContext } from '../src/engine/gpu/context.ts';

let ctx: Promise<GpuContext> | undefined;

function context(): Promise<GpuContext> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu)
    return Promise.reject(new Error('WebGPU is not available in this browser (navigator.gpu missing)'));
  ctx ??= GpuContext.create(gpu, { label: 'augment gallery' }).catch((e) => {
    ctx = undefined;
    throw e;
  });
  return ctx;
}

export const augmentWorkerApi = {
  async preview(req: PreviewRequest): Promise<PreviewResult> {
    const result = await previewBatch(await context(), req);
    return transfer(
      result,
      result.images.map((i) => i.rgba.buffer),
    );
  },
};

export type AugmentWorkerApi = typeof augmentWorkerApi;

expose(augmentWorkerApi);
