// maxOf/minOf agree with Math.max/Math.min, and take more values than a spread can pass.

import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from './min-max.ts';

describe('maxOf / minOf', () => {
  it('match Math.max / Math.min on small inputs, NaN and empty included', () => {
    for (const xs of [[3, -1, 7], [-0, 0], [5], [1, Number.NaN, 2], []]) {
      expect(maxOf(xs)).toBe(Math.max(...xs));
      expect(minOf(xs)).toBe(Math.min(...xs));
    }
    expect(maxOf([], -1)).toBe(-1);
    expect(maxOf(new Set([4, 9, 2]).keys())).toBe(9);
  });

  it('take 1,000,000 values, where a spread overflows the stack', () => {
    const xs = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.max(...xs)).toThrow(RangeError);
    expect(maxOf(xs)).toBe(xs.reduce((m, v) => Math.max(m, v)));
    expect(minOf(xs)).toBe(0);
  });
});
