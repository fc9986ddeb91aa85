// applyCheckpoint: a checkpoint's tensors replace the graph's params, an EMA run's `ema:` shadows win over the
// raw weights (its epoch reports were measured on them), and a size mismatch names the tensor.
import { describe, expect, it } from 'vitest';
import type { Graph } from '../graph/ir.ts';
import { applyCheckpoint } from './run-graph.ts';

const param = (values: number[]) => ({ data: Float32Array.from(values), shape: [values.length] });
/** Only `params` matters to applyCheckpoint. */
const graph = () =>
  ({
    params: new Map([
      ['w', param([1, 2])],
      ['b', param([3])],
    ]),
  }) as unknown as Graph;
const buf = (values: number[]) => Float32Array.from(values).buffer;

describe('applyCheckpoint', () => {
  it('writes the checkpoint tensors into the params and skips optimizer state', () => {
    const g = applyCheckpoint(graph(), {
      epoch: 2,
      tensors: [
        { name: 'w', data: buf([5, 6]) },
        { name: 'w/momentum', data: buf([0, 0]) },
      ],
    });
    expect(Array.from(g.params.get('w')!.data)).toEqual([5, 6]);
    expect(Array.from(g.params.get('b')!.data)).toEqual([3]);
    expect(g.params.has('w/momentum')).toBe(false);
  });

  it("prefers an EMA run's shadows", () => {
    const g = applyCheckpoint(graph(), {
      epoch: 2,
      tensors: [
        { name: 'w', data: buf([5, 6]) },
        { name: 'b', data: buf([7]) },
      ],
      extra: [{ name: 'ema:w', data: buf([5.5, 6.5]) }],
    });
    expect(Array.from(g.params.get('w')!.data)).toEqual([5.5, 6.5]);
    expect(Array.from(g.params.get('b')!.data)).toEqual([7]);
  });

  it('names a tensor whose size does not fit', () => {
    expect(() =>
      applyCheckpoint(graph(), { epoch: 3, tensors: [{ name: 'w', data: buf([1, 2, 3]) }] }),
    ).toThrow("checkpoint of epoch 3: 'w' holds 3 values, the graph needs 2");
    expect(() =>
      applyCheckpoint(graph(), {
        epoch: 3,
        tensors: [{ name: 'w', data: buf([1, 2]) }],
        extra: [{ name: 'ema:w', data: buf([1]) }],
      }),
    ).toThrow("'w' holds 1 values");
  });
});
