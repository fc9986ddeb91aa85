// Reverse-mode autograd over the IR: for each forward node in reverse topological order, the gradient step it
// needs (only for inputs that lead to a trainable parameter), with GradSum steps where a tensor fans out.
import type { Graph, GraphNode } from '../graph/ir.ts';
import { type BnMode, VIEW_OPS } from './forward-steps.ts';
import { gradName, type Step, type TensorSpec } from './schedule-types.ts';

/** Tensors whose value depends on a trainable param (so their gradient is wanted). */
export function requiresGrad(graph: Graph, trainable: ReadonlySet<string>): Set<string> {
  const need = new Set<string>(trainable);
  for (const n of graph.nodes) {
    if (n.inputs.some((t) => need.has(t))) for (const o of n.outputs) if (o) need.add(o);
  }
  return need;
}

/** Which forward inputs each op's gradient step reads, besides the upstream gradients (the rest: shapes only). */
function gradInputs(n: GraphNode, savedOutputs: readonly string[]): string[] {
  const [a, b, c] = n.inputs;
  switch (n.op) {
    case 'Conv':
      return [a, b];
    case 'Gemm':
      return [a, b, c ?? ''];
    case 'MatMul':
    case 'Mul':
    case 'Div':
      return [a, b];
    case 'BatchNormalization':
      return [...n.inputs.slice(0, 5), savedOutputs[1]];
    case 'Relu':
    case 'Clip':
    case 'HardSigmoid':
    case 'HardSwish':
    case 'Sigmoid':
      return [a];
    case 'Softmax':
      return [n.outputs[0]];
    case 'MaxPool':
      return [savedOutputs[1]];
    case 'Dropout':
      return [savedOutputs[1] ?? ''];
    case 'Add':
    case 'Sub':
    case 'GlobalAveragePool':
    case 'AveragePool':
    case 'ReduceMean':
    case 'Flatten':
    case 'Reshape':
    case 'Squeeze':
    case 'Unsqueeze':
    case 'Transpose':
    case 'Concat':
    case 'Slice':
    case 'Split':
      return [];
  }
}

export interface AutogradInput {
  graph: Graph;
  /** Forward steps by node name (for the saved-extra output names). */
  forward: Map<string, Step>;
  trainable: ReadonlySet<string>;
  shapes: Map<string, number[]>;
  tensors: Map<string, TensorSpec>;
  bnMode: (node: GraphNode) => BnMode;
  /** The tensor the loss differentiates (the logits); its gradient comes from the loss step. */
  seed: string;
}

/** The backward steps, in execution order. Adds grad tensors to `tensors`. */
export function backwardSteps(a: AutogradInput): Step[] {
  const { graph, trainable, tensors } = a;
  const need = requiresGrad(graph, trainable);
  // Partial gradients per tensor; the tensor's total gradient is ready once its producer is reached.
  const partials = new Map<string, string[]>([[a.seed, [gradName(a.seed)]]]);
  const steps: Step[] = [];
  const consumers = new Map<string, number>();
  for (const n of graph.nodes)
    for (const t of n.inputs) if (need.has(t)) consumers.set(t, (consumers.get(t) ?? 0) + 1);

  const addGrad = (t: string, like: string, kind: 'grad' | 'param-grad', aliasOf?: string) => {
    tensors.set(t, {
      name: t,
      shape: [...(a.shapes.get(like) ?? [])],
      dtype: 'f32',
      kind,
      ...(aliasOf ? { aliasOf } : {}),
    });
  };

  /** Collapses a tensor's partials into grad:t (a GradSum step when there are several). */
  const total = (t: string): string | null => {
    const ps = partials.get(t);
    if (!ps || ps.length === 0) return null;
    const g = gradName(t);
    if (ps.length === 1) {
      if (ps[0] !== g) throw new Error(`autograd: partial '${ps[0]}' was not renamed to '${g}'`);
      return g;
    }
    addGrad(g, t, trainable.has(t) ? 'param-grad' : 'grad');
    steps.push({ phase: 'backward', op: 'GradSum', node: `sum ${t}`, inputs: ps, outputs: [g], attrs: {} });
    partials.set(t, [g]);
    return g;
  };

  /** Name for a new partial gradient of `t`: grad:t when t has one consumer needing it, else numbered. */
  const partial = (t: string, aliasOf?: string): string => {
    const list = partials.get(t) ?? [];
    const single = (consumers.get(t) ?? 0) <= 1;
    const name = single ? gradName(t) : `${gradName(t)}#${list.length}`;
    list.push(name);
    partials.set(t, list);
    const kind = trainable.has(t) && single ? 'param-grad' : 'grad';
    addGrad(name, t, kind, aliasOf);
    return name;
  };

  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const n = graph.nodes[i];
    if (!n.inputs.some((t) => need.has(t))) continue;
    const dys = n.outputs.map((o) => (o ? total(o) : null));
    if (dys.every((d) => d === null)) continue;
    const fwd = a.forward.get(n.name);
    if (!fwd) throw new Error(`autograd: no forward step for ${n.op} '${n.name}'`);
    const view = VIEW_OPS.has(n.op);
    const outs = n.inputs.map((t) =>
      need.has(t) ? partial(t, view ? (dys[0] ?? undefined) : undefined) : '',
    );
    const attrs: Step['attrs'] = { ...fwd.attrs, inputShapes: n.inputs.map((t) => a.shapes.get(t) ?? []) };
    if (n.op === 'BatchNormalization') attrs.mode = a.bnMode(n);
    steps.push({
      phase: 'backward',
      op: `${n.op}Grad`,
      node: n.name,
      inputs: [...gradInputs(n, fwd.outputs), ...dys.map((d) => d ?? '')],
      outputs: outs,
      attrs,
    });
  }
  for (const t of trainable) {
    if (!total(t)) throw new Error(`autograd: trainable param '${t}' does not reach the loss`);
  }
  return steps;
}
