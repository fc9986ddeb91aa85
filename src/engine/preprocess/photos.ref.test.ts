// End-to-end proof of the reference preprocessing: real photos → preprocessRef (manifest spec) → the real
// MobileNetV2 float model on ORT's WASM EP in Node → the top-1 class ../shared/README.md lists.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { findEntry, validateManifest } from '../zoo/manifest.ts';
import { repoRoot, sharedPath } from '../zoo/testing/shared-dir.ts';
import { preprocessRef } from './pipeline.ref.ts';
import { decodePng } from './testing/png.ts';
import { softmaxRef, topKRef } from './topk.ref.ts';

const zoo = validateManifest(JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8')));

describe('reference preprocessing on real photos with mobilenetv2-12-float', () => {
  it('gives the expected ImageNet top-1 for coffee.png and chelsea.png', async () => {
    const entry = findEntry(zoo, 'mobilenetv2-12-float');
    const photos = [
      { file: 'coffee.png', want: [967] },
      { file: 'chelsea.png', want: [281, 282, 285] },
    ];
    const images = photos.map((p) => decodePng(readFileSync(sharedPath('data/photos', p.file)), p.file));
    const { data, dims } = preprocessRef(images, entry.preprocess);
    expect(dims).toEqual([2, 3, 224, 224]);
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(
      readFileSync(sharedPath('models', entry.variants[0].path)),
      {
        executionProviders: ['wasm'],
      },
    );
    try {
      const out = await session.run({ [entry.io.input!]: new ort.Tensor('float32', data, dims) });
      const logits = (await out[entry.io.output!].getData()) as Float32Array;
      const top = topKRef(softmaxRef(logits, 1000), 1000, 5);
      photos.forEach((p, i) => {
        expect(p.want, `${p.file}: top-5 ${JSON.stringify(top[i])}`).toContain(top[i][0].index);
        expect(top[i][0].score).toBeGreaterThan(0.2);
      });
    } finally {
      await session.release();
    }
  }, 60_000);

  it('gives the same top-1 with the int8 zoo model, which shares the preprocessing', async () => {
    const entry = findEntry(zoo, 'mobilenetv2-12-int8');
    const img = decodePng(readFileSync(sharedPath('data/photos', 'coffee.png')), 'coffee.png');
    const { data, dims } = preprocessRef([img], entry.preprocess);
    const session = await ort.InferenceSession.create(
      readFileSync(sharedPath('models', entry.variants[0].path)),
      {
        executionProviders: ['wasm'],
      },
    );
    try {
      const out = await session.run({ [entry.io.input!]: new ort.Tensor('float32', data, dims) });
      const logits = (await out[entry.io.output!].getData()) as Float32Array;
      expect(topKRef(logits, 1000, 1)[0][0].index).toBe(967);
    } finally {
      await session.release();
    }
  }, 60_000);
});
