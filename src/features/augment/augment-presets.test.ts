// Every Gallery choice produces a config the PaddleClas parser accepts, with the chosen op where training expects it.
import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../../engine/augment/config/parse.ts';
import { DEFAULT_GALLERY, GALLERY_OPS, galleryConfig } from './augment-presets.ts';

describe('gallery presets', () => {
  for (const op of GALLERY_OPS) {
    it(`${op} at magnitudes 0, 5, 10 parses`, () => {
      for (const magnitude of [0, 5, 10]) {
        const cfg = galleryConfig({ ...DEFAULT_GALLERY, op, magnitude, probability: 0.7 });
        const pipeline = parsePipeline(JSON.parse(JSON.stringify(cfg)));
        const names = [...pipeline.transforms.map((t) => t.kind), ...pipeline.batch.map((b) => b.kind)];
        if (op !== 'none') expect(names).toContain(op);
        expect(names.slice(0, 3)).toEqual(['DecodeImage', 'RandCropImage', 'RandFlipImage']);
      }
    });
  }

  it('RandomErasing comes after NormalizeImage (it erases normalized values)', () => {
    const kinds = parsePipeline(galleryConfig({ ...DEFAULT_GALLERY, op: 'RandomErasing' })).transforms.map(
      (t) => t.kind,
    );
    expect(kinds.indexOf('RandomErasing')).toBeGreaterThan(kinds.indexOf('NormalizeImage'));
  });
});
