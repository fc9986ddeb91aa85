// GridMask: probability ramp with the epoch, parameter ranges, band geometry checked against the canvas loops.
import { describe, expect, it } from 'vitest';
import { rotationMatrix, warpAffine } from '../../core/affine.ts';
import { imageFrom, pixel } from '../../core/image.ts';
import { RngStream } from '../../rng/stream.ts';
import {
  DEFAULT_GRID_MASK,
  type GridMaskDraw,
  gridMaskAt,
  gridMaskProb,
  sampleGridMask,
} from './grid-mask.ref.ts';

const rng = (s: number, epoch: number) => new RngStream({ seed: 6, epoch, step: 0, sample: s, stream: 1 });

/** PaddleClas's loops over the 1.5× canvas, literally (angle 0). */
function canvasMask(d: GridMaskDraw, w: number, h: number): number[] {
  const hh = Math.trunc(1.5 * h);
  const ww = Math.trunc(1.5 * w);
  const mask = Array.from({ length: hh }, () => new Array(ww).fill(1));
  for (let i = -1; i < Math.floor(hh / d.d) + 1; i++) {
    const s = Math.max(Math.min(d.d * i + d.stH, hh), 0);
    const t = Math.max(Math.min(d.d * i + d.stH + d.l, hh), 0);
    for (let r = s; r < t; r++) mask[r].fill(0);
  }
  for (let i = -1; i < Math.floor(ww / d.d) + 1; i++) {
    const s = Math.max(Math.min(d.d * i + d.stW, ww), 0);
    const t = Math.max(Math.min(d.d * i + d.stW + d.l, ww), 0);
    for (const row of mask) for (let c = s; c < t; c++) row[c] = 0;
  }
  const oy = Math.floor((hh - h) / 2);
  const ox = Math.floor((ww - w) / 2);
  const out: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.push(mask[y + oy][x + ox]);
  return out;
}

describe('GridMask', () => {
  it('probability ramps from 0 at epoch 0 to prob at numEpochs', () => {
    expect(gridMaskProb(DEFAULT_GRID_MASK, 0)).toBe(0);
    expect(gridMaskProb(DEFAULT_GRID_MASK, 120)).toBe(0.5);
    expect(gridMaskProb(DEFAULT_GRID_MASK, 500)).toBe(1);
    expect(sampleGridMask(rng(0, 0), DEFAULT_GRID_MASK)).toBeUndefined();
    const fired = Array.from({ length: 2000 }, (_, s) =>
      sampleGridMask(rng(s, 60), DEFAULT_GRID_MASK),
    ).filter(Boolean).length;
    expect(Math.abs(fired / 2000 - 0.25)).toBeLessThan(0.03);
  });

  it('draws d in [d1, d2), l = int(d·ratio + .5), offsets in [0, d), angle 0 for rotate 1', () => {
    for (let s = 0; s < 300; s++) {
      const d = sampleGridMask(rng(s, 240), DEFAULT_GRID_MASK)!;
      expect(d.d).toBeGreaterThanOrEqual(96);
      expect(d.d).toBeLessThan(224);
      expect(d.l).toBe(Math.trunc(d.d * 0.5 + 0.5));
      expect(d.stH).toBeLessThan(d.d);
      expect(d.stW).toBeLessThan(d.d);
      expect(d.angle).toBe(0);
    }
  });

  it('the per-pixel closed form equals the canvas loops, mode 1 inverts', () => {
    for (let s = 0; s < 20; s++) {
      const d = sampleGridMask(rng(s, 240), { ...DEFAULT_GRID_MASK, d1: 5, d2: 17 })!;
      const w = 37;
      const h = 29;
      const ref = canvasMask(d, w, h);
      const got: number[] = [];
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) got.push(gridMaskAt(d, x, y, w, h));
      expect(got).toEqual(ref);
      const inv: number[] = [];
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) inv.push(gridMaskAt({ ...d, mode: 1 }, x, y, w, h));
      expect(inv).toEqual(ref.map((v) => 1 - v));
    }
  });

  it('with rotate > 1 the mask equals the canvas rotated by PIL (nearest, outside → 0), then centre-cropped', () => {
    const cfg = { ...DEFAULT_GRID_MASK, d1: 6, d2: 15, rotate: 360 };
    let d = sampleGridMask(rng(0, 240), cfg)!;
    for (let s = 1; d.angle === 0; s++) d = sampleGridMask(rng(s, 240), cfg)!;
    const w = 30;
    const h = 22;
    const hh = Math.trunc(1.5 * h);
    const ww = Math.trunc(1.5 * w);
    const canvas = imageFrom(ww, hh, (x, y) => {
      const inBand = (v: number, st: number) => (((v - st) % d.d) + d.d) % d.d < d.l;
      return inBand(y, d.stH) || inBand(x, d.stW) ? 0 : 1;
    });
    const rotated = warpAffine(canvas, rotationMatrix(d.angle, ww, hh), 'nearest', [0, 0, 0]);
    const oy = Math.floor((hh - h) / 2);
    const ox = Math.floor((ww - w) / 2);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) expect(gridMaskAt(d, x, y, w, h)).toBe(pixel(rotated, x + ox, y + oy, 0));
  });

  it('hides about ratio-derived area: 1 − (1 − l/d)² on average', () => {
    const d = sampleGridMask(rng(3, 240), DEFAULT_GRID_MASK)!;
    let zeros = 0;
    for (let y = 0; y < 224; y++) for (let x = 0; x < 224; x++) zeros += 1 - gridMaskAt(d, x, y, 224, 224);
    const expected = 1 - (1 - d.l / d.d) ** 2;
    expect(Math.abs(zeros / 224 ** 2 - expected)).toBeLessThan(0.2);
  });
});
