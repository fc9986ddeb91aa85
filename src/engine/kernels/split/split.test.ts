// Split reference: explicit sizes, num_outputs with a smaller last chunk, validation, backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { tensor64 } from '../../nn/ref/tensor64.ts';
import { splitBackward, splitForward, splitSizes } from './split.ref.ts';

describe('split reference', () => {
  it('known values', () => {
    const x = tensor64([2, 3], [1, 2, 3, 4, 5, 6]);
    const [p, q] = splitForward(x, 1, [1, 2]);
    expect([...p.data]).toEqual([1, 4]);
    expect([...q.data]).toEqual([2, 3, 5, 6]);
    expect(q.shape).toEqual([2, 2]);
    expect(splitSizes(7, undefined, 3)).toEqual([3, 3, 1]);
    expect(splitSizes(6, undefined, 3)).toEqual([2, 2, 2]);
  });

  it('validates', () => {
    const x = tensor64([2, 3]);
    expect(() => splitForward(x, 1, [1, 1])).toThrow(
      'Split: split sizes [1,1] do not sum to dimension 3 of axis 1',
    );
    expect(() => splitForward(x, 0)).toThrow('Split: needs split sizes or num_outputs ≥ 1');
  });

  it('backward vs finite differences, one output unused (1e-6 rel, floor 1)', () => {
    const shape = [2, 7, 3];
    const x = tensor64(shape, randomF64(42));
    const outs = splitForward(x, -2, undefined, 3);
    const dys = outs.map((o, i) => (i === 1 ? null : tensor64(o.shape, randomF64(o.data.length))));
    const dx = splitBackward(shape, dys, -2, undefined, 3);
    // The outputs' data laid end to end, dotted with their gradients (zeros for the unused one).
    const flat = (parts: Float64Array[]) => {
      const out = new Float64Array(parts.reduce((n, q) => n + q.length, 0));
      let o = 0;
      for (const q of parts) {
        out.set(q, o);
        o += q.length;
      }
      return out;
    };
    const dyFlat = flat(outs.map((o, i) => dys[i]?.data ?? new Float64Array(o.data.length)));
    const f = ([xd]: Float64Array[]) =>
      flat(splitForward({ data: xd, shape }, -2, undefined, 3).map((q) => q.data));
    expect(vjpMismatch(f, [x.data], dyFlat, [dx.data], ['dX'])).toBeNull();
    expect(outs.map((o) => o.shape[1])).toEqual([3, 3, 1]);
  });
});
