// Test-only: builds a one-node ONNX model on the spot and runs it in onnxruntime-web (WASM, Node), so the float64
// references can be checked against ONNX Runtime's own reading of each op's attributes.
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';

const { onnx } = onnxProto;
ort.env.wasm.numThreads = 1;
// ORT warns when its kernel's output shape differs from ONNX shape inference (MaxPool ceil_mode); not an error.
ort.env.logLevel = 'error';

export type AttrValue =
  | { i: number }
  | { f: number }
  | { ints: number[] }
  | { floats: number[] }
  | { s: string };

export interface OrtNodeSpec {
  opType: string;
  opset: number;
  /** Float inputs fed at run time, in node-input order; a null slot is an omitted optional input. */
  inputs: ({ data: Float32Array; dims: number[] } | null)[];
  /** int64 inputs baked in as initializers (Slice starts/ends, Split sizes), appended after `inputs`. */
  int64Inputs?: number[][];
  attrs?: Record<string, AttrValue>;
  outputs?: number;
}

function attribute(name: string, v: AttrValue) {
  const T = onnx.AttributeProto.AttributeType;
  if ('i' in v) return { name, type: T.INT, i: v.i };
  if ('f' in v) return { name, type: T.FLOAT, f: v.f };
  if ('ints' in v) return { name, type: T.INTS, ints: v.ints };
  if ('floats' in v) return { name, type: T.FLOATS, floats: v.floats };
  return { name, type: T.STRING, s: new TextEncoder().encode(v.s) };
}

/** Runs the node once; returns each output's data and dims. */
export async function runOrtNode(spec: OrtNodeSpec): Promise<{ data: Float32Array; dims: number[] }[]> {
  const f32 = onnx.TensorProto.DataType.FLOAT;
  const i64 = onnx.TensorProto.DataType.INT64;
  const nOut = spec.outputs ?? 1;
  const inputNames = spec.inputs.map((t, i) => (t ? `x${i}` : ''));
  const constNames = (spec.int64Inputs ?? []).map((_, i) => `c${i}`);
  const outNames = Array.from({ length: nOut }, (_, i) => `y${i}`);
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'webclas-ref-parity',
    opsetImport: [{ domain: '', version: spec.opset }],
    graph: {
      name: 'parity',
      node: [
        {
          opType: spec.opType,
          name: `parity_${spec.opType}`,
          input: [...inputNames, ...constNames],
          output: outNames,
          attribute: Object.entries(spec.attrs ?? {}).map(([k, v]) => attribute(k, v)),
        },
      ],
      initializer: (spec.int64Inputs ?? []).map((vals, i) => ({
        name: constNames[i],
        dataType: i64,
        dims: [vals.length],
        int64Data: vals,
      })),
      input: spec.inputs.flatMap((t, i) =>
        t
          ? [
              {
                name: inputNames[i],
                type: { tensorType: { elemType: f32, shape: { dim: t.dims.map((d) => ({ dimValue: d })) } } },
              },
            ]
          : [],
      ),
      output: outNames.map((name) => ({ name, type: { tensorType: { elemType: f32 } } })),
    },
  });
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(model).finish(), {
    logSeverityLevel: 3,
  });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    spec.inputs.forEach((t, i) => {
      if (t) feeds[inputNames[i]] = new ort.Tensor('float32', t.data, t.dims);
    });
    const res = await session.run(feeds);
    return outNames.map((n) => ({ data: res[n].data as Float32Array, dims: [...res[n].dims] }));
  } finally {
    await session.release();
  }
}
