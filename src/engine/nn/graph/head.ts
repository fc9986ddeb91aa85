// The classifier head of a graph (the last Gemm/MatMul feeding the output) and its replacement by a fresh
// Linear layer with N classes, for fine-tuning.

import { mulberry32 } from '../../random/mulberry32.ts';
import { inferSymbolicShapes } from './infer.ts';
import { cloneGraph, type Graph, type GraphNode, type Param } from './ir.ts';

export interface ClassifierHead {
  /** The Gemm or MatMul node. */
  node: GraphNode;
  weight: Param;
  /** Bias param: Gemm's C, or the param added to the MatMul output by the next Add; null if none. */
  bias: Param | null;
  /** The Add node carrying a MatMul's bias, if any. */
  biasAdd: GraphNode | null;
  inFeatures: number;
  outFeatures: number;
  /** True when the weight is stored [out, in] (Gemm transB=1, as PyTorch exports Linear). */
  transposed: boolean;
}

/** Ops a head may be followed by on its way to the output without changing which node is the head. */
const PASS_THROUGH = new Set(['Softmax', 'Dropout', 'Flatten', 'Reshape', 'Identity']);

/** Finds the last Gemm/MatMul (with a param weight) that feeds the first graph output. */
export function findClassifierHead(graph: Graph): ClassifierHead {
  const producer = new Map<string, GraphNode>();
  for (const n of graph.nodes) for (const o of n.outputs) producer.set(o, n);
  const out = graph.outputs[0]?.name;
  let node = producer.get(out);
  let biasAdd: GraphNode | null = null;
  while (node) {
    if (node.op === 'Gemm' || node.op === 'MatMul') break;
    if (node.op === 'Add' && !biasAdd && node.inputs.some((i) => graph.params.has(i))) {
      biasAdd = node;
      node = producer.get(node.inputs.find((i) => !graph.params.has(i))!);
    } else if (PASS_THROUGH.has(node.op)) node = producer.get(node.inputs[0]);
    else node = undefined;
  }
  if (!node)
    throw new Error(`findClassifierHead: no Gemm/MatMul feeds output '${out}' in graph '${graph.name}'`);
  if (node.op === 'Gemm' && biasAdd) biasAdd = null;
  const weight = graph.params.get(node.inputs[1]);
  if (weight?.shape.length !== 2) {
    throw new Error(`findClassifierHead: ${node.op} '${node.name}' has no 2-D weight parameter`);
  }
  if (node.op === 'Gemm' && node.attrs.transA === 1)
    throw new Error(`findClassifierHead: Gemm '${node.name}' has transA=1`);
  const transposed = node.op === 'Gemm' && node.attrs.transB === 1;
  const [inFeatures, outFeatures] = transposed ? [weight.shape[1], weight.shape[0]] : weight.shape;
  const biasName = node.op === 'Gemm' ? node.inputs[2] : biasAdd?.inputs.find((i) => graph.params.has(i));
  const bias = biasName ? (graph.params.get(biasName) ?? null) : null;
  if (bias && bias.data.length !== outFeatures) {
    throw new Error(
      `findClassifierHead: bias '${bias.name}' has ${bias.data.length} values, head has ${outFeatures} outputs`,
    );
  }
  return { node, weight, bias, biasAdd, inFeatures, outFeatures, transposed };
}

export interface HeadInit {
  /** Row-major weight in the head's own layout ([out,in] if transposed, else [in,out]). */
  weight?: Float32Array;
  bias?: Float32Array;
  /** Seed for the default PyTorch-Linear-style U(-1/√in, 1/√in) init. */
  seed?: number;
}

/**
 * A copy of the graph whose head outputs `numClasses` logits (weight layout and node kind kept), with output
 * shapes re-inferred. The source graph is not modified.
 */
export function replaceHead(graph: Graph, numClasses: number, init: HeadInit = {}): Graph {
  if (!Number.isInteger(numClasses) || numClasses < 1)
    throw new Error(`replaceHead: numClasses ${numClasses} must be a positive integer`);
  const head = findClassifierHead(graph);
  const g = cloneGraph(graph);
  const n = head.inFeatures;
  const wShape = head.transposed ? [numClasses, n] : [n, numClasses];
  const rand = mulberry32(init.seed ?? 0x5eed);
  const bound = 1 / Math.sqrt(n);
  const uniform = (len: number) => Float32Array.from({ length: len }, () => (2 * rand() - 1) * bound);
  const weight = init.weight ?? uniform(numClasses * n);
  const bias = init.bias ?? uniform(numClasses);
  if (weight.length !== numClasses * n)
    throw new Error(`replaceHead: weight has ${weight.length} values, expected ${numClasses}×${n}`);
  if (bias.length !== numClasses)
    throw new Error(`replaceHead: bias has ${bias.length} values, expected ${numClasses}`);

  g.params.set(head.weight.name, { name: head.weight.name, shape: wShape, data: weight });
  const node = g.nodes.find((x) => x.name === head.node.name && x.op === head.node.op)!;
  if (head.bias) g.params.set(head.bias.name, { name: head.bias.name, shape: [numClasses], data: bias });
  else {
    let name = `${head.weight.name}_bias`;
    while (g.params.has(name)) name += '_';
    g.params.set(name, { name, shape: [numClasses], data: bias });
    if (node.op === 'Gemm') node.inputs[2] = name;
    else {
      // MatMul without a bias: insert an Add on its output.
      const out = node.outputs[0];
      const pre = `${out}_nobias`;
      node.outputs[0] = pre;
      g.nodes.splice(g.nodes.indexOf(node) + 1, 0, {
        op: 'Add',
        name: `${node.name}_bias`,
        inputs: [pre, name],
        outputs: [out],
        attrs: {},
      });
    }
  }
  const shapes = inferSymbolicShapes(g);
  g.outputs = g.outputs.map((o) => ({ name: o.name, shape: shapes.get(o.name)! }));
  g.meta = { ...g.meta, headReplaced: `${numClasses}` };
  return g;
}
