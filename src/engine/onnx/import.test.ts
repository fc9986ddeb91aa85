// Imports every model in shared/models and shared/models/arch: op census, parameter count, output shape.
import { describe, expect, it } from 'vitest';
import { inferShapes } from '../nn/graph/infer.ts';
import { opCensus, paramCount } from '../nn/graph/ir.ts';
import { importOnnx } from './import.ts';
import { onnx } from './proto.ts';
import { readShared } from './testing/shared.ts';

/**
 * Parameter elements counted straight from the protobuf, independent of the importer: float initializers, plus
 * one more copy for each Identity of an initializer (torch's merged duplicates, untied again on import).
 */
function floatInitializerElements(bytes: Uint8Array): number {
  const g = onnx.ModelProto.decode(bytes).graph!;
  const sizes = new Map<string, number>();
  for (const t of g.initializer ?? []) {
    if (t.dataType === 1)
      sizes.set(
        t.name ?? '',
        (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1),
      );
  }
  let n = [...sizes.values()].reduce((a, b) => a + b, 0);
  for (const node of g.node ?? []) if (node.opType === 'Identity') n += sizes.get(node.input?.[0] ?? '') ?? 0;
  return n;
}

const FLOAT_MODELS: [string, Record<string, number>][] = [
  [
    'models/mobilenetv2-12-float.onnx',
    { Conv: 52, Clip: 35, Add: 10, GlobalAveragePool: 1, Flatten: 1, Gemm: 1 },
  ],
  [
    'models/arch/efficientnet_b0-random.onnx',
    { Conv: 81, Sigmoid: 65, Mul: 65, GlobalAveragePool: 17, Add: 9, Flatten: 1, Gemm: 1 },
  ],
  [
    'models/arch/mobilenet_v3_small-random.onnx',
    { Conv: 52, HardSigmoid: 28, Mul: 28, Relu: 14, GlobalAveragePool: 10, Add: 6, Flatten: 1, Gemm: 2 },
  ],
  [
    'models/arch/resnet18-bn-random.onnx',
    {
      Conv: 20,
      BatchNormalization: 20,
      Relu: 17,
      MaxPool: 1,
      Add: 8,
      GlobalAveragePool: 1,
      Flatten: 1,
      Gemm: 1,
    },
  ],
  [
    'models/arch/shufflenet_v2_x0_5-random.onnx',
    {
      Conv: 56,
      Relu: 37,
      MaxPool: 1,
      Concat: 16,
      Reshape: 32,
      Transpose: 16,
      Slice: 26,
      ReduceMean: 1,
      Gemm: 1,
    },
  ],
  [
    'models/arch/squeezenet1_1-random.onnx',
    { Conv: 26, Relu: 26, MaxPool: 3, Concat: 8, GlobalAveragePool: 1, Flatten: 1 },
  ],
];

// Big-model imports take seconds on a loaded 2-core runner: more than Vitest's 5 s default.
describe('ONNX import of the shared models', { timeout: 60_000 }, () => {
  for (const [file, census] of FLOAT_MODELS) {
    it(file, () => {
      const bytes = readShared(file);
      const { graph, report } = importOnnx(bytes, file);
      expect(opCensus(graph)).toEqual(census);
      expect(paramCount(graph)).toBe(floatInitializerElements(bytes));
      expect(report.identitiesDropped).toBe(report.sourceOps.Identity ?? 0);
      expect(graph.inputs.map((i) => i.shape)).toEqual([['batch', 3, 224, 224]]);
      expect(graph.outputs.map((o) => o.shape)).toEqual([['batch', 1000]]);
      for (const n of [1, 3]) {
        const shapes = inferShapes(graph, { input: [n, 3, 224, 224] });
        expect(shapes.get(graph.outputs[0].name)).toEqual([n, 1000]);
      }
    });
  }

  it('shufflenet: the Shape/Gather/Unsqueeze/Concat/Cast/Div subgraphs fold into batch-free Reshape shapes', () => {
    const file = 'models/arch/shufflenet_v2_x0_5-random.onnx';
    const { graph, report } = importOnnx(readShared(file), file);
    const src = report.sourceOps;
    // Every Shape, Gather, Cast, Unsqueeze and Constant folds, and so do the Concat/Div/Mul/Add on shapes.
    expect(report.folded).toBe(
      src.Shape +
        src.Gather +
        src.Cast +
        src.Unsqueeze +
        src.Constant +
        src.Div +
        (src.Concat - 16) +
        src.Mul +
        src.Add,
    );
    const reshapes = graph.nodes.filter((n) => n.op === 'Reshape');
    expect(reshapes).toHaveLength(32);
    for (const r of reshapes) {
      const shape = r.attrs.shape as number[];
      // The batch stays free: the exporter's batch dim became 0 (copy from input), not a baked number.
      expect(shape[0]).toBe(0);
      // torch's channel_shuffle writes view(batch, -1, h, w): a literal -1 may remain, nothing batch-sized does.
      expect(shape.slice(1).every((d) => d > 0 || d === -1)).toBe(true);
    }
    expect(reshapes[0].attrs.shape).toEqual([0, 2, 24, 28, 28]);
    const slices = graph.nodes.filter((n) => n.op === 'Slice');
    expect(slices[0].attrs).toMatchObject({ starts: [0], ends: [24], axes: [1] });
    // Identity copies of one initializer (torch's merged duplicates) become separate, equal parameters.
    const [copy, orig] = [graph.params.get('onnx::Conv_1479')!, graph.params.get('onnx::Conv_1440')!];
    expect(copy.data).not.toBe(orig.data);
    expect(Array.from(copy.data)).toEqual(Array.from(orig.data));
    const shapes = inferShapes(graph, { input: [5, 3, 224, 224] });
    expect(shapes.get(reshapes[0].outputs[0])).toEqual([5, 2, 24, 28, 28]);
  });

  it('mobilenetv2 int8: QLinear ops become float ops with the same parameter count as the float export', () => {
    const bytes = readShared('models/mobilenetv2-12-int8.onnx');
    const { graph, report } = importOnnx(bytes, 'mobilenetv2-12-int8.onnx');
    expect(report.dequantized).toBe(true);
    expect(report.sourceOps).toMatchObject({
      QLinearConv: 52,
      'com.microsoft.QLinearAdd': 11,
      QLinearMatMul: 1,
    });
    // 35 activations restored from output ranges (the float export has 35 Clip(0,6)); bias Add after MatMul.
    expect(opCensus(graph)).toEqual({
      Conv: 52,
      Relu: 27,
      Clip: 8,
      Add: 11,
      GlobalAveragePool: 1,
      Reshape: 1,
      MatMul: 1,
    });
    const float = floatInitializerElements(readShared('models/mobilenetv2-12-float.onnx'));
    expect(paramCount(graph)).toBe(float);
    expect(graph.outputs).toEqual([{ name: 'output', shape: ['batch_size', 1000] }]);
    expect(graph.opsets).toMatchObject({ '': 12, 'com.microsoft': 1 });
    expect(graph.nodes.find((n) => n.op === 'Reshape')!.attrs.shape).toEqual([0, -1]);
    expect(inferShapes(graph, { input: [2, 3, 224, 224] }).get('output')).toEqual([2, 1000]);
  });
});
