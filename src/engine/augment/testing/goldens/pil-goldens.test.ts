// Our references against Pillow's own output (pil.golden.json, made by make-pil-goldens.py with Pillow 9.4) on a
// 16×12 integer image. Pillow stores uint8 and our references keep floats, so: integer ops and nearest sampling
// must be exact; where Pillow truncates its one float result (affine bilinear/bicubic, Image.blend behind
// Brightness/Contrast) floor(ours) must equal Pillow exactly; where it also rounds an intermediate (grey for
// Color, the SMOOTH image for Sharpness, fixed-point resize passes) the tolerance is stated per case.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rotationMatrix, warpAffine } from '../../core/affine.ts';
import { imageFrom, type RgbImage } from '../../core/image.ts';
import { resizeImage } from '../../core/resample.ts';
import { applyAutoContrast } from '../../ops/auto-contrast/auto-contrast.ref.ts';
import { applyBrightness } from '../../ops/brightness/brightness.ref.ts';
import { applyColor, applyGrayscale } from '../../ops/color/color.ref.ts';
import { applyHueShift } from '../../ops/color-jitter/color-jitter.ref.ts';
import { applyContrast } from '../../ops/contrast/contrast.ref.ts';
import { applyEqualize } from '../../ops/equalize/equalize.ref.ts';
import { applyInvert } from '../../ops/invert/invert.ref.ts';
import { applyPosterize } from '../../ops/posterize/posterize.ref.ts';
import { applySharpness } from '../../ops/sharpness/sharpness.ref.ts';
import { applySolarize } from '../../ops/solarize/solarize.ref.ts';

interface Golden {
  width: number;
  height: number;
  fill: [number, number, number];
  ops: Record<string, number[]>;
}

const golden: Golden = JSON.parse(readFileSync(resolve(import.meta.dirname, 'pil.golden.json'), 'utf8'));
const { width: W, height: H } = golden;
const FILL = golden.fill;

/** Same formula as level() in make-pil-goldens.py. */
const img = imageFrom(
  W,
  H,
  (x, y, c) => (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 13 + ((x * x) % 7) * 29) % 256,
);

/**
 * 'floor' = Pillow ≤ ours < Pillow + 1 everywhere (Pillow truncated the same value; 1e-6 slack because the two
 * sides sum in different orders and an exact integer may land a hair either side); a number = max |ours − Pillow|.
 */
type Check = 'floor' | number;

function mismatch(ours: RgbImage, name: string, check: Check): number {
  const ref = golden.ops[name];
  if (!ref) throw new Error(`pil.golden.json has no op "${name}"`);
  expect(ours.data.length).toBe(ref.length);
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    const v = ours.data[i];
    const d =
      check === 'floor' ? Math.max(0, ref[i] - 1e-6 - v, v - (ref[i] + 1 + 1e-6)) : Math.abs(v - ref[i]);
    m = Math.max(m, d);
  }
  return m;
}

const cases: [string, Check, () => RgbImage][] = [
  ['equalize', 0, () => applyEqualize(img)],
  ['autocontrast', 0, () => applyAutoContrast(img)],
  ['posterize2', 0, () => applyPosterize(img, 2)],
  ['solarize100', 0, () => applySolarize(img, 100)],
  ['invert', 0, () => applyInvert(img)],
  ['gray', 0.5, () => applyGrayscale(img)],
  ['color0.3', 1.5, () => applyColor(img, 0.3)],
  ['color1.6', 1.5, () => applyColor(img, 1.6)],
  ['contrast0.3', 'floor', () => applyContrast(img, 0.3)],
  ['contrast1.6', 'floor', () => applyContrast(img, 1.6)],
  ['brightness0.3', 'floor', () => applyBrightness(img, 0.3)],
  ['brightness1.6', 'floor', () => applyBrightness(img, 1.6)],
  ['sharpness0.2', 1.5, () => applySharpness(img, 0.2)],
  ['sharpness1.9', 1.5, () => applySharpness(img, 1.9)],
  // Pillow quantises H, S and V to uint8 and shifts by 25/255 instead of 0.1, worth up to ~12 levels on saturated
  // pixels: a bound that still catches a wrong direction or wrong colour space (those miss by ~100)
  ['hue0.1', 12, () => applyHueShift(img, 0.1)],
];
for (const r of ['nearest', 'bilinear', 'bicubic'] as const) {
  const tol: Check = r === 'nearest' ? 0 : 'floor';
  cases.push(
    [`shearx0.3_${r}`, tol, () => warpAffine(img, [1, 0.3, 0, 0, 1, 0], r, FILL)],
    [`sheary-0.25_${r}`, tol, () => warpAffine(img, [1, 0, 0, -0.25, 1, 0], r, FILL)],
    [`translatex2.6_${r}`, tol, () => warpAffine(img, [1, 0, 2.6, 0, 1, 0], r, FILL)],
    [`rotate30_${r}`, tol, () => warpAffine(img, rotationMatrix(30, W, H), r, FILL)],
    [`rotate-13.5_${r}`, tol, () => warpAffine(img, rotationMatrix(-13.5, W, H), r, FILL)],
  );
}
for (const f of ['bilinear', 'bicubic'] as const) {
  cases.push(
    [`resize7x5_${f}`, 1, () => resizeImage(img, 7, 5, f)],
    [`resize24x19_${f}`, 1, () => resizeImage(img, 24, 19, f)],
  );
}

describe('references vs Pillow goldens', () => {
  it.each(cases)('%s (check: %s)', (name, check, run) => {
    expect(mismatch(run(), name, check)).toBeLessThanOrEqual(check === 'floor' ? 0 : check);
  });
});
