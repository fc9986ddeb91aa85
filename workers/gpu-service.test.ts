// The GPU service where WebGPU is absent or refuses an adapter, in Node with the real onnxruntime-web WASM build.
// The WebGPU path itself runs in real Chromium in e2e/system.spec.ts.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { createGpuService } from './gpu-service.ts';

const ortVersion = (
  JSON.parse(
    readFileSync(new URL('../node_modules/onnxruntime-web/package.json', import.meta.url), 'utf8'),
  ) as {
    version: string;
  }
).version;

function nodeService(gpu?: GPU, loadOrt = async () => ort) {
  ort.env.wasm.numThreads = 1;
  return createGpuService({ gpu, scope: globalThis, loadOrt, ortBuild: 'onnxruntime-web (node)' });
}

describe('GPU service without WebGPU', () => {
  it('reports no WebGPU and chooses WASM for that reason', async () => {
    const info = await nodeService().systemInfo();
    expect(info.webgpu).toEqual({
      available: false,
      adapter: null,
      preferredCanvasFormat: null,
      wgslLanguageFeatures: [],
      devicesLost: 0,
    });
    expect(info.backend).toMatchObject({ backend: 'wasm', code: 'no-webgpu' });
    expect(info.environment.sharedArrayBuffer).toBe(true);
  });

  it('tells a GPU with no adapter from a missing GPU', async () => {
    // The state of a browser whose GPU is blocklisted: navigator.gpu exists, requestAdapter() resolves null.
    const blocked = {
      requestAdapter: async () => null,
      getPreferredCanvasFormat: () => 'bgra8unorm',
      wgslLanguageFeatures: new Set<string>(),
    } as unknown as GPU;
    const info = await nodeService(blocked).systemInfo();
    expect(info.webgpu).toMatchObject({
      available: true,
      adapter: null,
      preferredCanvasFormat: 'bgra8unorm',
    });
    expect(info.webgpu.deviceError).toBeUndefined();
    expect(info.backend).toMatchObject({ backend: 'wasm', code: 'no-adapter' });
  });

  it('loads ORT once, proves the wasm EP and explains the missing ones', async () => {
    let loads = 0;
    const service = nodeService(undefined, async () => {
      loads++;
      return ort;
    });
    const [a, b] = await Promise.all([service.ortInfo(), service.ortInfo()]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    expect(a.version).toBe(ortVersion);
    expect(a.build).toBe('onnxruntime-web (node)');
    const byName = Object.fromEntries(a.providers.map((p) => [p.name, p]));
    expect(byName.wasm).toMatchObject({ available: true, detail: 'session created, Add result matches' });
    expect(byName.webgpu).toMatchObject({ available: false, detail: 'navigator.gpu is missing here' });
    expect(byName.webnn.available).toBe(false);
  }, 60_000);

  it('names the ORT build when loading fails, and retries on the next call', async () => {
    let loads = 0;
    const service = nodeService(undefined, async () => {
      loads++;
      if (loads === 1) throw new Error('Failed to fetch dynamically imported module');
      return ort;
    });
    await expect(service.ortInfo()).rejects.toThrow(
      'Loading onnxruntime-web (node) in the GPU worker failed: Failed to fetch dynamically imported module',
    );
    expect((await service.ortInfo()).version).toBe(ortVersion);
    expect(loads).toBe(2);
  }, 60_000);

  it('refuses to lose a device it does not have, and hands out distinct listener ids', async () => {
    const service = nodeService();
    await expect(service.injectDeviceLoss()).rejects.toThrow(/navigator\.gpu is missing in the GPU worker/);
    const a = service.onDeviceLost(() => undefined);
    const b = service.onDeviceLost(() => undefined);
    expect(a).not.toBe(b);
    service.offDeviceLost(a);
  });
});
