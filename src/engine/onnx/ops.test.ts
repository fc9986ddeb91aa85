// Ops and opset forms the shared models lack, on small random graphs: import → export → ORT equals the original.
import { describe, expect, it } from 'vitest';
import { opCensus } from '../nn/graph/ir.ts';
import { exportOnnx } from './export.ts';
import { importOnnx } from './import.ts';
import { onnx } from './proto.ts';
import { int64Tensor } from './tensor.ts';
import { buildModel, type NodeSpec } from './testing/build.ts';
import { maxAbsDiff, runOrt } from './testing/ort.ts';

const rand = (n: number, scale = 1) =>
  Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * scale);
const ints = (name: string, v: number[]) => int64Tensor(name, [v.length], v);
const constant = (out: string, dims: number[], v: number[]) => ({
  op: 'Constant',
  inputs: [],
  outputs: [out],
  attrs: { value: onnx.TensorProto.create({ name: out, dims, dataType: 1, floatData: v }) },
});

async function roundTrip(bytes: Uint8Array, dims: number[]) {
  const { graph } = importOnnx(bytes, 'synthetic.onnx');
  const x = rand(
    dims.reduce((a, b) => a * b, 1),
    2,
  );
  const a = await runOrt(bytes, x, dims);
  const b = await runOrt(exportOnnx(graph), x, dims);
  return { graph, a, b };
}

