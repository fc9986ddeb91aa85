// The two feature/logit paths agree on real photos: GPU preprocessing + the engine's eval forward (WebGPU) vs the
// CPU reference preprocessing + ORT WASM on the cut graph, for MobileNetV2's pooled features at 64×64 (small,
// for SwiftShader). Tolerance 1e-3 relative (floored at a tenth of the peak): the GPU resize rounds differently
// from the float64 reference before 50+ layers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped } from '../../gpu/testing.ts';
import { bitmapPixels, decodeImage } from '../../infer/decode.ts';
import { uploadBitmap } from '../../kernels/preprocess/preprocess.ts';
import { findClassifierHead } from '../../nn/graph/head.ts';
import { sharedFile } from '../../nn/loop/testing/shared-file.ts';
import { closeness } from '../../nn/ref/gradcheck.ts';
import { importOnnx } from '../../onnx/import.ts';
import { evalPreprocess } from './eval-preprocess.ts';
import { forwardImages } from './forward-images.ts';
import { forwardImagesWasm } from './forward-images-wasm.ts';

const inBrowser = typeof document !== 'undefined';
const FILES = [
  'data/flowers12/train/daisy/image_0801.jpg',
  'data/flowers12/train/iris/image_0401.jpg',
  'data/photos/dog.jpg',
];

describe.skipIf(!inBrowser || gpuSkipped)('forwardImages (WebGPU) vs forwardImagesWasm (ORT)', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(navigator.gpu, { label: 'feed test', maxDispatchesPerFlush: 10_000 });
  });
  afterAll(() => ctx?.destroy());

  it('MobileNetV2 pooled features of 3 photos, batch 2 (one partial batch)', async () => {
    const bitmaps = await Promise.all(
      FILES.map(async (f) => decodeImage(new Blob([await sharedFile(f)]), f)),
    );
    const { graph } = importOnnx(await sharedFile('models/mobilenetv2-12-float.onnx'), 'mobilenetv2');
    const feature = findClassifierHead(graph).node.inputs[0];
    const pre = evalPreprocess(64);
    const gpu = await forwardImages(
      ctx,
      graph,
      3,
      async (i) => uploadBitmap(ctx, bitmaps[i]),
      pre,
      2,
      feature,
    );
    const cpu = await forwardImagesWasm(graph, 3, async (i) => bitmapPixels(bitmaps[i]), pre, 2, feature);
    expect(gpu.dim).toBe(1280);
    expect(cpu.dim).toBe(1280);
    let peak = 0;
    for (const v of cpu.data) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(0);
    expect(closeness(gpu.data, cpu.data, 1e-3, 0.1 * peak)).toBeNull();
    // Different images give different features (a feed that repeated one image would fail here).
    expect(closeness(gpu.data.subarray(0, 1280), gpu.data.subarray(2560), 1e-2, 0.1 * peak)).not.toBeNull();
  }, 300_000);
});
