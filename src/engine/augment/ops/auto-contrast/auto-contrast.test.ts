// AutoContrast exact on integer inputs: per-channel stretch through PIL's truncating LUT.
import { describe, expect, it } from 'vitest';
import { imageFrom } from '../../core/image.ts';
import { channel } from '../../testing/test-util.ts';
import { applyAutoContrast } from './auto-contrast.ref.ts';

describe('AutoContrast', () => {
  it('stretches [50, 150] to [0, 255] with int(v·2.55 − 127.5); constant channels stay', () => {
    const vals = [50, 100, 150, 51];
    const img = imageFrom(4, 1, (x, _y, c) => (c === 0 ? vals[x] : c === 1 ? 42 : [0, 255, 3, 9][x]));
    const out = applyAutoContrast(img);
    expect(channel(out, 0)).toEqual([0, 127, 255, 2]);
    expect(channel(out, 1)).toEqual([42, 42, 42, 42]);
    expect(channel(out, 2)).toEqual([0, 255, 3, 9]);
  });

  it('rounds float input to levels first', () => {
    const img = imageFrom(2, 1, (x) => (x === 0 ? 49.6 : 150.2));
    expect(channel(applyAutoContrast(img), 0)).toEqual([0, 255]);
  });
});
