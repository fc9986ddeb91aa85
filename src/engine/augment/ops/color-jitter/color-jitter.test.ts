// ColorJitter: factor ranges, shuffled order, hue rotation by hand, and composition of the PIL-style ops.
import { describe, expect, it } from 'vitest';
import { imageFrom, pixel } from '../../core/image.ts';
import { RngStream } from '../../rng/stream.ts';
import { maxAbsDiff, randomImage } from '../../testing/test-util.ts';
import { applyBrightness } from '../brightness/brightness.ref.ts';
import { applyColorJitter, applyHueShift, sampleColorJitter } from './color-jitter.ref.ts';

const rng = (s: number) => new RngStream({ seed: 3, epoch: 0, step: 0, sample: s, stream: 4 });
const cfg = { brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 };

describe('ColorJitter', () => {
  it('draws only the active adjustments, each factor inside its range, in every order', () => {
    expect(sampleColorJitter(rng(0), { brightness: 0, contrast: 0, saturation: 0, hue: 0 })).toEqual([]);
    const orders = new Set<string>();
    for (let s = 0; s < 400; s++) {
      const steps = sampleColorJitter(rng(s), cfg);
      expect(steps.map((x) => x.kind).sort()).toEqual(['brightness', 'contrast', 'hue', 'saturation']);
      for (const { kind, factor } of steps) {
        if (kind === 'hue') expect(Math.abs(factor)).toBeLessThanOrEqual(0.1);
        else {
          expect(factor).toBeGreaterThanOrEqual(0.6);
          expect(factor).toBeLessThan(1.4);
        }
      }
      orders.add(steps.map((x) => x.kind).join());
    }
    expect(orders.size).toBe(24);
  });

  it('hue shift by 1/3 turns pure red into pure green; 0 is the identity', () => {
    const red = imageFrom(1, 1, (_x, _y, c) => (c === 0 ? 200 : 0));
    const out = applyHueShift(red, 1 / 3);
    expect([0, 1, 2].map((c) => pixel(out, 0, 0, c))).toEqual([0, 200, 0].map((v) => expect.closeTo(v, 4)));
    const img = randomImage(6, 5, 8);
    expect(maxAbsDiff(applyHueShift(img, 0).data, img.data)).toBeLessThan(1e-3);
  });

  it('a brightness-only jitter equals PIL Brightness with the drawn factor', () => {
    const img = randomImage(6, 5, 9);
    const steps = sampleColorJitter(rng(1), { brightness: 0.5, contrast: 0, saturation: 0, hue: 0 });
    expect(steps).toHaveLength(1);
    expect(applyColorJitter(img, steps).data).toEqual(applyBrightness(img, steps[0].factor).data);
  });

  it('rejects hue outside [0, 0.5]', () => {
    expect(() => sampleColorJitter(rng(0), { ...cfg, hue: 0.7 })).toThrow(/hue must be in \[0, 0.5\]/);
  });
});
