// Equalize exact on integer inputs: a hand-computed PIL LUT, identity for single-level channels.
import { describe, expect, it } from 'vitest';
import { imageFrom } from '../../core/image.ts';
import { channel } from '../../testing/test-util.ts';
import { applyEqualize, equalizeLut } from './equalize.ref.ts';

describe('Equalize', () => {
  it('matches PIL on a 32×32 image: R = 512×10, 256×20, 256×30 → step 3 → LUT 0, 171, 255', () => {
    const img = imageFrom(32, 32, (x, y, c) =>
      c === 0 ? (y < 16 ? 10 : x < 16 ? 20 : 30) : c === 1 ? 77 : 5 + x,
    );
    const out = applyEqualize(img);
    const r = channel(out, 0);
    expect(new Set(r.slice(0, 512))).toEqual(new Set([0]));
    expect(r[16 * 32]).toBe(171);
    expect(r[16 * 32 + 20]).toBe(255);
    // one level → identity
    expect(new Set(channel(out, 1))).toEqual(new Set([77]));
  });

  it('equalizeLut: (step//2 + cumulative)//step, identity when step is 0', () => {
    const h = new Uint32Array(256);
    h[0] = 300;
    h[255] = 300;
    // step = (600 − 300) // 256 = 1 → lut[i] = (0 + cum(<i)) // 1, clipped to 255
    const lut = equalizeLut(h);
    expect(lut[0]).toBe(0);
    expect(lut[1]).toBe(255);
    const small = new Uint32Array(256);
    small[3] = 10;
    small[9] = 10;
    expect(Array.from(equalizeLut(small))).toEqual(Array.from({ length: 256 }, (_, i) => i));
  });

  it('output is integer and a stretched histogram spans the range', () => {
    const img = imageFrom(40, 40, (x, y) => 100 + ((x * 7 + y * 3) % 20));
    const out = channel(applyEqualize(img), 0);
    expect(out.every(Number.isInteger)).toBe(true);
    expect(Math.min(...out)).toBe(0);
    expect(Math.max(...out)).toBeGreaterThan(230);
  });
});
