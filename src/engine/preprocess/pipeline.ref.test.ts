// The composed reference pipeline: equals its steps, constants map to (v·scale − mean)/std, manifest specs run.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../zoo/manifest.ts';
import { repoRoot } from '../zoo/testing/shared-dir.ts';
import { centerCropRef } from './geometry.ts';
import { toRgbF32, type U8Image } from './image.ts';
import { normalizeRef } from './normalize.ref.ts';
import { outputSize, type PreprocessOptions, preprocessRef } from './pipeline.ref.ts';
import { resizeRef } from './resize.ref.ts';

const zoo = validateManifest(JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8')));
const spec = (id: string): PreprocessOptions => zoo.models.find((m) => m.id === id)!.preprocess;
const rgba = (w: number, h: number, fill?: number): U8Image => ({
  width: w,
  height: h,
  channels: 4,
  data: Uint8Array.from({ length: w * h * 4 }, () => fill ?? Math.floor(Math.random() * 256)),
});

describe('preprocessRef', () => {
  it('is resize → crop → normalize, as separate steps give it', () => {
    const o = {
      ...spec('mobilenetv2-12-float'),
      resize: { mode: 'short-side' as const, size: 20 },
      crop: { width: 16, height: 16 },
    };
    const img = rgba(30, 23);
    const { data, dims } = preprocessRef([img], o);
    expect(dims).toEqual([1, 3, 16, 16]);
    const r = resizeRef(toRgbF32(img), 26, 20, 'bilinear');
    const want = normalizeRef(centerCropRef(r, 16, 16), o);
    expect(Array.from(data)).toEqual(Array.from(want));
  });

  it('maps a constant image to (v·scale − mean)/std for every zoo preprocessing spec', () => {
    for (const m of zoo.models) {
      // Shrink sizes so the test stays fast; the maths per pixel is what is checked.
      const p = m.preprocess;
      const o: PreprocessOptions = {
        ...p,
        resize:
          p.resize.mode === 'exact'
            ? { mode: 'exact', width: 12, height: 12 }
            : { mode: 'short-side', size: 14 },
        crop: p.crop ? { width: 12, height: 12 } : null,
      };
      const v = 1 + Math.floor(Math.random() * 254);
      const img: U8Image = { width: 19, height: 15, channels: 3, data: new Uint8Array(19 * 15 * 3).fill(v) };
      const { data, dims } = preprocessRef([img, img], o);
      expect(dims, m.id).toEqual(o.layout === 'NCHW' ? [2, 3, 12, 12] : [2, 12, 12, 3]);
      for (let i = 0; i < data.length; i++) {
        const c = o.layout === 'NCHW' ? Math.floor(i / 144) % 3 : i % 3;
        expect(Math.abs(data[i] - (v * o.scale - o.mean[c]) / o.std[c]), m.id).toBeLessThan(1e-3);
      }
    }
  });

  it('batches images of different sizes through the crop, and explains a batch that cannot share a shape', () => {
    const o = spec('mobilenetv2-12-float');
    expect(outputSize(o, 640, 480)).toEqual({ width: 224, height: 224 });
    const small = { ...o, resize: { mode: 'short-side' as const, size: 10 }, crop: { width: 8, height: 8 } };
    const a = rgba(13, 10);
    const b = rgba(10, 17);
    const batch = preprocessRef([a, b], small).data;
    expect(Array.from(batch.slice(192))).toEqual(Array.from(preprocessRef([b], small).data));
    expect(() => preprocessRef([a, b], { ...small, crop: null })).toThrow(
      'preprocessRef: image 1 comes out 10×17, image 0 13×10; set a crop',
    );
    expect(() =>
      preprocessRef([{ width: 2, height: 2, channels: 4, data: new Uint8Array(3) }], small),
    ).toThrow('toRgbF32: 2×2×4 image needs 16 bytes, buffer has 3');
  });
});
