// GPU preprocessing vs the CPU reference (src/engine/preprocess/pipeline.ref.ts) on fresh random images: bilinear
// and bicubic, downscaling (antialiased) and upscaling, NCHW and NHWC+BGR, a batch of differently sized images.
// Required tolerance: 1e-3 per element in normalized units; the output buffer is NaN-poisoned first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, requireGpu } from '../../gpu/testing.ts';
import type { U8Image } from '../../preprocess/image.ts';
import { type PreprocessOptions, preprocessRef } from '../../preprocess/pipeline.ref.ts';
import type { Resample } from '../../zoo/manifest.ts';
import { createInputBuffer, preprocessBatch, uploadRgba } from './preprocess.ts';

const TOL = 1e-3;

function randomRgba(width: number, height: number): U8Image {
  const data = new Uint8Array(width * height * 4);
  crypto.getRandomValues(data);
  return { width, height, channels: 4, data };
}

function options(
  resample: Resample,
  short: number,
  crop: number,
  extra: Partial<PreprocessOptions> = {},
): PreprocessOptions {
  return {
    resize: { mode: 'short-side', size: short },
    resample,
    crop: { width: crop, height: crop },
    scale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    channelOrder: 'RGB',
    layout: 'NCHW',
    ...extra,
  };
}

describe.skipIf(gpuSkipped)('GPU preprocessing (resize → crop → normalize)', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'preprocess test' });
  });
  afterAll(() => ctx?.destroy());

  async function check(images: U8Image[], o: PreprocessOptions, what: string): Promise<void> {
    const want = preprocessRef(images, o);
    const out = createInputBuffer(ctx, want.data.length, 'poisoned input');
    ctx.device.queue.writeBuffer(out, 0, new Float32Array(want.data.length).fill(Number.NaN));
    const gpuImages = images.map((im, i) => uploadRgba(ctx, im, `${what} image ${i}`));
    const { dims } = await preprocessBatch(ctx, gpuImages, o, out);
    expect(dims, what).toEqual(want.dims);
    const got = await ctx.read({
      buffer: out,
      shape: [want.data.length],
      dtype: 'f32',
      size: want.data.length,
    });
    let worst = 0;
    let at = -1;
    for (let i = 0; i < got.length; i++) {
      const e = Math.abs(got[i] - want.data[i]);
      if (!(e <= worst)) {
        worst = e;
        at = i;
      }
    }
    expect(
      worst,
      `${what}: max error ${worst} at element ${at} (gpu ${got[at]}, ref ${want.data[at]})`,
    ).toBeLessThan(TOL);
    for (const g of gpuImages) g.texture.destroy();
    out.destroy();
  }

  for (const resample of ['bilinear', 'bicubic'] as const) {
    it(`${resample}: downscaling with antialiasing, landscape and portrait, odd crop offsets`, async () => {
      await check([randomRgba(61, 37)], options(resample, 20, 16), `${resample} 61×37 → 20 → 16`);
      await check([randomRgba(23, 58)], options(resample, 15, 15), `${resample} 23×58 → 15 → 15`);
    });

    it(`${resample}: upscaling, and a batch of two differently sized images`, async () => {
      await check([randomRgba(9, 7)], options(resample, 14, 12), `${resample} 9×7 → 14 → 12`);
      await check(
        [randomRgba(40, 30), randomRgba(17, 25)],
        options(resample, 16, 12),
        `${resample} batch of 2`,
      );
    });
  }

  it('writes NHWC with a BGR swap and 0..255 scaling, and an exact resize without crop', async () => {
    const bgr = options('bilinear', 18, 14, {
      channelOrder: 'BGR',
      layout: 'NHWC',
      scale: 1,
      mean: [103.9, 116.8, 123.7],
      std: [57.4, 57.1, 58.4],
    });
    await check([randomRgba(33, 27)], bgr, 'NHWC BGR');
    const exact = options('bicubic', 1, 1, { resize: { mode: 'exact', width: 13, height: 11 }, crop: null });
    await check([randomRgba(29, 19), randomRgba(8, 30)], exact, 'exact 13×11 batch');
  });

  it('rejects a batch whose images come out at different sizes, and a too small output buffer', async () => {
    const noCrop = { ...options('bilinear', 10, 10), crop: null };
    const a = uploadRgba(ctx, randomRgba(12, 10), 'a');
    const b = uploadRgba(ctx, randomRgba(10, 17), 'b');
    const out = createInputBuffer(ctx, 4096);
    await expect(preprocessBatch(ctx, [a, b], noCrop, out)).rejects.toThrow(
      'preprocess: image 1 comes out 10×17, image 0 12×10; set a crop',
    );
    const small = createInputBuffer(ctx, 10);
    await expect(preprocessBatch(ctx, [a], options('bilinear', 10, 8), small)).rejects.toThrow(
      'preprocess: output buffer has 40 bytes, the batch needs 768',
    );
    for (const t of [a, b]) t.texture.destroy();
    out.destroy();
    small.destroy();
  });
});
