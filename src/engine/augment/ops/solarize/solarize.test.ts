// Solarize / SolarizeAdd by hand.
import { describe, expect, it } from 'vitest';
import { imageFrom } from '../../core/image.ts';
import { channel } from '../../testing/test-util.ts';
import { applySolarize, applySolarizeAdd } from './solarize.ref.ts';

describe('Solarize', () => {
  const img = imageFrom(4, 1, (x) => [0, 127, 128, 250][x]);
  it('inverts values ≥ threshold', () => {
    expect(channel(applySolarize(img, 128), 0)).toEqual([0, 127, 127, 5]);
    expect(channel(applySolarize(img, 256), 0)).toEqual([0, 127, 128, 250]);
    expect(channel(applySolarize(img, 0), 0)).toEqual([255, 128, 127, 5]);
  });
  it('SolarizeAdd adds below the threshold, capped at 255', () => {
    expect(channel(applySolarizeAdd(img, 100), 0)).toEqual([100, 227, 128, 250]);
    expect(channel(applySolarizeAdd(img, 200, 256), 0)).toEqual([200, 255, 255, 255]);
  });
});
