// Brightness: v·factor clipped.
import { describe, expect, it } from 'vitest';
import { imageFrom } from '../../core/image.ts';
import { channel } from '../../testing/test-util.ts';
import { applyBrightness } from './brightness.ref.ts';

describe('Brightness', () => {
  it('scales and clips', () => {
    const img = imageFrom(3, 1, (x) => [10, 100, 200][x]);
    expect(channel(applyBrightness(img, 1.5), 0)).toEqual([15, 150, 255]);
    expect(channel(applyBrightness(img, 0), 0)).toEqual([0, 0, 0]);
  });
});
