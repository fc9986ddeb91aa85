// The static training schedule: a flat list of steps over named tensors, compiled once per (model, batch, size,
// mode) and shared by the CPU reference executor, the GPU executor and the buffer planner.
import type { AttrValue } from '../graph/ir.ts';

/** Where a step sits in a training step; the optimizer phase runs after every gradient is complete. */
export type StepPhase = 'forward' | 'loss' | 'backward' | 'optimizer';

/**
 * How a tensor is stored. Persistent kinds live for the whole run (their own buffers); the planned kinds
 * (activation, saved, grad, param-grad) share the liveness-planned arenas.
 */
export type TensorKind =
  | 'input'
  | 'labels'
  | 'param'
  | 'frozen-param'
  | 'constant'
  | 'running-stat'
  | 'optim-state'
  | 'metric'
  | 'activation'
  | 'saved'
  | 'grad'
  | 'param-grad';

export const PLANNED_KINDS: ReadonlySet<TensorKind> = new Set(['activation', 'saved', 'grad', 'param-grad']);

export type DType = 'f32' | 'i32' | 'u32';

export interface TensorSpec {
  name: string;
  shape: number[];
  dtype: DType;
  kind: TensorKind;
  /** Set when this tensor is a view of another one's memory (Reshape/Flatten/Squeeze/Unsqueeze and their grads). */
  aliasOf?: string;
}

export type StepAttrs = Record<string, AttrValue | boolean | number[][]>;

export interface Step {
  phase: StepPhase;
  /** Forward: the IR op; backward: `<Op>Grad`; plus SoftmaxCrossEntropy, GradSum, ClipGradNorm, SgdUpdate, AdamWUpdate. */
  op: string;
  /** The IR node this step comes from (or a synthetic name), used in every error message. */
  node: string;
  /** Tensor names; '' marks an absent optional operand (e.g. no bias). */
  inputs: string[];
  /** Tensor names; '' marks an output that is not needed (e.g. dX of a layer whose input needs no gradient). */
  outputs: string[];
  attrs: StepAttrs;
  /** Tensors the step updates in place (params, optimizer state, BN running stats): also listed in inputs. */
  inPlace?: string[];
}

export type FineTuneMode = 'head' | 'last-k' | 'full';

export type OptimizerSpec =
  | { kind: 'sgd'; momentum?: number; nesterov?: boolean; weightDecay?: number }
  | { kind: 'adamw'; beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number };

export interface Schedule {
  /** 'train' schedules end in loss, backward and optimizer steps; 'eval' schedules are forward only. */
  purpose: 'train' | 'eval';
  mode: FineTuneMode | 'eval';
  batch: number;
  /** The tensor fed with the image batch (the graph input, or the cached feature tensor in head mode). */
  input: string;
  labels: string | null;
  logits: string;
  loss: string | null;
  /** Count of top-1 hits in the batch (read back with the loss every N steps). */
  correct: string | null;
  steps: Step[];
  tensors: Map<string, TensorSpec>;
  optimizer: OptimizerSpec | null;
  /** Trainable params, in graph order, with the lr multiplier of their group. */
  trainable: { name: string; lrMult: number; weightDecay?: number }[];
}

export function gradName(tensor: string): string {
  return `grad:${tensor}`;
}

/** Every dtype the schedule uses is 32-bit (WGSL storage has no 8/16-bit scalars without extensions). */
export function bytesPerElement(_dtype: DType): number {
  return 4;
}

export function tensorBytes(t: TensorSpec): number {
  let n = 1;
  for (const d of t.shape) n *= d;
  return n * bytesPerElement(t.dtype);
}
