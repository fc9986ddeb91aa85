// Bad input fails with messages that name the op, node, opset and file.
import { describe, expect, it } from 'vitest';
import { importOnnx } from './import.ts';
import { onnx } from './proto.ts';
import { int64Tensor } from './tensor.ts';
import { buildModel } from './testing/build.ts';

const x: [string, (number | string)[]] = ['x', ['N', 4, 8]];

describe('ONNX import errors', () => {
  it('names an unsupported op, its node and the opset', () => {
    const bytes = buildModel({
      nodes: [{ op: 'LSTM', name: 'lstm_1', inputs: ['x'], outputs: ['y'] }],
      inputs: [x],
      outputs: [['y', ['N', 4, 8]]],
    });
    expect(() => importOnnx(bytes, 'rnn.onnx')).toThrow(
      "Unsupported ONNX op 'LSTM' (node 'lstm_1', opset 13)",
    );
  });

  it('names the domain of an unsupported contrib op', () => {
    const bytes = buildModel({
      nodes: [{ op: 'QGemm', name: 'qg', domain: 'com.microsoft', inputs: ['x'], outputs: ['y'] }],
      inputs: [x],
      outputs: [['y', ['N', 4, 8]]],
      opsets: { '': 12, 'com.microsoft': 1 },
    });
    expect(() => importOnnx(bytes)).toThrow(
      "Unsupported ONNX op 'com.microsoft.QGemm' (node 'qg', opset com.microsoft 1)",
    );
  });

  it('rejects shape ops on real data, with the reason', () => {
    const bytes = buildModel({
      nodes: [{ op: 'Gather', name: 'g', inputs: ['x', 'idx'], outputs: ['y'], attrs: { axis: 1 } }],
      inputs: [x],
      outputs: [['y', ['N', 8]]],
      tensors: [int64Tensor('idx', [], [0])],
    });
    expect(() => importOnnx(bytes)).toThrow(
      "Unsupported ONNX op 'Gather' (node 'g', opset 13): only supported on constant (shape) inputs",
    );
  });

  it('rejects external data naming the file and tensor', () => {
    const t = onnx.TensorProto.create({
      name: 'w',
      dims: [4],
      dataType: 1,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [{ key: 'location', value: 'weights.bin' }],
    });
    const bytes = buildModel({
      nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
      inputs: [x],
      outputs: [x],
      tensors: [t],
    });
    expect(() => importOnnx(bytes, 'big.onnx')).toThrow(
      "big.onnx: tensor 'w' uses external data ('weights.bin'); external data files are not supported",
    );
  });

  it('reports shape mismatches with the node and opset', () => {
    const w = new Float32Array(6 * 3 * 3).fill(0.5);
    const bytes = buildModel({
      nodes: [{ op: 'Conv', name: 'c1', inputs: ['img', 'w'], outputs: ['y'], attrs: { kernel_shape: [3] } }],
      inputs: [['img', [1, 4, 8]]],
      outputs: [['y', [1, 6, 6]]],
      floats: { w: [[6, 3, 3], w] },
    });
    expect(() => importOnnx(bytes, 'conv.onnx')).toThrow(
      "conv.onnx: Conv 'c1': input channels 4 ≠ weight in-channels×group 3×1 (node 'c1', opset 13)",
    );
  });

  it('rejects bytes that are not ONNX', () => {
    expect(() => importOnnx(new Uint8Array([1, 2, 3, 4, 5]), 'junk.onnx')).toThrow(
      /junk.onnx: not a valid ONNX protobuf|junk.onnx: ONNX model has no graph/,
    );
  });
});
