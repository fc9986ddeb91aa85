// Unit tests of the transpose reference: hand-checked 2-D and 3-D cases, default perm, exact errors.
import { describe, expect, it } from 'vitest';
import { planTranspose, transposeRef } from './transpose.ref.ts';

describe('transpose reference', () => {
  it('transposes a matrix by default', () => {
    expect(transposeRef([1, 2, 3, 4, 5, 6], [2, 3])).toEqual({
      data: new Float64Array([1, 4, 2, 5, 3, 6]),
      shape: [3, 2],
    });
  });

  it('applies a 3-D permutation', () => {
    const x = Array.from({ length: 24 }, (_, i) => i); // [2,3,4]
    const { data, shape } = transposeRef(x, [2, 3, 4], [1, 2, 0]);
    expect(shape).toEqual([3, 4, 2]);
    // out[i,j,k] = in[k,i,j]
    expect(data[(1 * 4 + 2) * 2 + 1]).toBe(1 * 12 + 1 * 4 + 2);
  });

  it('rejects bad permutations', () => {
    expect(() => planTranspose([2, 3], [0, 0])).toThrow('Transpose: perm [0,0] is not a permutation of 0..1');
    expect(() => planTranspose([2, 3], [0, 1, 2])).toThrow(
      'Transpose: perm [0,1,2] has 3 entries for input shape [2,3]',
    );
  });
});
