// The engine's graph IR: a static, framework-free description of a network (nodes, tensors, parameters).
// ONNX import produces it, shape inference and the training planner read it, ONNX export writes it back.

/** A dimension: a number, or a symbol (e.g. 'batch') that becomes concrete at plan time. */
export type Dim = number | string;

/** Ops the engine runs. Shape-only ONNX ops (Shape, Gather, Cast, …) never reach the IR: import folds them. */
export const IR_OPS = [
  'Conv',
  'Gemm',
  'MatMul',
  'BatchNormalization',
  'Relu',
  'Clip',
  'HardSigmoid',
  'HardSwish',
  'Sigmoid',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'GlobalAveragePool',
  'MaxPool',
  'AveragePool',
  'ReduceMean',
  'Flatten',
  'Reshape',
  'Squeeze',
  'Unsqueeze',
  'Transpose',
  'Concat',
  'Slice',
  'Split',
  'Softmax',
  'Dropout',
] as const;
export type IrOp = (typeof IR_OPS)[number];

/** Canonical attribute values: every shape-like operand of the ONNX node has been moved into an attribute. */
export type AttrValue = number | number[] | string;

export interface GraphNode {
  op: IrOp;
  /** The ONNX node name (or a generated one), used in every error message about this node. */
  name: string;
  /** Tensor names: activations, graph inputs or parameter names. */
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

/** A named float tensor held by the graph: a weight (trainable by default) or a folded constant. */
export interface Param {
  name: string;
  shape: number[];
  data: Float32Array;
  /** True for values that came from ONNX Constant nodes (e.g. the 3 in x·relu6(x+3)/6): not weights. */
  constant?: boolean;
}

export interface TensorInfo {
  name: string;
  shape: Dim[];
}

export interface Graph {
  name: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Topologically ordered. */
  nodes: GraphNode[];
  params: Map<string, Param>;
  /** Opset versions by domain ('' is the default ONNX domain) of the model this graph came from. */
  opsets: Record<string, number>;
  /** Free-form provenance (producer, whether it was dequantized, …) that export may record. */
  meta: Record<string, string>;
}

/** Element count of a concrete shape. */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Total parameter element count, optionally excluding folded constants. */
export function paramCount(graph: Graph, { includeConstants = false } = {}): number {
  let n = 0;
  for (const p of graph.params.values()) if (includeConstants || !p.constant) n += p.data.length;
  return n;
}

/** A shallow structural copy whose nodes, lists and param map can be edited without touching the source. */
export function cloneGraph(graph: Graph): Graph {
  return {
    name: graph.name,
    inputs: graph.inputs.map((t) => ({ name: t.name, shape: [...t.shape] })),
    outputs: graph.outputs.map((t) => ({ name: t.name, shape: [...t.shape] })),
    nodes: graph.nodes.map((n) => ({
      ...n,
      inputs: [...n.inputs],
      outputs: [...n.outputs],
      attrs: { ...n.attrs },
    })),
    params: new Map(graph.params),
    opsets: { ...graph.opsets },
    meta: { ...graph.meta },
  };
}

/** Op census: how many nodes of each op type. */
export function opCensus(graph: Graph): Record<string, number> {
  const c: Record<string, number> = {};
  for (const n of graph.nodes) c[n.op] = (c[n.op] ?? 0) + 1;
  return c;
}
