// The Gallery in Chromium: with a supplied image source it augments on the studio's GPU worker (the real
// workers/gpu.worker.ts over comlink) and shows, per source, the original and the augmented variants as canvases,
// plus the config JSON training will use.
import { type Remote, wrap } from 'comlink';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { GpuWorkerApi } from '../../../workers/gpu-api.ts';
import { imageFrom } from '../../engine/augment/core/image.ts';
import { gpuSkipped } from '../../engine/gpu/testing.ts';
import { AugmentScreen } from './AugmentScreen.tsx';
import type { GpuCall } from './gpu-call.ts';
import type { AugmentImageSource } from './image-source.ts';

const source: AugmentImageSource = {
  label: 'two test images',
  load: async () => [
    { id: 'a', name: 'a', image: imageFrom(180, 170, (x, y, c) => (x * 3 + y + c * 50) % 256) },
    { id: 'b', name: 'b', image: imageFrom(200, 180, (x, y, c) => (255 - x - c * 40 + y * 2) & 255) },
  ],
};

async function waitFor<T>(f: () => T | undefined, ms = 240_000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (performance.now() > end) throw new Error('timed out waiting for the gallery');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(gpuSkipped)('AugmentScreen', () => {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  let worker: Worker | undefined;
  let api: Remote<GpuWorkerApi> | undefined;
  const gpu: GpuCall = (call) => {
    worker ??= new Worker(new URL('../../../workers/gpu.worker.ts', import.meta.url), { type: 'module' });
    api ??= wrap<GpuWorkerApi>(worker);
    return call(api);
  };
  afterEach(() => root.render(null));
  afterAll(() => worker?.terminate());

  it('renders originals and GPU-augmented variants from a supplied source', async () => {
    root.render(createElement(AugmentScreen, { gpu, source }));
    const rows = await waitFor(() => {
      const r = host.querySelectorAll('.augment-row');
      return r.length === 2 && r[1].querySelectorAll('canvas').length === 6 ? r : undefined;
    });
    expect(rows[0].querySelectorAll('figcaption')[0].textContent).toBe('original');
    const error = host.querySelector('.augment-error');
    expect(error?.textContent ?? '').toBe('');
    expect(host.querySelector('.augment-config')?.textContent).toContain('"RandAugment"');
    expect(host.querySelector('.augment-status')?.textContent).toMatch(/GPU pass/);
  });
});
