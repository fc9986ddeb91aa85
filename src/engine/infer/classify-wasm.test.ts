// The WASM classify path in Node with the real onnxruntime-web WASM build: MobileNetV2 float and int8 from
// ../shared/models on the two PNG photos of ../shared/data/photos (JPEGs need a browser decoder: see
// photos.browser.test.ts) and the session cache.
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../onnx/testing/png.ts';
import { readShared } from '../onnx/testing/shared.ts';
import type { U8Image } from '../preprocess/image.ts';
import { type ClassifierModel, classifyCpu, warmupDims } from './classify.ts';
import { SessionCache } from './session-cache.ts';

ort.env.wasm.numThreads = 1;

const imagenetPreprocess: ClassifierModel['preprocess'] = {
  resize: { mode: 'short-side', size: 256 },
  resample: 'bilinear',
  crop: { width: 224, height: 224 },
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  channelOrder: 'RGB',
  layout: 'NCHW',
};

function photo(name: string): U8Image {
  const { width, height, data } = decodePng(readShared(`data/photos/${name}`), name);
  return { width, height, channels: 3, data };
}

describe('classifyCpu (ORT WASM in Node)', () => {
  let names: string[];
  let model: ClassifierModel;
  const cache = new SessionCache(ort);
  beforeAll(() => {
    names = new TextDecoder().decode(readShared('models/imagenet-labels.txt')).trim().split('\n');
    model = { preprocess: imagenetPreprocess, outputKind: 'logits', label: (i) => names[i] };
  });

  it('gives the README classes for coffee.png and chelsea.png with the float model, batched', async () => {
    const s = await cache.get({
      modelKey: 'mobilenetv2-12-float/fp32',
      bytes: readShared('models/mobilenetv2-12-float.onnx'),
      backend: 'wasm',
      inputName: 'input',
      outputName: 'logits',
      warmupDims: warmupDims(imagenetPreprocess),
      capturePlacement: false,
    });
    // In Node, Emscripten writes ORT's log to the file descriptors, past the console: nothing to capture.
    expect(s.info.placement.reported).toBe(false);
    expect(s.info.createMs).toBeGreaterThan(0);
    const [coffee, cat] = await classifyCpu(ort, s, model, [photo('coffee.png'), photo('chelsea.png')], 5);
    expect(coffee.top[0]).toMatchObject({ index: 967, label: 'espresso' });
    expect([281, 282, 285]).toContain(cat.top[0].index);
    for (const r of [coffee, cat]) {
      expect(r.top).toHaveLength(5);
      expect(r.top[0].probability).toBeGreaterThan(r.top[4].probability);
      expect(r.top.reduce((a, p) => a + p.probability, 0)).toBeLessThanOrEqual(1 + 1e-5);
      expect(r.preprocessMs).toBeGreaterThan(0);
      expect(r.inferenceMs).toBeGreaterThan(0);
    }
    // Same model and backend: the cache hands back the same session.
    expect(
      await cache.get({
        modelKey: 'mobilenetv2-12-float/fp32',
        bytes: new Uint8Array(),
        backend: 'wasm',
        warmupDims: [],
      }),
    ).toBe(s);
  }, 60_000);

  it('agrees with the int8 model on coffee.png, and names a wrong input in the manifest', async () => {
    const bytes = readShared('models/mobilenetv2-12-int8.onnx');
    const s = await cache.get({
      modelKey: 'int8',
      bytes,
      backend: 'wasm',
      warmupDims: warmupDims(imagenetPreprocess),
      capturePlacement: false,
    });
    expect(s.info.inputName).toBe('input');
    const [coffee] = await classifyCpu(ort, s, model, [photo('coffee.png')], 3);
    expect(coffee.top[0].index).toBe(967);
    await expect(
      cache.get({
        modelKey: 'int8-bad',
        bytes,
        backend: 'wasm',
        inputName: 'images',
        warmupDims: [3, 224, 224],
        capturePlacement: false,
      }),
    ).rejects.toThrow('int8-bad: the manifest names input "images" but the model has input');
    await cache.releaseAll();
  }, 60_000);
});
