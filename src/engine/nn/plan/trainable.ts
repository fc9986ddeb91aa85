// Which parameters a fine-tune mode trains: the classifier head, the last k stages (stages derived from the
// graph's cut tensors), or everything; BatchNorm running statistics are never trained.
import { findClassifierHead } from '../graph/head.ts';
import type { Graph, GraphNode } from '../graph/ir.ts';
import type { FineTuneMode } from './schedule-types.ts';

/** Param inputs of a node that are learnable weights (BatchNorm's running mean/var, inputs 3–4, are not). */
export function weightInputs(graph: Graph, node: GraphNode): string[] {
  const ins = node.op === 'BatchNormalization' ? node.inputs.slice(1, 3) : node.inputs;
  return ins.filter((t) => {
    const p = graph.params.get(t);
    return p !== undefined && !p.constant;
  });
}

/** BatchNorm running mean and var param names (updated by train-mode forward, never by the optimizer). */
export function runningStats(graph: Graph): Set<string> {
  const s = new Set<string>();
  for (const n of graph.nodes)
    if (n.op === 'BatchNormalization') for (const t of n.inputs.slice(3, 5)) s.add(t);
  return s;
}

/**
 * Cut tensors: activations every input→output path passes through. With nodes in topological order, the output
 * of node i is a cut when no other tensor produced at or before node i is still consumed after it.
 */
export function cutTensors(graph: Graph): Set<string> {
  const lastUse = new Map<string, number>();
  graph.nodes.forEach((n, i) => {
    for (const t of n.inputs) if (!graph.params.has(t)) lastUse.set(t, i);
  });
  for (const o of graph.outputs) lastUse.set(o.name, graph.nodes.length);
  const cuts = new Set<string>();
  let open = new Set<string>(graph.inputs.map((t) => t.name));
  graph.nodes.forEach((n, i) => {
    for (const o of n.outputs) if (lastUse.has(o)) open.add(o);
    open = new Set([...open].filter((t) => (lastUse.get(t) ?? -1) > i));
    if (open.size === 1) {
      const [only] = open;
      if (n.outputs.includes(only)) cuts.add(only);
    }
  });
  return cuts;
}

/** Ops that start a stage; BatchNorm, bias Adds and scales join the layer they follow. */
const LAYER_OPS: ReadonlySet<string> = new Set(['Conv', 'Gemm', 'MatMul']);

/**
 * Stages, input to output: the node runs between consecutive cut tensors, each run holding at least one Conv/Gemm/MatMul
 * with weights; any other run (BatchNorm, Relu, pooling, Flatten after a cut) joins the stage before it. So a residual block
 * (its skip Add keeps the block input live) is one stage, a conv in a plain chain is its own stage, and the
 * classifier Gemm is the last stage.
 */
export function stages(graph: Graph): GraphNode[][] {
  const cuts = cutTensors(graph);
  const runs: GraphNode[][] = [[]];
  for (const n of graph.nodes) {
    runs[runs.length - 1].push(n);
    if (n.outputs.some((o) => cuts.has(o))) runs.push([]);
  }
  const out: GraphNode[][] = [];
  for (const run of runs) {
    if (run.length === 0) continue;
    const weighted = run.some((n) => LAYER_OPS.has(n.op) && weightInputs(graph, n).length > 0);
    if (weighted || out.length === 0) out.push([...run]);
    else out[out.length - 1].push(...run);
  }
  return out;
}

/**
 * The classifier's nodes (its Gemm/MatMul and bias Add), or null when no Gemm/MatMul feeds the output (SqueezeNet
 * classifies with a 1×1 Conv): head mode then trains the last stage.
 */
function classifierNodes(graph: Graph): GraphNode[] | null {
  try {
    const head = findClassifierHead(graph);
    return [head.node, ...(head.biasAdd ? [head.biasAdd] : [])];
  } catch {
    return null;
  }
}

export interface TrainableSpec {
  mode: FineTuneMode;
  /** last-k: how many stages, counted from the output (k = 1 is the classifier stage). */
  k?: number;
}

/** Names of the trainable params for a mode, in graph order. */
export function trainableParams(graph: Graph, spec: TrainableSpec): string[] {
  const ordered: string[] = [];
  const seen = new Set<string>();
  const take = (nodes: readonly GraphNode[]) => {
    for (const n of nodes) {
      for (const t of weightInputs(graph, n)) {
        if (!seen.has(t)) {
          seen.add(t);
          ordered.push(t);
        }
      }
    }
  };
  if (spec.mode === 'full') take(graph.nodes);
  else if (spec.mode === 'head') {
    const head = classifierNodes(graph);
    take(head ?? stages(graph).slice(-1)[0]);
  } else {
    const k = spec.k;
    if (k === undefined || !Number.isInteger(k) || k < 1)
      throw new Error(`fine-tune mode last-k: k must be a positive integer, got ${k}`);
    const all = stages(graph);
    if (k > all.length)
      throw new Error(`fine-tune mode last-k: k = ${k} but graph '${graph.name}' has ${all.length} stages`);
    take(all.slice(all.length - k).flat());
  }
  const order = new Map<string, number>();
  graph.nodes.forEach((n, i) => {
    for (const t of n.inputs) if (!order.has(t)) order.set(t, i);
  });
  return ordered.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}
