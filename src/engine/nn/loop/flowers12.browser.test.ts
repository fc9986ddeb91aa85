// The in-CI fine-tune: ../shared/models/mobilenetv2-12-float.onnx on ../shared/data/flowers12 (its PaddleClas-list
// copy, whose val_list is a fixed 12-per-class split), head-only at 128×128 for 2 epochs: val top-1 ≥ 0.85.
// Backbone features come from ORT WASM (SwiftShader needs far longer for 720 MobileNetV2 forwards than CI allows);
// export-parity.gpu.test.ts shows ORT and the engine's eval forward agree within 1e-4. The head trains on WebGPU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalPreprocess } from '../../data/feed/eval-preprocess.ts';
import { forwardImagesWasm } from '../../data/feed/forward-images-wasm.ts';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped } from '../../gpu/testing.ts';
import { bitmapPixels, decodeImage } from '../../infer/decode.ts';
import { importOnnx } from '../../onnx/import.ts';
import { findClassifierHead, replaceHead } from '../graph/head.ts';
import { type EpochReport, type FeatureSet, trainHead } from './head-loop.ts';
import { DEFAULT_RECIPE } from './recipe.ts';
import { sharedFile } from './testing/shared-file.ts';

const inBrowser = typeof document !== 'undefined';
const ROOT = 'data/flowers12-paddleclas';

function parseList(text: string): { path: string; label: number }[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [path, label] = l.trim().split(' ');
      return { path, label: Number(label) };
    });
}

describe.skipIf(!inBrowser || gpuSkipped)('flowers12 head-only fine-tune in Chromium', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(navigator.gpu, { label: 'flowers12 test', maxDispatchesPerFlush: 10_000 });
  });
  afterAll(() => ctx?.destroy());

  it('MobileNetV2 float, 128 px, 2 epochs: val top-1 ≥ 0.85', async () => {
    const text = async (f: string) => new TextDecoder().decode(await sharedFile(`${ROOT}/${f}`));
    const train = parseList(await text('train_list.txt'));
    const val = parseList(await text('val_list.txt'));
    expect(train.length + val.length).toBe(720);
    const { graph } = importOnnx(
      await sharedFile('models/mobilenetv2-12-float.onnx'),
      'mobilenetv2-12-float',
    );
    const feature = findClassifierHead(graph).node.inputs[0];
    const pre = evalPreprocess(128);
    const features = async (list: { path: string; label: number }[]): Promise<FeatureSet> => {
      const f = await forwardImagesWasm(
        graph,
        list.length,
        async (i) => {
          const bitmap = await decodeImage(
            new Blob([await sharedFile(`${ROOT}/${list[i].path}`)]),
            list[i].path,
          );
          try {
            return bitmapPixels(bitmap);
          } finally {
            bitmap.close();
          }
        },
        pre,
        16,
        feature,
      );
      return { features: f.data, dim: f.dim, labels: Uint32Array.from(list, (e) => e.label) };
    };
    const trainSet = await features(train);
    const valSet = await features(val);
    const g = replaceHead(graph, 12, { seed: 0 });
    const reports: EpochReport[] = [];
    const recipe = { ...DEFAULT_RECIPE, epochs: 2, batch: 32, lr: 0.05, size: 128 };
    const { val: m } = await trainHead(ctx, g, trainSet, valSet, recipe, (e) => reports.push(e));
    console.log(JSON.stringify(reports));
    expect(reports).toHaveLength(2);
    expect(m!.top1).toBeGreaterThanOrEqual(0.85);
  }, 600_000);
});
