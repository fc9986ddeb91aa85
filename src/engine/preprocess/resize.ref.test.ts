// Resize reference: hand-checked values, invariants (identity, constants, checkerboard averaging) and Pillow goldens.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RgbF32 } from './image.ts';
import { filterWeight, type ResampleFilter, resampleWeights, resizeRef } from './resize.ref.ts';

const filters: ResampleFilter[] = ['bilinear', 'bicubic'];
const gray = (w: number, h: number, f: (x: number, y: number) => number): RgbF32 => {
  const data = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) data.fill(f(x, y), (y * w + x) * 3, (y * w + x) * 3 + 3);
  return { width: w, height: h, data };
};
const random = (w: number, h: number): RgbF32 => ({
  width: w,
  height: h,
  data: Float32Array.from({ length: w * h * 3 }, () => Math.floor(Math.random() * 256)),
});
/**
 * Pillow's 8-bit two-pass resample (libImaging/Resample.c) on our taps: weights in 22-bit fixed point,
 * +0.5 then shift, clip to 0..255 after each pass, horizontal pass first, a pass skipped when its size is unchanged.
 */
function pillowResize8(
  px: number[],
  w: number,
  h: number,
  ow: number,
  oh: number,
  f: ResampleFilter,
): Uint8Array {
  const P = 22;
  const fixed = (r: ReturnType<typeof resampleWeights>) =>
    Array.from(r.weights, (k) => (k < 0 ? Math.trunc(-0.5 + k * 2 ** P) : Math.trunc(0.5 + k * 2 ** P)));
  const clip8 = (ss: number) => Math.min(255, Math.max(0, Math.floor(ss / 2 ** P)));
  let cur = Uint8Array.from(px);
  let cw = w;
  if (ow !== w) {
    const r = resampleWeights(w, ow, f);
    const k = fixed(r);
    const next = new Uint8Array(ow * h * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < ow; x++)
        for (let c = 0; c < 3; c++) {
          let ss = 2 ** (P - 1);
          for (let t = 0; t < r.count[x]; t++)
            ss += k[x * r.maxTaps + t] * cur[(y * cw + r.start[x] + t) * 3 + c];
          next[(y * ow + x) * 3 + c] = clip8(ss);
        }
    cur = next;
    cw = ow;
  }
  if (oh !== h) {
    const r = resampleWeights(h, oh, f);
    const k = fixed(r);
    const next = new Uint8Array(ow * oh * 3);
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++)
        for (let c = 0; c < 3; c++) {
          let ss = 2 ** (P - 1);
          for (let t = 0; t < r.count[y]; t++)
            ss += k[y * r.maxTaps + t] * cur[((r.start[y] + t) * ow + x) * 3 + c];
          next[(y * ow + x) * 3 + c] = clip8(ss);
        }
    cur = next;
  }
  return cur;
}

const randInt = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

