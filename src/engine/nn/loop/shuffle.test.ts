// Seeded epoch order: permutations are complete, reproducible, differ across epochs and seeds; batches have a
// fixed size and cover every index.
import { describe, expect, it } from 'vitest';
import { epochBatches, epochPermutation } from './shuffle.ts';

describe('epoch shuffling', () => {
  it('is a permutation, reproducible for (seed, epoch), different otherwise', () => {
    const a = epochPermutation(97, 3, 0);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 97 }, (_, i) => i));
    expect(epochPermutation(97, 3, 0)).toEqual(a);
    expect(epochPermutation(97, 3, 1)).not.toEqual(a);
    expect(epochPermutation(97, 4, 0)).not.toEqual(a);
    // Not the identity (a shuffle that does nothing would pass the checks above only by luck).
    expect([...a].filter((v, i) => v === i).length).toBeLessThan(10);
  });

  it('cuts fixed-size batches covering every index, wrapping the last one', () => {
    const n = 50;
    const batches = epochBatches(n, 16, 1, 2);
    expect(batches).toHaveLength(4);
    for (const b of batches) expect(b).toHaveLength(16);
    const seen = new Set(batches.flatMap((b) => [...b]));
    expect(seen.size).toBe(n);
    const p = epochPermutation(n, 1, 2);
    expect([...batches[3]]).toEqual([...p.subarray(48), ...p.subarray(0, 14)]);
  });

  it('rejects bad sizes by name', () => {
    expect(() => epochPermutation(0, 1, 0)).toThrow(/n must be a positive integer/);
    expect(() => epochBatches(5, 0, 1, 0)).toThrow(/batch must be a positive integer/);
  });
});
