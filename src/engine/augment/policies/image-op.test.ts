// The op-call dispatcher routes every ImageOpCall to its reference with its arguments.
import { describe, expect, it } from 'vitest';
import { applyEqualize } from '../ops/equalize/equalize.ref.ts';
import { applyPosterize } from '../ops/posterize/posterize.ref.ts';
import { applyRotate } from '../ops/rotate/rotate.ref.ts';
import { applySharpness } from '../ops/sharpness/sharpness.ref.ts';
import { applyShear } from '../ops/shear/shear.ref.ts';
import { applySolarizeAdd } from '../ops/solarize/solarize.ref.ts';
import { applyTranslate } from '../ops/translate/translate.ref.ts';
import { randomImage } from '../testing/test-util.ts';
import { applyImageOp, applyImageOps } from './image-op.ts';

describe('applyImageOp', () => {
  const img = randomImage(12, 10, 21);
  const fill = [1, 2, 3] as const;
  it('dispatches with the call arguments', () => {
    expect(applyImageOp(img, { op: 'ShearY', factor: 0.2, resample: 'bicubic', fill }).data).toEqual(
      applyShear(img, 'y', 0.2, 'bicubic', fill).data,
    );
    expect(applyImageOp(img, { op: 'TranslateX', pixels: -3, resample: 'nearest', fill }).data).toEqual(
      applyTranslate(img, 'x', -3, 'nearest', fill).data,
    );
    expect(applyImageOp(img, { op: 'Rotate', degrees: 12, resample: 'bilinear', fill }).data).toEqual(
      applyRotate(img, 12, 'bilinear', fill).data,
    );
    expect(applyImageOp(img, { op: 'SolarizeAdd', add: 30, threshold: 128 }).data).toEqual(
      applySolarizeAdd(img, 30).data,
    );
    expect(applyImageOp(img, { op: 'Sharpness', factor: 1.7 }).data).toEqual(applySharpness(img, 1.7).data);
  });
  it('applies a list in order', () => {
    const out = applyImageOps(img, [{ op: 'Posterize', bits: 3 }, { op: 'Equalize' }]);
    expect(out.data).toEqual(applyEqualize(applyPosterize(img, 3)).data);
    expect(applyImageOps(img, [])).toBe(img);
  });
});
