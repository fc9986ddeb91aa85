// Percentiles against a brute-force count on fresh random samples, and the edge cases.
import { describe, expect, it } from 'vitest';
import { imagesPerSecond, latencyStats, percentile } from './stats.ts';

describe('latency stats', () => {
  it('nearest-rank percentile: at least q·n samples at or below, and no smaller sample qualifies', () => {
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(Math.random() * 40);
      const xs = Array.from({ length: n }, () => Math.random() * 100).sort((a, b) => a - b);
      for (const q of [0.5, 0.9]) {
        const p = percentile(xs, q);
        const atOrBelow = xs.filter((x) => x <= p).length;
        expect(atOrBelow).toBeGreaterThanOrEqual(q * n);
        const smaller = xs.filter((x) => x < p);
        if (smaller.length > 0) expect(smaller.length).toBeLessThan(q * n);
      }
    }
  });

  it('summarises unsorted samples', () => {
    const s = latencyStats([30, 10, 20, 40, 50, 60, 70, 80, 90, 100]);
    expect(s).toEqual({ p50: 50, p90: 90, mean: 55, min: 10, max: 100 });
    expect(latencyStats([7])).toEqual({ p50: 7, p90: 7, mean: 7, min: 7, max: 7 });
  });

  it('refuses empty or broken samples with a clear message', () => {
    expect(() => latencyStats([])).toThrow(/no timed runs/);
    expect(() => latencyStats([1, Number.NaN])).toThrow(/bad sample NaN/);
    expect(() => percentile([1], 0)).toThrow(/q must be/);
  });

  it('throughput', () => {
    expect(imagesPerSecond(16, 200)).toBeCloseTo(80, 10);
  });
});