describe('op coverage round trip', () => {
  it('conv/bn/pool/split/slice/gemm/softmax kitchen sink (opset 13) with a folded batch-dependent Reshape', async () => {
    const bytes = buildModel({
      inputs: [['x', ['N', 4, 6, 6]]],
      outputs: [['y', ['N', 3]]],
      floats: {
        w: [[8, 4, 3, 3], rand(288, 0.3)],
        cb: [[8], rand(8)],
        bs: [[8], rand(8)],
        bb: [[8], rand(8)],
        bm: [[8], rand(8, 0.2)],
        bv: [[8], Float32Array.from(rand(8), (v) => 1 + Math.abs(v))],
        sub: [[4, 1, 1], rand(4)],
        gw: [[5, 4], rand(20)],
        gc: [[5], rand(5)],
        mw: [[5, 3], rand(15)],
      },
      tensors: [
        ints('split', [3, 5]),
        ints('s0', [0]),
        ints('e7', [7]),
        ints('a1', [1]),
        ints('st2', [2]),
        ints('ax2', [2]),
      ],
      nodes: [
        {
          op: 'Conv',
          inputs: ['x', 'w', 'cb'],
          outputs: ['c'],
          attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2] },
        },
        {
          op: 'BatchNormalization',
          inputs: ['c', 'bs', 'bb', 'bm', 'bv'],
          outputs: ['bn'],
          attrs: { epsilon: 1e-3 },
        },
        { op: 'HardSigmoid', inputs: ['bn'], outputs: ['hs'], attrs: { alpha: 0.25, beta: 0.4 } },
        { op: 'Mul', inputs: ['bn', 'hs'], outputs: ['m'] },
        constant('lo', [], [-0.5]),
        constant('hi', [], [0.8]),
        { op: 'Clip', inputs: ['m', 'lo', 'hi'], outputs: ['cl'] },
        { op: 'Split', inputs: ['cl', 'split'], outputs: ['sa', 'sb'], attrs: { axis: 1 } },
        { op: 'Transpose', inputs: ['sb'], outputs: ['t'], attrs: { perm: [0, 1, 3, 2] } },
        {
          op: 'AveragePool',
          inputs: ['t'],
          outputs: ['ap'],
          attrs: { kernel_shape: [2, 2], pads: [1, 1, 0, 0], count_include_pad: 1 },
        },
        {
          op: 'MaxPool',
          inputs: ['sa'],
          outputs: ['mp'],
          attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 },
        },
        {
          op: 'MaxPool',
          inputs: ['ap'],
          outputs: ['mp2'],
          attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 },
        },
        { op: 'Concat', inputs: ['mp', 'mp2'], outputs: ['cat'], attrs: { axis: 1 } },
        { op: 'Slice', inputs: ['cat', 's0', 'e7', 'a1', 'st2'], outputs: ['sl'] },
        { op: 'Sub', inputs: ['sl', 'sub'], outputs: ['sb2'] },
        constant('two', [], [2]),
        { op: 'Div', inputs: ['sb2', 'two'], outputs: ['dv'] },
        { op: 'Sigmoid', inputs: ['dv'], outputs: ['sig'] },
        { op: 'ReduceMean', inputs: ['sig'], outputs: ['rm'], attrs: { axes: [2, 3], keepdims: 0 } },
        { op: 'Unsqueeze', inputs: ['rm', 'ax2'], outputs: ['us'] },
        { op: 'Squeeze', inputs: ['us', 'ax2'], outputs: ['sq'] },
        // A torch-style batch-dependent reshape: [N,8,1,1] → flatten → reshape to [Shape(fl)[0], 2, 4].
        { op: 'GlobalAveragePool', inputs: ['cl'], outputs: ['gap'] },
        { op: 'Flatten', inputs: ['gap'], outputs: ['fl'] },
        { op: 'Shape', inputs: ['fl'], outputs: ['shp'] },
        { op: 'Gather', inputs: ['shp', 'g0'], outputs: ['n'], attrs: { axis: 0 } },
        { op: 'Unsqueeze', inputs: ['n', 'ax0'], outputs: ['n1'] },
        { op: 'Concat', inputs: ['n1', 'c24'], outputs: ['tgt'], attrs: { axis: 0 } },
        { op: 'Reshape', inputs: ['fl', 'tgt'], outputs: ['rs'] },
        { op: 'ReduceMean', inputs: ['rs'], outputs: ['rm2'], attrs: { axes: [1], keepdims: 0 } },
        { op: 'Add', inputs: ['sq', 'rm2'], outputs: ['sum'] },
        {
          op: 'Gemm',
          inputs: ['sum', 'gw', 'gc'],
          outputs: ['g'],
          attrs: { alpha: 0.5, beta: 2, transB: 1 },
        },
        constant('ratio', [], [0.3]),
        { op: 'Dropout', inputs: ['g', 'ratio'], outputs: ['d'] },
        { op: 'MatMul', inputs: ['d', 'mw'], outputs: ['mm'] },
        { op: 'Relu', inputs: ['mm'], outputs: ['r'] },
        { op: 'Add', inputs: ['r', 'mm'], outputs: ['ra'] },
        { op: 'Identity', inputs: ['ra'], outputs: ['ri'] },
        { op: 'Softmax', inputs: ['ri'], outputs: ['y'], attrs: { axis: -1 } },
      ].map((n): NodeSpec => ({ ...(n as NodeSpec), floats: ['alpha', 'beta', 'epsilon'] })),
    });
    // Index/shape constants as int64 initializers.
    const model = onnx.ModelProto.decode(bytes);
    model.graph!.initializer!.push(int64Tensor('g0', [], [0]), ints('ax0', [0]), ints('c24', [2, 4]));
    const full = onnx.ModelProto.encode(model).finish();
    const { graph, a, b } = await roundTrip(full, [3, 4, 6, 6]);
    expect(opCensus(graph)).toMatchObject({
      Conv: 1,
      Reshape: 1,
      Split: 1,
      Slice: 1,
      Squeeze: 1,
      Unsqueeze: 1,
      Softmax: 1,
    });
    expect(graph.nodes.some((n) => n.op === ('Identity' as string))).toBe(false);
    expect(graph.nodes.find((n) => n.op === 'Reshape')!.attrs.shape).toEqual([0, 2, 4]);
    expect(graph.nodes.find((n) => n.op === 'Conv')!.attrs.pads).toEqual([0, 0, 1, 1]);
    expect(graph.nodes.find((n) => n.op === 'Clip')!.attrs).toEqual({ min: -0.5, max: Math.fround(0.8) });
    expect(b.dims).toEqual([3, 3]);
    expect(maxAbsDiff(b.data, a.data)).toBeLessThanOrEqual(1e-5);
  }, 30_000);

  it('opset 9 attribute forms (Clip min/max, Unsqueeze axes, Slice starts) and opset 14 HardSwish', async () => {
    const old = buildModel({
      opsets: { '': 9 },
      inputs: [['x', ['N', 6]]],
      outputs: [['y', ['N', 1, 4]]],
      nodes: [
        { op: 'Clip', inputs: ['x'], outputs: ['c'], attrs: { min: -0.25, max: 1 }, floats: ['min', 'max'] },
        { op: 'Slice', inputs: ['c'], outputs: ['s'], attrs: { starts: [1], ends: [-1], axes: [1] } },
        { op: 'Unsqueeze', inputs: ['s'], outputs: ['y'], attrs: { axes: [1] } },
      ],
    });
    const r1 = await roundTrip(old, [2, 6]);
    expect(r1.b.dims).toEqual([2, 1, 4]);
    expect(maxAbsDiff(r1.b.data, r1.a.data)).toBe(0);

    const hs = buildModel({
      opsets: { '': 14 },
      inputs: [['x', ['N', 5]]],
      outputs: [['y', ['N', 5]]],
      nodes: [{ op: 'HardSwish', inputs: ['x'], outputs: ['y'] }],
    });
    const r2 = await roundTrip(hs, [3, 5]);
    expect(maxAbsDiff(r2.b.data, r2.a.data)).toBeLessThanOrEqual(1e-6);
  }, 30_000);

  it('QDQ: DequantizeLinear weights fold to float, activation Q/DQ pairs drop, a [0,6] range restores Clip(0,6)', async () => {
    const wq = Array.from({ length: 4 * 3 }, () => Math.round(Math.random() * 254 - 127));
    const bytes = buildModel({
      inputs: [['x', ['N', 3, 5, 5]]],
      outputs: [['y', ['N', 4, 5, 5]]],
      tensors: [
        onnx.TensorProto.create({ name: 'wq', dims: [4, 3, 1, 1], dataType: 3, int32Data: wq }),
        onnx.TensorProto.create({
          name: 'ws',
          dims: [4],
          dataType: 1,
          floatData: [0.01, 0.02, 0.015, 0.005],
        }),
        onnx.TensorProto.create({ name: 'wz', dims: [4], dataType: 3, int32Data: [0, 0, 0, 0] }),
        onnx.TensorProto.create({ name: 'xs', dims: [], dataType: 1, floatData: [0.02] }),
        onnx.TensorProto.create({ name: 'xz', dims: [], dataType: 2, int32Data: [128] }),
        onnx.TensorProto.create({ name: 'ys', dims: [], dataType: 1, floatData: [6 / 255] }),
        onnx.TensorProto.create({ name: 'yz', dims: [], dataType: 2, int32Data: [0] }),
      ],
      nodes: [
        { op: 'QuantizeLinear', inputs: ['x', 'xs', 'xz'], outputs: ['xq'] },
        { op: 'DequantizeLinear', inputs: ['xq', 'xs', 'xz'], outputs: ['xd'] },
        { op: 'DequantizeLinear', inputs: ['wq', 'ws', 'wz'], outputs: ['w'], attrs: { axis: 0 } },
        { op: 'Conv', inputs: ['xd', 'w'], outputs: ['c'] },
        { op: 'QuantizeLinear', inputs: ['c', 'ys', 'yz'], outputs: ['cq'] },
        { op: 'DequantizeLinear', inputs: ['cq', 'ys', 'yz'], outputs: ['y'] },
      ],
    });
    const { graph, a, b } = await roundTrip(bytes, [2, 3, 5, 5]);
    expect(graph.nodes.map((n) => n.op)).toEqual(['Conv', 'Clip']);
    expect(graph.nodes[1].attrs).toEqual({ min: 0, max: 6 });
    const w = [...graph.params.values()].find((p) => p.shape.length === 4)!;
    expect(Array.from(w.data)).toEqual(
      wq.map((q, i) => Math.fround(q * Math.fround([0.01, 0.02, 0.015, 0.005][Math.floor(i / 3)]))),
    );
    // The float graph skips activation rounding: outputs match the QDQ model within its quantization steps.
    expect(maxAbsDiff(b.data, a.data)).toBeLessThanOrEqual(6 / 255 + 3 * 0.02 * 0.02 * 127 * 3);
    expect(b.data.every((v) => v >= 0 && v <= 6)).toBe(true);
  }, 30_000);
});
