// Unit tests of the shape helpers and the pool's size classes (no GPU needed).
import { describe, expect, it } from 'vitest';
import { sizeClass } from './buffer-pool.ts';
import { splitLinear } from './dispatch-grid.ts';
import { assertShape, broadcastShapes, broadcastStrides, shapeSize, shapeStrides } from './tensor.ts';

describe('shape helpers', () => {
  it('size and row-major strides', () => {
    expect(shapeSize([2, 3, 4])).toBe(24);
    expect(shapeSize([])).toBe(1);
    expect(shapeStrides([2, 3, 4])).toEqual([12, 4, 1]);
  });

  it('broadcast shapes and strides', () => {
    expect(broadcastShapes('Add', [2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(broadcastShapes('Add', [], [5])).toEqual([5]);
    expect(broadcastStrides([4, 1], [2, 4, 3])).toEqual([0, 1, 0]);
    expect(broadcastStrides([2, 1, 3], [2, 4, 3])).toEqual([3, 0, 1]);
    expect(() => broadcastShapes('Add', [2, 3], [4])).toThrow('Add: shapes [2,3] and [4] do not broadcast');
  });

  it('rejects bad dims', () => {
    expect(() => assertShape('Relu', [2, -1])).toThrow('Relu: input shape [2,-1] is invalid');
    expect(() => assertShape('Relu', [1.5])).toThrow('Relu: input shape [1.5] is invalid');
  });
});

describe('buffer size classes', () => {
  it('round up by at most 25 % above 256 bytes', () => {
    expect(sizeClass(1)).toBe(256);
    expect(sizeClass(256)).toBe(256);
    expect(sizeClass(257)).toBe(320);
    expect(sizeClass(1024)).toBe(1024);
    expect(sizeClass(1025)).toBe(1280);
    expect(sizeClass(1800)).toBe(2048);
    for (let i = 0; i < 2000; i++) {
      const n = 257 + Math.floor(Math.random() * 1e8);
      const c = sizeClass(n);
      expect(c).toBeGreaterThanOrEqual(n);
      expect(c / n).toBeLessThanOrEqual(1.25);
      expect(c % 4).toBe(0);
    }
  });
});

describe('linear dispatch splitting', () => {
  it('keeps small counts 1-D and splits large ones into a covering 2-D grid', () => {
    expect(splitLinear(100, 65535, 'k')).toEqual([100, 1, 1]);
    const [x, y] = splitLinear(200_000, 65535, 'k');
    expect(x).toBeLessThanOrEqual(65535);
    expect(x * y).toBeGreaterThanOrEqual(200_000);
    expect(y).toBe(4);
    expect(() => splitLinear(65536 * 65536, 65535, 'Relu')).toThrow('Relu: 4294967296 workgroups exceed');
  });
});
