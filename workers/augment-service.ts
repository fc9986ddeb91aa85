// The GPU worker's augmentation half (Augment Gallery): runs the GPU augmentation preview on the worker's one
// shared device, so the gallery, inference and training never hold a second GPUDevice.
import { transfer } from 'comlink';
import { previewBatch } from '../src/engine/augment/gpu/preview.ts';
import type { DeviceManager } from '../src/engine/gpu/device-manager.ts';
import type { AugmentWorkerApi } from './gpu-api.ts';

export interface AugmentServiceDeps {
  /** The GPU worker's device owner; undefined where navigator.gpu is missing. */
  manager: DeviceManager | undefined;
}

export function createAugmentService(d: AugmentServiceDeps): AugmentWorkerApi {
  return {
    async augmentPreview(req) {
      if (!d.manager)
        throw new Error(
          'Augmentation preview needs WebGPU: navigator.gpu is missing in the GPU worker (the gallery augments on the GPU)',
        );
      // run(): a device lost mid-preview rejects instead of leaving the gallery waiting on a mapAsync forever.
      const result = await d.manager.run((ctx) => previewBatch(ctx, req));
      // The pixels are the bulk of the answer: hand their buffers over instead of copying them.
      return transfer(
        result,
        result.images.map((i) => i.rgba.buffer),
      );
    },
  };
}
