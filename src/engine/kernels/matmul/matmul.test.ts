// Unit tests of the matmul reference and plan: hand-checked products, transposes, batch broadcast, errors.
import { describe, expect, it } from 'vitest';
import { matmulRef, planMatmul } from './matmul.ref.ts';

describe('matmul reference', () => {
  const a = [1, 2, 3, 4, 5, 6]; // [2,3]
  const b = [7, 8, 9, 10, 11, 12]; // [3,2]
  it('multiplies 2-D matrices', () => {
    expect(matmulRef(a, [2, 3], b, [3, 2])).toEqual({
      data: new Float64Array([58, 64, 139, 154]),
      shape: [2, 2],
    });
  });

  it('honours transposed flags', () => {
    // Aᵀ stored as [3,2] = [[1,4],[2,5],[3,6]], Bᵀ stored as [2,3] = [[7,9,11],[8,10,12]].
    const at = [1, 4, 2, 5, 3, 6];
    const bt = [7, 9, 11, 8, 10, 12];
    expect(matmulRef(at, [3, 2], bt, [2, 3], { transA: true, transB: true }).data).toEqual(
      new Float64Array([58, 64, 139, 154]),
    );
  });

  it('broadcasts a 2-D operand across the batch', () => {
    const a2 = [...a, ...a.map((v) => -v)]; // [2,2,3]
    const { data, shape } = matmulRef(a2, [2, 2, 3], b, [3, 2]);
    expect(shape).toEqual([2, 2, 2]);
    expect(Array.from(data)).toEqual([58, 64, 139, 154, -58, -64, -139, -154]);
    expect(planMatmul([2, 2, 3], [3, 2]).b.batch).toBe(0);
  });

  it('names the op and the shapes in errors', () => {
    expect(() => planMatmul([2, 3], [4, 5])).toThrow('MatMul: A [2,3] and B [4,5]: inner dimensions 3 ≠ 4');
    expect(() => planMatmul([2, 2, 3], [3, 3, 2])).toThrow('batch sizes 2 and 3 do not broadcast');
    expect(() => planMatmul([3], [3, 2])).toThrow('A must have rank 2 or 3, got 1');
  });
});
