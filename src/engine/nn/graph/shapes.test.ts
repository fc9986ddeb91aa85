// Shape inference: formulas against hand-computed PyTorch/ONNX results, symbolic batch, and error messages.
import { describe, expect, it } from 'vitest';
import { inferShapes, inferSymbolicShapes } from './infer.ts';
import type { AttrValue, Dim, Graph, GraphNode, IrOp } from './ir.ts';
import { inferNodeShapes } from './shapes.ts';

const node = (op: IrOp, attrs: Record<string, AttrValue> = {}, outputs = ['y']): GraphNode => ({
  op,
  name: `${op.toLowerCase()}_1`,
  inputs: [],
  outputs,
  attrs,
});
const infer = (n: GraphNode, ...ins: Dim[][]) => inferNodeShapes(n, ins);

describe('inferNodeShapes', () => {
  it('Conv: stride, padding, dilation, groups; symbolic batch passes through', () => {
    const conv = node('Conv', {
      kernelShape: [3, 3],
      strides: [2, 2],
      pads: [1, 1, 1, 1],
      dilations: [1, 1],
      group: 1,
    });
    expect(infer(conv, ['N', 3, 224, 224], [32, 3, 3, 3], [32])).toEqual([['N', 32, 112, 112]]);
    const dil = node('Conv', {
      kernelShape: [3, 3],
      strides: [1, 1],
      pads: [2, 2, 2, 2],
      dilations: [2, 2],
      group: 4,
    });
    expect(infer(dil, [1, 8, 10, 9], [8, 2, 3, 3])).toEqual([[1, 8, 10, 9]]);
    expect(() => infer(dil, [1, 6, 10, 9], [8, 2, 3, 3])).toThrow(
      "Conv 'conv_1': input channels 6 ≠ weight in-channels×group 2×4",
    );
    expect(() => infer(conv, [1, 3, 8, 8], [32, 3, 3, 3], [16])).toThrow("Conv 'conv_1': bias [16] ≠ [32]");
  });

  it('pools: ceil mode drops a window that would start in the right padding (PyTorch rule)', () => {
    const p = (pads: number[], ceilMode: number) =>
      node('MaxPool', { kernelShape: [2, 2], strides: [2, 2], pads, ceilMode });
    expect(infer(p([0, 0, 0, 0], 1), [1, 3, 7, 7])).toEqual([[1, 3, 4, 4]]);
    expect(infer(p([0, 0, 0, 0], 0), [1, 3, 7, 7])).toEqual([[1, 3, 3, 3]]);
    // torch.nn.MaxPool2d(2, 2, padding=1, ceil_mode=True) on 5×5 gives 3×3, not 4×4.
    expect(infer(p([1, 1, 1, 1], 1), [1, 3, 5, 5])).toEqual([[1, 3, 3, 3]]);
    expect(infer(node('GlobalAveragePool'), ['N', 1280, 7, 7])).toEqual([['N', 1280, 1, 1]]);
  });

  it('Gemm/MatMul feature checks and broadcasting', () => {
    const gemm = node('Gemm', { transB: 1 });
    expect(infer(gemm, ['N', 1280], [1000, 1280], [1000])).toEqual([['N', 1000]]);
    expect(() => infer(gemm, ['N', 1024], [1000, 1280])).toThrow(
      "Gemm 'gemm_1': A [N,1024] in-features 1024 ≠ B in-features 1280",
    );
    expect(infer(node('MatMul'), [2, 'N', 5, 4], [4, 3])).toEqual([[2, 'N', 5, 3]]);
    expect(infer(node('Add'), ['N', 8, 1, 1], [8, 4, 4])).toEqual([['N', 8, 4, 4]]);
    expect(() => infer(node('Mul'), [2, 3], [4])).toThrow(
      "Mul 'mul_1': shapes [2,3] and [4] do not broadcast",
    );
  });

  it('Reshape (0 copies, -1 infers, symbols cancel), Flatten, Transpose, Slice, Split, Concat, ReduceMean', () => {
    expect(infer(node('Reshape', { shape: [0, 2, 24, 28, 28] }), ['N', 48, 28, 28])).toEqual([
      ['N', 2, 24, 28, 28],
    ]);
    expect(infer(node('Reshape', { shape: [0, -1] }), ['N', 1280, 1, 1])).toEqual([['N', 1280]]);
    expect(infer(node('Reshape', { shape: [-1, 10] }), ['N', 20])).toEqual([['(N*2)', 10]]);
    expect(() => infer(node('Reshape', { shape: [3, -1] }), [2, 5])).toThrow(
      "Reshape 'reshape_1': cannot reshape [2,5] to [3,-1]",
    );
    expect(infer(node('Flatten', { axis: 1 }), ['N', 4, 2, 2])).toEqual([['N', 16]]);
    expect(infer(node('Transpose', { perm: [0, 2, 1, 3] }), ['N', 2, 24, 7])).toEqual([['N', 24, 2, 7]]);
    expect(
      infer(
        node('Slice', { starts: [1], ends: [Number.MAX_SAFE_INTEGER], axes: [1], steps: [2] }),
        [1, 8, 3],
      ),
    ).toEqual([[1, 4, 3]]);
    expect(infer(node('Slice', { starts: [-1], ends: [-9], axes: [2], steps: [-1] }), [1, 8, 3])).toEqual([
      [1, 8, 3],
    ]);
    expect(infer(node('Split', { axis: 1, split: [3, 5] }, ['a', 'b']), ['N', 8, 2])).toEqual([
      ['N', 3, 2],
      ['N', 5, 2],
    ]);
    expect(() => infer(node('Split', { axis: 1 }, ['a', 'b', 'c']), ['N', 8])).toThrow(
      /does not split evenly into 3/,
    );
    expect(infer(node('Concat', { axis: 1 }), ['N', 3, 4], ['N', 5, 4])).toEqual([['N', 8, 4]]);
    expect(() => infer(node('Concat', { axis: 1 }), [1, 3, 4], [1, 5, 5])).toThrow(/dim 2 differs/);
    expect(infer(node('ReduceMean', { axes: [2, 3], keepdims: 0 }), ['N', 8, 7, 7])).toEqual([['N', 8]]);
    expect(infer(node('Unsqueeze', { axes: [0, -1] }), [3, 4])).toEqual([[1, 3, 4, 1]]);
    expect(infer(node('Squeeze', { axes: [2, 3] }), ['N', 8, 1, 1])).toEqual([['N', 8]]);
  });
});

