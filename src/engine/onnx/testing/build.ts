// Test-only: build small ONNX models with onnx-proto, for error paths and ops the shared models lack.
import { onnx } from '../proto.ts';
import { floatTensor } from '../tensor.ts';

type Attr = number | number[] | string | InstanceType<typeof onnx.TensorProto>;
const AT = onnx.AttributeProto.AttributeType;

export interface NodeSpec {
  op: string;
  name?: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, Attr>;
  domain?: string;
  /** Force float-typed attributes (alpha, epsilon…) when the value happens to be an integer. */
  floats?: string[];
}

export interface ModelSpec {
  nodes: NodeSpec[];
  inputs: [string, (number | string)[]][];
  outputs: [string, (number | string)[]][];
  floats?: Record<string, [number[], Float32Array]>;
  tensors?: InstanceType<typeof onnx.TensorProto>[];
  opsets?: Record<string, number>;
}

function attr(name: string, v: Attr, float: boolean) {
  if (typeof v === 'string') return { name, type: AT.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v))
    return float ? { name, type: AT.FLOATS, floats: v } : { name, type: AT.INTS, ints: v };
  if (typeof v === 'number')
    return float || !Number.isInteger(v) ? { name, type: AT.FLOAT, f: v } : { name, type: AT.INT, i: v };
  return { name, type: AT.TENSOR, t: v };
}

const info = ([name, dims]: [string, (number | string)[]]) => ({
  name,
  type: {
    tensorType: {
      elemType: 1,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
});

export function buildModel(spec: ModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: Object.entries(spec.opsets ?? { '': 13 }).map(([domain, version]) => ({ domain, version })),
    graph: {
      name: 'test',
      node: spec.nodes.map((n, i) => ({
        opType: n.op,
        name: n.name ?? `${n.op}_${i}`,
        domain: n.domain ?? '',
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attr(k, v, n.floats?.includes(k) ?? false)),
      })),
      initializer: [
        ...Object.entries(spec.floats ?? {}).map(([name, [dims, data]]) => floatTensor(name, dims, data)),
        ...(spec.tensors ?? []),
      ],
      input: spec.inputs.map(info),
      output: spec.outputs.map(info),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
