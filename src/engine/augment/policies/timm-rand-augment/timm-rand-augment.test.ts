// timm 'rand-m9-mstd0.5-inc1': config parsing, magnitude noise, p = 0.5 per op, increasing level maps.
import { describe, expect, it } from 'vitest';
import { RngStream } from '../../rng/stream.ts';
import { parseTimmRandConfig, sampleTimmRandAugment, timmOpCall } from './timm-rand-augment.ref.ts';

const FILL = [124, 116, 104] as const;
const rng = (s: number) => new RngStream({ seed: 13, epoch: 0, step: 0, sample: s, stream: 4 });

describe('TimmAutoAugment rand-*', () => {
  it('parses rand-m9-mstd0.5-inc1 and rejects what timm would not read', () => {
    expect(parseTimmRandConfig('rand-m9-mstd0.5-inc1', 'bicubic', FILL)).toEqual({
      numLayers: 2,
      magnitude: 9,
      magnitudeStd: 0.5,
      increasing: true,
      interpolation: 'bicubic',
      fill: FILL,
      prob: 0.5,
    });
    expect(parseTimmRandConfig('rand-n3-m7', 'random', FILL).numLayers).toBe(3);
    expect(() => parseTimmRandConfig('augmix-m5', 'random', FILL)).toThrow(/must start with 'rand'/);
    expect(() => parseTimmRandConfig('rand-w0-m9', 'random', FILL)).toThrow(/unknown key 'w'/);
    expect(() => parseTimmRandConfig('rand-mx', 'random', FILL)).toThrow(/cannot read 'mx'/);
  });

  it('applies each chosen op with p = 0.5 and magnitude ~ N(9, 0.5) clipped to [0, 10]', () => {
    const cfg = parseTimmRandConfig('rand-m9-mstd0.5-inc1', 'bicubic', FILL);
    const mags: number[] = [];
    let skipped = 0;
    let total = 0;
    for (let s = 0; s < 4000; s++) {
      const { steps, calls } = sampleTimmRandAugment(rng(s), cfg, 224, 224);
      expect(steps).toHaveLength(2);
      total += 2;
      skipped += steps.filter((x) => x.magnitude === undefined).length;
      for (const x of steps) if (x.magnitude !== undefined) mags.push(x.magnitude);
      expect(calls).toHaveLength(steps.filter((x) => x.magnitude !== undefined).length);
      for (const c of calls) if ('resample' in c) expect(c.resample).toBe('bicubic');
    }
    expect(Math.abs(skipped / total - 0.5)).toBeLessThan(0.03);
    expect(Math.max(...mags)).toBeLessThanOrEqual(10);
    const m = mags.reduce((a, b) => a + b, 0) / mags.length;
    // N(9, .5) clipped at 10 has mean ≈ 8.996
    expect(Math.abs(m - 9)).toBeLessThan(0.05);
  });

  it('level maps at magnitude 9 (increasing variants)', () => {
    const cfg = parseTimmRandConfig('rand-m9-inc1', 'bilinear', FILL);
    const r = rng(0);
    expect(timmOpCall(r, 'PosterizeIncreasing', 9, cfg, 224, 224)).toEqual({ op: 'Posterize', bits: 1 });
    expect(timmOpCall(r, 'SolarizeIncreasing', 9, cfg, 224, 224)).toEqual({ op: 'Solarize', threshold: 26 });
    expect(timmOpCall(r, 'SolarizeAdd', 9, cfg, 224, 224)).toEqual({
      op: 'SolarizeAdd',
      add: 99,
      threshold: 128,
    });
    expect(timmOpCall(r, 'Posterize', 9, cfg, 224, 224)).toEqual({ op: 'Posterize', bits: 3 });
    expect(timmOpCall(r, 'Color', 9, cfg, 224, 224)).toEqual({ op: 'Color', factor: 0.9 * 1.8 + 0.1 });
    const inc = timmOpCall(r, 'ContrastIncreasing', 9, cfg, 224, 224);
    expect(inc.op).toBe('Contrast');
    if (inc.op === 'Contrast')
      expect([1 - 0.81, 1 + 0.81].some((f) => Math.abs(f - inc.factor) < 1e-12)).toBe(true);
    const t = timmOpCall(r, 'TranslateYRel', 9, cfg, 224, 100);
    if (t.op === 'TranslateY') {
      expect(Math.abs(t.pixels)).toBeCloseTo(0.405 * 100, 10);
      expect(t.fill).toEqual(FILL);
    } else throw new Error('expected TranslateY');
    const rot = timmOpCall(r, 'Rotate', 5, cfg, 224, 224);
    if (rot.op === 'Rotate') expect(Math.abs(rot.degrees)).toBe(15);
  });

  it('random interpolation picks bilinear and bicubic', () => {
    const cfg = parseTimmRandConfig('rand-m9', 'random', FILL);
    const seen = new Set<string>();
    for (let s = 0; s < 50; s++) {
      const c = timmOpCall(rng(s), 'ShearX', 9, cfg, 224, 224);
      if ('resample' in c) seen.add(c.resample);
    }
    expect(seen).toEqual(new Set(['bilinear', 'bicubic']));
  });
});
