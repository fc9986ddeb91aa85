// Dropout reference: seeded mask statistics and determinism, eval identity, backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { tensor64 } from '../../nn/ref/tensor64.ts';
import { dropoutBackward, dropoutForward, dropoutUniform, pcgHash } from './dropout.ref.ts';

describe('dropout reference', () => {
  it('drops about `ratio` of the values, deterministically per seed, and rescales the rest', () => {
    const x = tensor64([100, 100], randomF64(10_000, 0.5, 1));
    const a = dropoutForward(x, 0.3, true, 7);
    const b = dropoutForward(x, 0.3, true, 7);
    const c = dropoutForward(x, 0.3, true, 8);
    expect([...a.mask]).toEqual([...b.mask]);
    expect([...a.mask]).not.toEqual([...c.mask]);
    const dropped = a.mask.reduce((s, m) => s + (m ? 0 : 1), 0);
    // Binomial(10000, 0.3): σ ≈ 46, so ±250 is > 5σ.
    expect(Math.abs(dropped - 3000)).toBeLessThan(250);
    for (let i = 0; i < 100; i++) expect(a.y.data[i]).toBeCloseTo(a.mask[i] ? x.data[i] / 0.7 : 0, 14);
  });

  it('hash is roughly uniform', () => {
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) bins[Math.floor(dropoutUniform(123, i) * 10)]++;
    for (const b of bins) expect(Math.abs(b - 2000)).toBeLessThan(250);
  });

  it('is the identity in eval', () => {
    const x = tensor64([3], [1, 2, 3]);
    const r = dropoutForward(x, 0.5, false, 1);
    expect([...r.y.data]).toEqual([1, 2, 3]);
    expect([...dropoutBackward(x, r.mask, 0.5, false).data]).toEqual([1, 2, 3]);
  });

  it('validates', () => {
    expect(() => dropoutForward(tensor64([1]), 1, true, 0)).toThrow(
      'Dropout: ratio must be in [0, 1), got 1',
    );
    expect(() => dropoutBackward(tensor64([2]), new Uint8Array(3), 0.1, true)).toThrow(
      'Dropout backward: mask has 3 values, dY has 2',
    );
  });

  it('backward vs finite differences with a fixed seed (1e-6 rel, floor 1)', () => {
    const shape = [4, 5];
    const x = tensor64(shape, randomF64(20));
    const { mask } = dropoutForward(x, 0.4, true, 99);
    const dy = tensor64(shape, randomF64(20));
    const dx = dropoutBackward(dy, mask, 0.4, true);
    const f = ([xd]: Float64Array[]) => dropoutForward({ data: xd, shape }, 0.4, true, 99).y.data;
    expect(vjpMismatch(f, [x.data], dy.data, [dx.data], ['dX'])).toBeNull();
  });
});

describe('pcg hash', () => {
  it('u32 Math.imul arithmetic matches a BigInt re-implementation', () => {
    const ref = (v: bigint): bigint => {
      const m = 0xffffffffn;
      const state = (v * 747796405n + 2891336453n) & m;
      const word = (((state >> ((state >> 28n) + 4n)) ^ state) * 277803737n) & m;
      return (word >> 22n) ^ word;
    };
    for (const v of [0, 1, 2, 12345, 0xffffffff, 0x80000000]) expect(pcgHash(v)).toBe(Number(ref(BigInt(v))));
  });
});