describe('resizeRef', () => {
  it('matches hand-computed Pillow values for a 4 → 2 ramp', () => {
    const img = gray(4, 1, (x) => 10 * x);
    // Bilinear, scale 2: taps (.75,.75,.25)/1.75 at the left edge, (.25,.75,.75)/1.75 at the right.
    const bl = resizeRef(img, 2, 1, 'bilinear').data;
    expect(bl[0]).toBeCloseTo(12.5 / 1.75, 5);
    expect(bl[3]).toBeCloseTo(40 / 1.75, 5);
    // Bicubic a=-0.5, support 4: f(±.25)=.8671875, f(.75)=.2265625, f(1.25)=-.0703125 over taps 0..3.
    const bc = resizeRef(img, 2, 1, 'bicubic').data;
    expect(bc[0]).toBeCloseTo(11.09375 / 1.890625, 5);
    expect(bc[3]).toBeCloseTo(30 - 11.09375 / 1.890625, 5);
  });

  it('uses Keys a = -0.5 for bicubic', () => {
    expect(filterWeight('bicubic', 0)).toBe(1);
    expect(filterWeight('bicubic', 1)).toBeCloseTo(0, 15);
    expect(filterWeight('bicubic', 0.5)).toBeCloseTo(0.5625, 12);
    expect(filterWeight('bicubic', 1.5)).toBeCloseTo(-0.0625, 12);
    expect(filterWeight('bilinear', 0.25)).toBe(0.75);
  });

  it('returns the input exactly for an identity resize', () => {
    for (const f of filters) {
      const img = random(randInt(1, 17), randInt(1, 17));
      expect(resizeRef(img, img.width, img.height, f).data).toEqual(img.data);
    }
  });

  it('keeps a constant image constant, up and down', () => {
    for (const f of filters) {
      for (let t = 0; t < 6; t++) {
        const v = randInt(0, 255);
        const out = resizeRef(
          gray(randInt(1, 40), randInt(1, 40), () => v),
          randInt(1, 40),
          randInt(1, 40),
          f,
        );
        for (const x of out.data) expect(Math.abs(x - v)).toBeLessThan(1e-4);
      }
    }
  });

  it('averages a 1-pixel checkerboard when downscaling by 2 or 4 (antialiasing), away from the edges', () => {
    for (const f of filters) {
      for (const k of [2, 4]) {
        const lo = randInt(0, 100);
        const hi = randInt(150, 255);
        const out = resizeRef(
          gray(16 * k, 16 * k, (x, y) => ((x + y) % 2 ? hi : lo)),
          16,
          16,
          f,
        );
        const margin = f === 'bicubic' ? 2 : 1;
        for (let y = margin; y < 16 - margin; y++) {
          for (let x = margin; x < 16 - margin; x++)
            expect(out.data[(y * 16 + x) * 3]).toBeCloseTo((lo + hi) / 2, 4);
        }
      }
    }
  });

  it('clamps bicubic overshoot to 0..255', () => {
    const out = resizeRef(
      gray(4, 4, (x) => (x < 2 ? 0 : 255)),
      9,
      9,
      'bicubic',
    );
    expect(Math.min(...out.data)).toBe(0);
    expect(Math.max(...out.data)).toBe(255);
  });

  it('matches Pillow within 1 level (Pillow rounds to 8 bits after each pass; we do not)', () => {
    const golden = JSON.parse(readFileSync(new URL('./pil-resize.golden.json', import.meta.url), 'utf8')) as {
      cases: {
        width: number;
        height: number;
        outWidth: number;
        outHeight: number;
        filter: ResampleFilter;
        input: number[];
        pil: number[];
      }[];
    };
    expect(golden.cases.length).toBe(10);
    for (const c of golden.cases) {
      const out = resizeRef(
        { width: c.width, height: c.height, data: Float32Array.from(c.input) },
        c.outWidth,
        c.outHeight,
        c.filter,
      );
      let worst = 0;
      for (let i = 0; i < out.data.length; i++) worst = Math.max(worst, Math.abs(out.data[i] - c.pil[i]));
      expect(worst, `${c.width}×${c.height}→${c.outWidth}×${c.outHeight} ${c.filter}`).toBeLessThanOrEqual(1);
      // Pillow's own 8-bit arithmetic on the same taps (pillowResize8) reproduces its bytes exactly, which pins
      // the sampling convention (centres, support, edge handling) beyond the 1-level tolerance above.
      const exact = pillowResize8(c.input, c.width, c.height, c.outWidth, c.outHeight, c.filter);
      expect(Array.from(exact), `${c.filter} ${c.width}×${c.height}→${c.outWidth}×${c.outHeight}`).toEqual(
        c.pil,
      );
    }
  });
});

describe('resampleWeights', () => {
  it('gives taps inside the image whose weights sum to 1', () => {
    for (const f of filters) {
      for (let t = 0; t < 20; t++) {
        const inSize = randInt(1, 300);
        const outSize = randInt(1, 300);
        const w = resampleWeights(inSize, outSize, f);
        for (let i = 0; i < outSize; i++) {
          expect(w.count[i]).toBeGreaterThan(0);
          expect(w.count[i]).toBeLessThanOrEqual(w.maxTaps);
          expect(w.start[i]).toBeGreaterThanOrEqual(0);
          expect(w.start[i] + w.count[i]).toBeLessThanOrEqual(inSize);
          let s = 0;
          for (let k = 0; k < w.count[i]; k++) s += w.weights[i * w.maxTaps + k];
          expect(s).toBeCloseTo(1, 12);
        }
      }
    }
  });

  it('names the op on bad sizes', () => {
    expect(() => resampleWeights(0, 3, 'bilinear')).toThrow(
      'resampleWeights: sizes must be positive integers, got 0 → 3',
    );
    expect(() => resizeRef({ width: 2, height: 2, data: new Float32Array(5) }, 1, 1, 'bilinear')).toThrow(
      'resizeRef: 2×2 RGB image needs 12 floats, buffer has 5',
    );
  });
});
