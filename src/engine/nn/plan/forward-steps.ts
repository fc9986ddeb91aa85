// Forward steps of a schedule: one per IR node, with the extra outputs backward needs saved (BatchNorm batch
// statistics, MaxPool argmax, Dropout mask) and Reshape-like ops marked as views of their input.
import type { GraphNode } from '../graph/ir.ts';
import type { Step, TensorSpec } from './schedule-types.ts';

/** Ops whose output is the input's memory under another shape. */
export const VIEW_OPS: ReadonlySet<string> = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze']);

/** How each BatchNorm runs: batch statistics when its γ/β train, else running statistics (eval / frozen). */
export type BnMode = 'train' | 'eval' | 'frozen';

export interface ForwardOptions {
  /** Tensor shapes for this batch and size (inferShapes). */
  shapes: Map<string, number[]>;
  bnMode: (node: GraphNode) => BnMode;
  /** Dropout active (training) or identity (eval). */
  training: boolean;
  /** Whether backward will need the saved extras (train schedules). */
  saveForBackward: boolean;
}

export function savedName(node: GraphNode, what: string): string {
  return `${node.outputs[0]}:${what}`;
}

export function forwardSteps(
  nodes: readonly GraphNode[],
  tensors: Map<string, TensorSpec>,
  o: ForwardOptions,
): Step[] {
  const shape = (t: string) => {
    const s = o.shapes.get(t);
    if (!s) throw new Error(`schedule: no shape for tensor '${t}'`);
    return s;
  };
  const steps: Step[] = [];
  for (const n of nodes) {
    const outputs = [...n.outputs];
    const attrs: Step['attrs'] = { ...n.attrs };
    n.outputs.forEach((t, i) => {
      if (!t) return;
      const view = VIEW_OPS.has(n.op) && i === 0 ? { aliasOf: n.inputs[0] } : {};
      tensors.set(t, { name: t, shape: shape(t), dtype: 'f32', kind: 'activation', ...view });
    });
    const inPlace: string[] = [];
    if (n.op === 'BatchNormalization') {
      const mode = o.bnMode(n);
      attrs.mode = mode;
      if (mode === 'train') inPlace.push(n.inputs[3], n.inputs[4]);
      if (o.saveForBackward) {
        // [2, C]: the per-channel mean and 1/√(var+ε) actually used, so backward needs no recomputation.
        const saved = savedName(n, 'bnstats');
        tensors.set(saved, { name: saved, shape: [2, shape(n.inputs[1])[0]], dtype: 'f32', kind: 'saved' });
        outputs[1] = saved;
      }
    } else if (n.op === 'MaxPool' && o.saveForBackward) {
      const saved = savedName(n, 'argmax');
      tensors.set(saved, { name: saved, shape: shape(n.outputs[0]), dtype: 'i32', kind: 'saved' });
      outputs[1] = saved;
    } else if (n.op === 'Dropout') {
      attrs.training = o.training;
      if (o.saveForBackward && o.training) {
        const saved = savedName(n, 'mask');
        tensors.set(saved, { name: saved, shape: shape(n.outputs[0]), dtype: 'u32', kind: 'saved' });
        outputs[1] = saved;
      } else outputs.length = 1;
    }
    for (let i = 0; i < outputs.length; i++) outputs[i] ??= '';
    steps.push({
      phase: 'forward',
      op: n.op,
      node: n.name,
      inputs: [...n.inputs],
      outputs,
      attrs,
      ...(inPlace.length ? { inPlace } : {}),
    });
  }
  return steps;
}