describe('inferShapes (plan time)', () => {
  const graph: Graph = {
    name: 'tiny',
    inputs: [{ name: 'x', shape: ['batch', 3, 8, 8] }],
    outputs: [{ name: 'y', shape: ['batch', 4] }],
    nodes: [
      {
        op: 'Conv',
        name: 'c',
        inputs: ['x', 'w'],
        outputs: ['h'],
        attrs: { kernelShape: [3, 3], pads: [1, 1, 1, 1] },
      },
      { op: 'GlobalAveragePool', name: 'g', inputs: ['h'], outputs: ['p'], attrs: {} },
      { op: 'Flatten', name: 'f', inputs: ['p'], outputs: ['y'], attrs: { axis: 1 } },
    ],
    params: new Map([['w', { name: 'w', shape: [4, 3, 3, 3], data: new Float32Array(108) }]]),
    opsets: { '': 13 },
    meta: {},
  };

  it('makes every tensor concrete for a given batch', () => {
    const s = inferShapes(graph, { x: [5, 3, 8, 8] });
    expect(s.get('h')).toEqual([5, 4, 8, 8]);
    expect(s.get('y')).toEqual([5, 4]);
    expect(s.get('w')).toEqual([4, 3, 3, 3]);
    expect(inferSymbolicShapes(graph).get('y')).toEqual(['batch', 4]);
  });

  it('rejects missing, misnamed and contradicting input shapes', () => {
    expect(() => inferShapes(graph, {})).toThrow(
      "inferShapes: give a concrete shape for input 'x' [batch,3,8,8]",
    );
    expect(() => inferShapes(graph, { x: [1, 3, 8, 8], z: [1] })).toThrow(
      "no graph input named 'z' (inputs: x)",
    );
    expect(() => inferShapes(graph, { x: [1, 4, 8, 8] })).toThrow(
      "input 'x': dim 1 is 4, the model declares [batch,3,8,8]",
    );
  });
});
