// One concrete call of an AutoAugment-family image op with its drawn arguments: what a policy samples per
// sample and what the GPU pass list is built from (a policy never touches pixels itself).
import type { Resample } from '../core/affine.ts';
import type { RgbImage } from '../core/image.ts';
import { applyAutoContrast } from '../ops/auto-contrast/auto-contrast.ref.ts';
import { applyBrightness } from '../ops/brightness/brightness.ref.ts';
import { applyColor } from '../ops/color/color.ref.ts';
import { applyContrast } from '../ops/contrast/contrast.ref.ts';
import { applyEqualize } from '../ops/equalize/equalize.ref.ts';
import { applyInvert } from '../ops/invert/invert.ref.ts';
import { applyPosterize } from '../ops/posterize/posterize.ref.ts';
import { applyRotate } from '../ops/rotate/rotate.ref.ts';
import { applySharpness } from '../ops/sharpness/sharpness.ref.ts';
import { applyShear } from '../ops/shear/shear.ref.ts';
import { applySolarize, applySolarizeAdd } from '../ops/solarize/solarize.ref.ts';
import { applyTranslate } from '../ops/translate/translate.ref.ts';

type Fill = readonly [number, number, number];

export type ImageOpCall =
  | {
      readonly op: 'ShearX' | 'ShearY';
      readonly factor: number;
      readonly resample: Resample;
      readonly fill: Fill;
    }
  | {
      readonly op: 'TranslateX' | 'TranslateY';
      readonly pixels: number;
      readonly resample: Resample;
      readonly fill: Fill;
    }
  | { readonly op: 'Rotate'; readonly degrees: number; readonly resample: Resample; readonly fill: Fill }
  | { readonly op: 'AutoContrast' | 'Equalize' | 'Invert' }
  | { readonly op: 'Solarize'; readonly threshold: number }
  | { readonly op: 'SolarizeAdd'; readonly add: number; readonly threshold: number }
  | { readonly op: 'Posterize'; readonly bits: number }
  | { readonly op: 'Contrast' | 'Color' | 'Brightness' | 'Sharpness'; readonly factor: number };

export type ImageOpName = ImageOpCall['op'];

export function applyImageOp(img: RgbImage, call: ImageOpCall): RgbImage {
  switch (call.op) {
    case 'ShearX':
      return applyShear(img, 'x', call.factor, call.resample, call.fill);
    case 'ShearY':
      return applyShear(img, 'y', call.factor, call.resample, call.fill);
    case 'TranslateX':
      return applyTranslate(img, 'x', call.pixels, call.resample, call.fill);
    case 'TranslateY':
      return applyTranslate(img, 'y', call.pixels, call.resample, call.fill);
    case 'Rotate':
      return applyRotate(img, call.degrees, call.resample, call.fill);
    case 'AutoContrast':
      return applyAutoContrast(img);
    case 'Equalize':
      return applyEqualize(img);
    case 'Invert':
      return applyInvert(img);
    case 'Solarize':
      return applySolarize(img, call.threshold);
    case 'SolarizeAdd':
      return applySolarizeAdd(img, call.add, call.threshold);
    case 'Posterize':
      return applyPosterize(img, call.bits);
    case 'Contrast':
      return applyContrast(img, call.factor);
    case 'Color':
      return applyColor(img, call.factor);
    case 'Brightness':
      return applyBrightness(img, call.factor);
    case 'Sharpness':
      return applySharpness(img, call.factor);
  }
}

export function applyImageOps(img: RgbImage, calls: readonly ImageOpCall[]): RgbImage {
  return calls.reduce(applyImageOp, img);
}
