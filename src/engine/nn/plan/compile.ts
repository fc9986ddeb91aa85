// Compiles a graph into a static schedule: forward (+ loss, backward, optimizer for training), once per
// (model, batch, size, mode). Executors and the buffer planner only ever read the result.
import { findClassifierHead } from '../graph/head.ts';
import { inferShapes } from '../graph/infer.ts';
import { cloneGraph, type Graph, type GraphNode } from '../graph/ir.ts';
import { backwardSteps } from './autograd.ts';
import { type BnMode, forwardSteps } from './forward-steps.ts';
import {
  type FineTuneMode,
  gradName,
  type OptimizerSpec,
  type Schedule,
  type Step,
  type TensorKind,
  type TensorSpec,
} from './schedule-types.ts';
import { runningStats, trainableParams } from './trainable.ts';

export interface TrainOptions {
  batch: number;
  mode: FineTuneMode;
  /** last-k: number of stages from the output (see trainable.ts for how stages are found). */
  k?: number;
  labelSmoothing?: number;
  optimizer: OptimizerSpec;
  /** Global gradient-norm clip (Paddle ClipGradByGlobalNorm); none when absent. */
  clipNorm?: number;
  /** Per-param lr multiplier (PaddleClas lr_mult_list, e.g. 0.1 for the backbone); default 1. */
  lrMult?: (param: string, isHead: boolean) => number;
  /** Per-param weight-decay override (e.g. 0 for biases and BN); default: the optimizer's. */
  weightDecay?: (param: string) => number | undefined;
  /** head mode only: train on cached backbone features (the head's input tensor) instead of images. */
  cacheFeatures?: boolean;
}

/** A copy of the graph whose first input takes H×W images (the model may declare another fixed size). */
export function withInputSize(graph: Graph, height: number, width: number): Graph {
  const g = cloneGraph(graph);
  const [input] = g.inputs;
  if (input.shape.length !== 4)
    throw new Error(`withInputSize: input '${input.name}' is not NCHW: [${input.shape.join(',')}]`);
  input.shape = [input.shape[0], input.shape[1], height, width];
  return g;
}

function inputShapes(graph: Graph, batch: number): Record<string, number[]> {
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`schedule: batch ${batch} must be a positive integer`);
  const out: Record<string, number[]> = {};
  for (const t of graph.inputs) {
    out[t.name] = t.shape.map((d, i) => {
      if (typeof d === 'number') return i === 0 && d !== batch ? batch : d;
      if (i === 0) return batch;
      throw new Error(`schedule: input '${t.name}' dim ${i} is symbolic '${d}': use withInputSize`);
    });
  }
  return out;
}

/** Nodes needed to compute `outputs` (backward reachability), in graph order. */
export function neededNodes(graph: Graph, outputs: readonly string[]): GraphNode[] {
  const want = new Set(outputs);
  const keep: GraphNode[] = [];
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const n = graph.nodes[i];
    if (!n.outputs.some((o) => want.has(o))) continue;
    keep.push(n);
    for (const t of n.inputs) want.add(t);
  }
  return keep.reverse();
}

/** Nodes that depend on `from` (forward reachability), in graph order. */
function dependentNodes(graph: Graph, from: string): GraphNode[] {
  const live = new Set([from]);
  return graph.nodes.filter((n) => {
    if (!n.inputs.some((t) => live.has(t))) return false;
    for (const o of n.outputs) live.add(o);
    return true;
  });
}

function paramTensors(
  graph: Graph,
  tensors: Map<string, TensorSpec>,
  nodes: readonly GraphNode[],
  trainable: Set<string>,
) {
  const stats = runningStats(graph);
  for (const n of nodes) {
    for (const t of n.inputs) {
      const p = graph.params.get(t);
      if (!p || tensors.has(t)) continue;
      const kind: TensorKind = trainable.has(t)
        ? 'param'
        : stats.has(t)
          ? 'running-stat'
          : p.constant
            ? 'constant'
            : 'frozen-param';
      tensors.set(t, { name: t, shape: [...p.shape], dtype: 'f32', kind });
    }
  }
}

function freshName(tensors: Map<string, TensorSpec>, graph: Graph, base: string): string {
  let name = base;
  while (tensors.has(name) || graph.params.has(name)) name += '_';
  return name;
}

/** Forward-only schedule (BatchNorm on running stats, Dropout off) up to `outputs` (default: the graph outputs). */
export function compileEvalSchedule(graph: Graph, batch: number, outputs?: string[]): Schedule {
  const shapes = inferShapes(graph, inputShapes(graph, batch));
  const outs = outputs ?? [graph.outputs[0].name];
  const nodes = neededNodes(graph, outs);
  const tensors = new Map<string, TensorSpec>();
  const input = graph.inputs[0].name;
  tensors.set(input, { name: input, shape: shapes.get(input)!, dtype: 'f32', kind: 'input' });
  paramTensors(graph, tensors, nodes, new Set());
  const steps = forwardSteps(nodes, tensors, {
    shapes,
    bnMode: () => 'eval',
    training: false,
    saveForBackward: false,
  });
  return {
    purpose: 'eval',
    mode: 'eval',
    batch,
    input,
    labels: null,
    logits: outs[0],
    loss: null,
    correct: null,
    steps,
    tensors,
    optimizer: null,
    trainable: [],
  };
}

