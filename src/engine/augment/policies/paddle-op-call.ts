// PaddleClas's AutoAugment/RandAugment op semantics (ppcls/data/preprocess/ops/autoaugment.py, randaugment.py):
// turn (op name, magnitude) into an ImageOpCall, drawing the ±1 sign where PaddleClas calls random.choice([-1, 1]).
import type { RngStream } from '../rng/stream.ts';
import type { ImageOpCall } from './image-op.ts';

export const PADDLE_OPS = [
  'shearX',
  'shearY',
  'translateX',
  'translateY',
  'rotate',
  'color',
  'posterize',
  'solarize',
  'contrast',
  'sharpness',
  'brightness',
  'autocontrast',
  'equalize',
  'invert',
] as const;

export type PaddleOp = (typeof PADDLE_OPS)[number];

/**
 * Shear: bicubic + fill; translate: PIL's default nearest + fill, pixels = magnitude·size; rotate:
 * rotate_with_fill = nearest, grey 128, and no random sign (PaddleClas rotates counter-clockwise only);
 * enhance ops: factor 1 ± magnitude.
 */
export function paddleOpCall(
  rng: RngStream,
  op: PaddleOp,
  magnitude: number,
  fill: readonly [number, number, number],
  imgW: number,
  imgH: number,
): ImageOpCall {
  switch (op) {
    case 'shearX':
      return { op: 'ShearX', factor: magnitude * rng.sign(), resample: 'bicubic', fill };
    case 'shearY':
      return { op: 'ShearY', factor: magnitude * rng.sign(), resample: 'bicubic', fill };
    case 'translateX':
      return { op: 'TranslateX', pixels: magnitude * imgW * rng.sign(), resample: 'nearest', fill };
    case 'translateY':
      return { op: 'TranslateY', pixels: magnitude * imgH * rng.sign(), resample: 'nearest', fill };
    case 'rotate':
      return { op: 'Rotate', degrees: magnitude, resample: 'nearest', fill: [128, 128, 128] };
    case 'color':
      return { op: 'Color', factor: 1 + magnitude * rng.sign() };
    case 'contrast':
      return { op: 'Contrast', factor: 1 + magnitude * rng.sign() };
    case 'sharpness':
      return { op: 'Sharpness', factor: 1 + magnitude * rng.sign() };
    case 'brightness':
      return { op: 'Brightness', factor: 1 + magnitude * rng.sign() };
    case 'posterize':
      return { op: 'Posterize', bits: magnitude };
    case 'solarize':
      return { op: 'Solarize', threshold: magnitude };
    case 'autocontrast':
      return { op: 'AutoContrast' };
    case 'equalize':
      return { op: 'Equalize' };
    case 'invert':
      return { op: 'Invert' };
  }
}
