// The keyed stream: reproducibility, independence of keys, and the moments of each distribution.
import { describe, expect, it } from 'vitest';
import { normalAt, RngStream, u32At, u32Below, u32ToUnit } from './stream.ts';

const key = { seed: 7, epoch: 3, step: 11, sample: 5, stream: 2 };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};

describe('RngStream', () => {
  it('replays the same draws for the same key and differs for another sample/step/epoch/stream/seed', () => {
    const draw = (k: typeof key) => {
      const r = new RngStream(k);
      return Array.from({ length: 9 }, () => r.nextU32());
    };
    expect(draw(key)).toEqual(draw(key));
    for (const field of ['seed', 'epoch', 'step', 'sample', 'stream'] as const) {
      expect(draw({ ...key, [field]: key[field] + 1 })).not.toEqual(draw(key));
    }
  });

  it('draw n equals u32At(key, n): a GPU thread can jump straight to its draw', () => {
    const r = new RngStream(key);
    for (let n = 0; n < 13; n++) expect(r.nextU32()).toBe(u32At(key, n));
  });

  it('rejects keys outside u32', () => {
    expect(() => new RngStream({ ...key, seed: -1 })).toThrow(/seed must be an integer/);
    expect(() => new RngStream({ ...key, epoch: 2 ** 32 })).toThrow(/epoch/);
  });

  it('uniform is in [0,1) with mean 1/2 and variance 1/12; u32ToUnit is exact at the ends', () => {
    const r = new RngStream(key);
    const xs = Array.from({ length: 20000 }, () => r.uniform());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
    expect(variance(xs)).toBeCloseTo(1 / 12, 2);
    expect(u32ToUnit(0)).toBe(0);
    expect(u32ToUnit(0xffffffff)).toBe(1 - 2 ** -24);
  });

  it('randint covers [lo, hi] evenly and u32Below is exact integer math', () => {
    const r = new RngStream(key);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 12000; i++) counts[r.randint(0, 5)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
    expect(u32Below(0xffffffff, 7)).toBe(6);
    expect(u32Below(0, 7)).toBe(0);
    expect(u32Below(0x80000000, 10)).toBe(5);
  });

  it('normal has mean 0, variance 1, and normalAt gives per-element normals', () => {
    const r = new RngStream(key);
    const xs = Array.from({ length: 20000 }, () => r.normal());
    expect(Math.abs(mean(xs))).toBeLessThan(0.03);
    expect(variance(xs)).toBeGreaterThan(0.95);
    expect(variance(xs)).toBeLessThan(1.05);
    const ys = Array.from({ length: 20000 }, (_, i) => normalAt(key, i));
    expect(Math.abs(mean(ys))).toBeLessThan(0.03);
    expect(Math.abs(variance(ys) - 1)).toBeLessThan(0.05);
    expect(normalAt(key, 17)).toBe(normalAt(key, 17));
  });

  it('gamma(k) has mean k and variance k, including k < 1', () => {
    for (const k of [0.2, 1, 2.5]) {
      const r = new RngStream({ ...key, stream: Math.round(k * 10) });
      const xs = Array.from({ length: 20000 }, () => r.gamma(k));
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.abs(mean(xs) - k) / k).toBeLessThan(0.05);
      expect(Math.abs(variance(xs) - k) / k).toBeLessThan(0.1);
    }
  });

  it('beta(a, b) has mean a/(a+b) and the Beta variance (Mixup α=0.2 and Cutmix α=1)', () => {
    for (const [a, b] of [
      [0.2, 0.2],
      [1, 1],
      [2, 5],
    ]) {
      const r = new RngStream({ ...key, stream: Math.round(100 + a * 10 + b) });
      const xs = Array.from({ length: 20000 }, () => r.beta(a, b));
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(1);
      expect(mean(xs)).toBeCloseTo(a / (a + b), 1);
      expect(Math.abs(mean(xs) - a / (a + b))).toBeLessThan(0.01);
      const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(variance(xs) - v) / v).toBeLessThan(0.08);
    }
  });
});