/** The full training step: forward, softmax cross-entropy, backward of what trains, optimizer updates. */
export function compileTrainSchedule(graph: Graph, o: TrainOptions): Schedule {
  const shapes = inferShapes(graph, inputShapes(graph, o.batch));
  const logits = graph.outputs[0].name;
  const head = findClassifierHeadSafe(graph);
  const trainable = new Set(trainableParams(graph, { mode: o.mode, k: o.k }));
  if (trainable.size === 0) throw new Error(`schedule: mode '${o.mode}' leaves no trainable parameter`);

  let input = graph.inputs[0].name;
  let nodes = graph.nodes;
  if (o.cacheFeatures) {
    if (o.mode !== 'head' || !head)
      throw new Error('schedule: cacheFeatures needs mode head and a classifier head');
    input = head.node.inputs[0];
    nodes = dependentNodes(graph, input);
  }
  const tensors = new Map<string, TensorSpec>();
  tensors.set(input, { name: input, shape: shapes.get(input)!, dtype: 'f32', kind: 'input' });
  paramTensors(graph, tensors, nodes, trainable);

  const bnMode = (n: GraphNode): BnMode =>
    n.inputs.slice(1, 3).some((t) => trainable.has(t)) ? 'train' : 'frozen';
  const fwd = forwardSteps(nodes, tensors, { shapes, bnMode, training: true, saveForBackward: true });

  const labels = freshName(tensors, graph, 'labels');
  const loss = freshName(tensors, graph, 'loss');
  const correct = freshName(tensors, graph, 'correct');
  const [n, k] = shapes.get(logits)!;
  if (shapes.get(logits)!.length !== 2) throw new Error(`schedule: output '${logits}' is not [N, classes]`);
  tensors.set(labels, { name: labels, shape: [n], dtype: 'u32', kind: 'labels' });
  tensors.set(loss, { name: loss, shape: [1], dtype: 'f32', kind: 'metric' });
  tensors.set(correct, { name: correct, shape: [1], dtype: 'u32', kind: 'metric' });
  tensors.set(gradName(logits), { name: gradName(logits), shape: [n, k], dtype: 'f32', kind: 'grad' });
  const lossStep: Step = {
    phase: 'loss',
    op: 'SoftmaxCrossEntropy',
    node: 'loss',
    inputs: [logits, labels],
    outputs: [loss, correct, gradName(logits)],
    attrs: { labelSmoothing: o.labelSmoothing ?? 0 },
  };

  const restricted: Graph = { ...graph, nodes: [...nodes] };
  const bwd = backwardSteps({
    graph: restricted,
    forward: new Map(fwd.map((s) => [s.node, s])),
    trainable,
    shapes,
    tensors,
    bnMode,
    seed: logits,
  });

  const headParams = new Set(head ? [head.weight.name, head.bias?.name ?? ''] : []);
  const order = [...trainable];
  const optim: Step[] = [];
  const grads = order.map(gradName);
  if (o.clipNorm !== undefined) {
    optim.push({
      phase: 'optimizer',
      op: 'ClipGradNorm',
      node: 'clip',
      inputs: grads,
      outputs: [],
      attrs: { maxNorm: o.clipNorm },
      inPlace: grads,
    });
  }
  const list: Schedule['trainable'] = [];
  for (const p of order) {
    const lrMult = o.lrMult?.(p, headParams.has(p)) ?? 1;
    const wd = o.weightDecay?.(p);
    list.push({ name: p, lrMult, ...(wd !== undefined ? { weightDecay: wd } : {}) });
    const state = (what: string) => {
      const s = `${p}:${what}`;
      tensors.set(s, { name: s, shape: [...tensors.get(p)!.shape], dtype: 'f32', kind: 'optim-state' });
      return s;
    };
    const spec = o.optimizer;
    const common = { lrMult, ...(wd !== undefined ? { weightDecay: wd } : {}) };
    if (spec.kind === 'sgd') {
      const mom = (spec.momentum ?? 0) > 0 ? [state('momentum')] : [];
      optim.push({
        phase: 'optimizer',
        op: 'SgdUpdate',
        node: `update ${p}`,
        inputs: [p, gradName(p), ...mom],
        outputs: [],
        attrs: { ...common },
        inPlace: [p, ...mom],
      });
    } else {
      const mv = [state('adam_m'), state('adam_v')];
      optim.push({
        phase: 'optimizer',
        op: 'AdamWUpdate',
        node: `update ${p}`,
        inputs: [p, gradName(p), ...mv],
        outputs: [],
        attrs: { ...common },
        inPlace: [p, ...mv],
      });
    }
  }
  return {
    purpose: 'train',
    mode: o.mode,
    batch: o.batch,
    input,
    labels,
    logits,
    loss,
    correct,
    steps: [...fwd, lossStep, ...bwd, ...optim],
    tensors,
    optimizer: o.optimizer,
    trainable: list,
  };
}

function findClassifierHeadSafe(graph: Graph) {
  try {
    return findClassifierHead(graph);
  } catch {
    return null;
  }
}
