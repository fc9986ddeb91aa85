// CPU baseline for the augmentation bench: OffscreenCanvas drawImage does crop + resize + flip + rotate with a
// grey fill in one transformed draw; JS loops do brightness, normalize, erasing, Cutmix and the NCHW layout.
// Where OffscreenCanvas is missing (Node), the plain-TS reference executor is timed instead ('cpu-js-reference').
import { applyCutmix } from '../../augment/batch/cutmix/cutmix.ref.ts';
import { applyPlan } from '../../augment/config/execute.ts';
import { toNchw } from '../../augment/ops/normalize/normalize.ref.ts';
import { type Timing, type TimingOptions, timeGpuWork } from '../timing.ts';
import { type AugmentBenchCase, MEAN, STD } from './augment-case.ts';

export const cpuBaselineName = (): string =>
  typeof OffscreenCanvas === 'undefined' ? 'cpu-js-reference' : 'cpu-canvas';

async function canvasSources(c: AugmentBenchCase): Promise<ImageBitmap[]> {
  return Promise.all(
    c.images.map((img) => {
      const rgba = new Uint8ClampedArray(img.width * img.height * 4);
      for (let p = 0; p < img.width * img.height; p++) {
        for (let ch = 0; ch < 3; ch++) rgba[p * 4 + ch] = img.data[p * 3 + ch];
        rgba[p * 4 + 3] = 255;
      }
      return createImageBitmap(new ImageData(rgba, img.width, img.height));
    }),
  );
}

function canvasBatch(c: AugmentBenchCase, bitmaps: ImageBitmap[], canvas: OffscreenCanvas): Float32Array {
  const { n, size } = c;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) throw new Error('augment bench: OffscreenCanvas 2d context unavailable');
  const plane = size * size;
  const out = new Float32Array(n * 3 * plane);
  c.samples.forEach((s, i) => {
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.fillStyle = 'rgb(128,128,128)';
    g.fillRect(0, 0, size, size);
    // rotate counter-clockwise about the centre, then flip, then the crop resized to the canvas
    g.translate(size / 2, size / 2);
    g.rotate((-s.angle * Math.PI) / 180);
    g.translate(-size / 2, -size / 2);
    if (s.flip) {
      g.translate(size, 0);
      g.scale(-1, 1);
    }
    g.drawImage(bitmaps[i], s.box.x, s.box.y, s.box.w, s.box.h, 0, 0, size, size);
    const px = g.getImageData(0, 0, size, size).data;
    const e = s.erase;
    for (let p = 0; p < plane; p++) {
      const y = (p / size) | 0;
      const x = p - y * size;
      const erased = e !== undefined && y >= e.top && y < e.top + e.h && x >= e.left && x < e.left + e.w;
      for (let ch = 0; ch < 3; ch++) {
        const v = Math.min(255, px[p * 4 + ch] * s.brightness);
        out[(i * 3 + ch) * plane + p] = erased ? 0 : (v / 255 - MEAN[ch]) / STD[ch];
      }
    }
  });
  const { perm, box } = c.cutmix;
  const mixed = out.slice();
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < 3; ch++)
      for (let y = box.y1; y < box.y2; y++) {
        const row = (i * 3 + ch) * plane + y * size;
        const from = (perm[i] * 3 + ch) * plane + y * size;
        mixed.set(out.subarray(from + box.x1, from + box.x2), row + box.x1);
      }
  return mixed;
}

export async function timeCpuAugment(c: AugmentBenchCase, opts: TimingOptions): Promise<Timing> {
  let sink = 0;
  if (typeof OffscreenCanvas === 'undefined') {
    return timeGpuWork(
      () => {
        const imgs = c.images.map((img, i) => applyPlan(img, c.pipeline, c.plans[i]));
        const mixed = applyCutmix(
          imgs,
          c.labels,
          { ...c.cutmix, lamRaw: c.cutmix.lam, ...c.cutmix.box },
          c.classNum,
        );
        sink += toNchw(mixed.images)[0];
      },
      async () => {},
      opts,
    );
  }
  const bitmaps = await canvasSources(c);
  const canvas = new OffscreenCanvas(c.size, c.size);
  try {
    const t = await timeGpuWork(
      () => {
        sink += canvasBatch(c, bitmaps, canvas)[0];
      },
      async () => {},
      opts,
    );
    if (Number.isNaN(sink)) throw new Error('augment bench: CPU batch produced NaN');
    return t;
  } finally {
    for (const b of bitmaps) b.close();
  }
}
