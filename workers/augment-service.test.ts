// The augmentation half of the GPU service in Node: without WebGPU it refuses with a clear message; on Dawn it
// augments on the same device the rest of the service uses (one requestDevice for system facts and previews, a
// fresh one only after a device loss), and a normalize-only preview gives back the source pixels.
import { afterAll, describe, expect, it } from 'vitest';
import { imageFrom } from '../src/engine/augment/core/image.ts';
import { installNodeGpu } from '../src/engine/gpu/node/node-gpu.ts';
import { gpuSkipped } from '../src/engine/gpu/testing.ts';
import type { AugmentPreviewRequest } from './gpu-api.ts';
import { createGpuService } from './gpu-service.ts';

const loadOrt = async () => {
  throw new Error('ORT is not needed by these tests');
};

const a = imageFrom(24, 20, (x, y, c) => (x * 7 + y * 3 + c * 50) % 256);
const b = imageFrom(24, 20, (x, y, c) => (250 - x * 5 - c * 30 + y * 2) & 255);

const normalizeOnly: AugmentPreviewRequest = {
  config: [{ NormalizeImage: { scale: '1.0/255.0', order: '' } }],
  sources: [a, b],
  variants: 2,
  key: { seed: 3, epoch: 0, step: 0 },
};

describe('augment service without WebGPU', () => {
  it('refuses, saying the gallery needs the GPU worker to have WebGPU', async () => {
    const svc = createGpuService({ gpu: undefined, scope: globalThis, loadOrt, ortBuild: 'none' });
    await expect(svc.augmentPreview(normalizeOnly)).rejects.toThrow(
      /Augmentation preview needs WebGPU: navigator\.gpu is missing in the GPU worker/,
    );
  });
});

describe.skipIf(gpuSkipped)('augment service on Dawn', () => {
  const dawn = installNodeGpu();
  let devices = 0;
  const created: GPUDevice[] = [];
  // Counts the devices the service asks for: the studio must hold one, whatever screens use it.
  const counting = {
    requestAdapter: async (o?: GPURequestAdapterOptions) => {
      const adapter = await dawn.requestAdapter(o);
      if (!adapter) return null;
      const requestDevice = adapter.requestDevice.bind(adapter);
      return Object.assign(Object.create(adapter), {
        requestDevice: async (d?: GPUDeviceDescriptor) => {
          devices++;
          const device = await requestDevice(d);
          created.push(device);
          return device;
        },
        // Own getters of the real adapter (Dawn keeps them on the prototype chain of the object).
        features: adapter.features,
        limits: adapter.limits,
        info: adapter.info,
      });
    },
    getPreferredCanvasFormat: () => dawn.getPreferredCanvasFormat(),
    wgslLanguageFeatures: dawn.wgslLanguageFeatures,
  } as unknown as GPU;
  afterAll(() => {
    for (const d of created) d.destroy();
  });

  it('augments on the service device, gives back the pixels, and recovers after a loss', async () => {
    const svc = createGpuService({ gpu: counting, scope: globalThis, loadOrt, ortBuild: 'none' });
    const info = await svc.systemInfo();
    expect(info.webgpu.adapter).not.toBeNull();
    const r = await svc.augmentPreview(normalizeOnly);
    await svc.augmentPreview({ ...normalizeOnly, key: { seed: 4, epoch: 0, step: 0 } });
    expect(devices).toBe(1);

    expect(r.images.map((i) => [i.source, i.width, i.height])).toEqual([
      [0, 24, 20],
      [0, 24, 20],
      [1, 24, 20],
      [1, 24, 20],
    ]);
    let maxErr = 0;
    for (const img of r.images) {
      const src = img.source === 0 ? a : b;
      for (let p = 0; p < 24 * 20; p++) {
        for (let c = 0; c < 3; c++)
          maxErr = Math.max(maxErr, Math.abs(img.rgba[p * 4 + c] - src.data[p * 3 + c]));
        expect(img.rgba[p * 4 + 3]).toBe(255);
      }
    }
    expect(maxErr).toBeLessThanOrEqual(1);
    expect(r.images[2].target).toEqual([0, 1]);
    expect(r.passes).toBeGreaterThan(0);

    await svc.injectDeviceLoss();
    const again = await svc.augmentPreview(normalizeOnly);
    expect(again.images).toHaveLength(4);
    expect(devices).toBe(2);
  });

  it('names the bad op of a config', async () => {
    const svc = createGpuService({ gpu: counting, scope: globalThis, loadOrt, ortBuild: 'none' });
    await expect(svc.augmentPreview({ ...normalizeOnly, config: [{ NoSuchOp: {} }] })).rejects.toThrow(
      /NoSuchOp/,
    );
  });
});
