// The whole classify pipeline in real Chromium (vitest browser project) on ../shared/data/photos, served by the dev
// server under /shared/ and the model mirror under /mirror/ (vite.config.ts): decode with createImageBitmap,
// MobileNetV2 float and int8 on ORT WASM for every photo, and WebGPU (GPU preprocessing + GPU top-k) on one photo
// only, since SwiftShader takes seconds per image. Top-1 must be the class ../shared/README.md lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../gpu/context.ts';
import { gpuSkipped } from '../gpu/testing.ts';
import { resolveLocalModel } from './model-source.ts';
import { parseImagenetNames } from './resolved-model.ts';
import { type ClassifyItem, ClassifyRunner } from './runner.ts';

const inBrowser = typeof document !== 'undefined';

/** ../shared/README.md: photo → accepted ImageNet-1k top-1 indices. */
const EXPECTED: Record<string, number[]> = {
  'coffee.png': [967],
  'chelsea.png': [281, 282, 285],
  'LadyBird.jpg': [301],
  'eagle.jpg': [22],
  'dog.jpg': [249, 248, 250],
  'ILSVRC2012_val_00020010.jpeg': [178],
  'ILSVRC2012_val_00030010.jpeg': [80],
};

async function fetchBytes(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetch(path);
  if (!res.ok)
    throw new Error(`GET ${path}: HTTP ${res.status} (is ../shared served under /shared/ and /mirror/?)`);
  return new Uint8Array(await res.arrayBuffer());
}

async function photos() {
  return Promise.all(
    Object.keys(EXPECTED).map(async (name) => ({
      name,
      blob: new Blob([await fetchBytes(`/shared/data/photos/${name}`)]),
    })),
  );
}

function top1(items: ClassifyItem[]): Record<string, number> {
  return Object.fromEntries(items.map((it) => [it.name, it.ok ? it.top[0].index : -1]));
}

describe.skipIf(!inBrowser)('classifying ../shared/data/photos in Chromium', () => {
  let names: string[];
  let runner: ClassifyRunner;
  let ctx: GpuContext | undefined;
  beforeAll(async () => {
    names = parseImagenetNames(new TextDecoder().decode(await fetchBytes('/mirror/imagenet-labels.txt')));
    runner = new ClassifyRunner({
      ortWasm: async () => {
        const ort = await import('onnxruntime-web/wasm');
        ort.env.wasm.numThreads = 1;
        return ort;
      },
      ortWebGpu: () => import('onnxruntime-web/webgpu'),
      gpu: async () => {
        ctx ??= await GpuContext.create(navigator.gpu, { label: 'photos test' });
        return ctx;
      },
    });
  });
  afterAll(async () => {
    await runner?.dispose();
    ctx?.destroy();
  });

  const model = async (file: string) => {
    const m = resolveLocalModel(file, file, await fetchBytes(`/mirror/${file}`));
    m.classifier.label = (i) => names[i];
    return m;
  };

  it('float and int8 MobileNetV2 on WASM give the README top-1 for every photo; a broken file is its own error', async () => {
    const files = await photos();
    const text = {
      name: 'notes.jpg',
      blob: new Blob(['just some text, not a JPEG'], { type: 'image/jpeg' }),
    };
    const jpeg = files.find((f) => f.name === 'eagle.jpg')!;
    const cut = { name: 'cut.jpg', blob: jpeg.blob.slice(0, Math.floor(jpeg.blob.size / 2)) };
    const float = await runner.classify(await model('mobilenetv2-12-float.onnx'), 'wasm', [
      text,
      ...files,
      cut,
    ]);
    expect(float[0]).toMatchObject({ ok: false, error: 'notes.jpg: not an image: plain text' });
    expect(float.at(-1)).toMatchObject({ ok: false, name: 'cut.jpg' });
    expect((float.at(-1) as { error: string }).error).toMatch(/^cut\.jpg: .*(truncated|EOI)/i);
    const got = top1(float.slice(1, -1));
    for (const [name, ok] of Object.entries(EXPECTED))
      expect(ok, `${name}: float top-1 ${got[name]}`).toContain(got[name]);
    const first = float[1];
    if (first.ok) {
      expect(first.top).toHaveLength(5);
      expect(first.top[0].label).toBe('espresso');
    }
    const int8 = top1(await runner.classify(await model('mobilenetv2-12-int8.onnx'), 'wasm', files));
    const agree = Object.keys(EXPECTED).filter((n) => int8[n] === got[n]);
    // int8 must give the README class wherever it agrees with float, and agree on most photos.
    for (const n of agree) expect(EXPECTED[n]).toContain(int8[n]);
    expect(
      agree.length,
      `int8 ${JSON.stringify(int8)} vs float ${JSON.stringify(got)}`,
    ).toBeGreaterThanOrEqual(5);
  }, 240_000);

  it.skipIf(gpuSkipped)(
    'WebGPU (GPU preprocessing, ORT on the shared device, GPU top-k) agrees with WASM on one photo',
    async () => {
      const m = await model('mobilenetv2-12-float.onnx');
      const [coffee] = (await photos()).filter((f) => f.name === 'coffee.png');
      const [gpu] = await runner.classify(m, 'webgpu', [coffee]);
      const [cpu] = await runner.classify(m, 'wasm', [coffee]);
      expect(gpu.ok && cpu.ok).toBe(true);
      if (!gpu.ok || !cpu.ok) return;
      expect(gpu.backend).toBe('webgpu');
      expect(gpu.top.map((p) => p.index)).toEqual(cpu.top.map((p) => p.index));
      expect(Math.abs(gpu.top[0].probability - cpu.top[0].probability)).toBeLessThan(1e-3);
      const info = await runner.prepare(m, 'webgpu');
      // ORT's verbose log went through the tapped console in the browser: placements are known.
      expect(info.placement.reported, JSON.stringify(info.placement)).toBe(true);
    },
    300_000,
  );
});
