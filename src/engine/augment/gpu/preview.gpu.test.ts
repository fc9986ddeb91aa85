// Gallery preview on the GPU: sources × variants come back as RGBA with the normalization undone, one soft
// target row per sample, and variants of one source differ (their draws differ).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, requireGpu } from '../../gpu/testing.ts';
import { imageFrom } from '../core/image.ts';
import { previewBatch } from './preview.ts';

describe.skipIf(gpuSkipped)('gallery preview', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'preview test' });
  });
  afterAll(() => ctx?.destroy());

  const a = imageFrom(40, 32, (x, y, c) => (x * 5 + y * 3 + c * 40) % 256);
  const b = imageFrom(40, 32, (x, y, c) => (255 - x * 4 - c * 30 + y) & 255);

  it('normalize-only config shows the original pixels again', async () => {
    const r = await previewBatch(ctx, {
      config: [{ NormalizeImage: { scale: '1.0/255.0', order: '' } }],
      sources: [a, b],
      variants: 1,
      key: { seed: 1, epoch: 0, step: 0 },
    });
    expect(r.images.map((i) => [i.source, i.width, i.height])).toEqual([
      [0, 40, 32],
      [1, 40, 32],
    ]);
    let maxErr = 0;
    r.images.forEach((img, s) => {
      const src = s === 0 ? a : b;
      for (let p = 0; p < 40 * 32; p++)
        for (let c = 0; c < 3; c++)
          maxErr = Math.max(maxErr, Math.abs(img.rgba[p * 4 + c] - src.data[p * 3 + c]));
    });
    expect(maxErr).toBeLessThanOrEqual(1);
    expect(r.images[1].target).toEqual([0, 1]);
  });

  it('variants of one source differ and mixing gives soft targets', async () => {
    const r = await previewBatch(ctx, {
      config: {
        transform_ops: [
          { RandCropImage: { size: 24 } },
          { RandAugment: { magnitude: 9 } },
          { NormalizeImage: {} },
        ],
        batch_transform_ops: [{ MixupOperator: { alpha: 0.4 } }],
      },
      sources: [a, b],
      variants: 3,
      key: { seed: 5, epoch: 1, step: 2 },
    });
    expect(r.images).toHaveLength(6);
    const same = r.images[0].rgba.every((v, i) => v === r.images[1].rgba[i]);
    expect(same).toBe(false);
    for (const img of r.images) expect(img.target.reduce((s, t) => s + t, 0)).toBeCloseTo(1, 5);
    await expect(
      previewBatch(ctx, {
        config: [{ RandFlipImage: null }],
        sources: [],
        variants: 1,
        key: { seed: 0, epoch: 0, step: 0 },
      }),
    ).rejects.toThrow('gallery: no source images');
  });
});
