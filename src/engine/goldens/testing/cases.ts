// Test-only: the case records of each golden file, as generate.py writes them.
import type { GoldenTensor } from './golden.ts';

export interface ConvCase {
  name: string;
  /** ONNX-style attributes; pads are [top, left, bottom, right]. */
  attrs: { strides: number[]; pads: number[]; dilations: number[]; group: number };
  x: GoldenTensor;
  w: GoldenTensor;
  b: GoldenTensor | null;
  dy: GoldenTensor;
  y: GoldenTensor;
  dx: GoldenTensor;
  dw: GoldenTensor;
  db: GoldenTensor | null;
}

export interface BnCase {
  name: string;
  torchMomentum: number;
  /** 1 − torchMomentum: the weight of the old running value, as the engine (and ONNX) define momentum. */
  onnxMomentum: number;
  epsilon: number;
  x: GoldenTensor;
  scale: GoldenTensor;
  bias: GoldenTensor;
  runningMean: GoldenTensor;
  runningVar: GoldenTensor;
  dy: GoldenTensor;
  y: GoldenTensor;
  dx: GoldenTensor;
  dScale: GoldenTensor;
  dBias: GoldenTensor;
  runningMeanAfter: GoldenTensor;
  runningVarAfter: GoldenTensor;
}

export interface CeCase {
  name: string;
  labelSmoothing: number;
  logits: GoldenTensor;
  labels: number[];
  loss: number;
  dLogits: GoldenTensor;
}

export interface SgdCase {
  name: string;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  /** Per param group (group 1 is the lr_mult 0.1 group). */
  lrMults: number[];
  initial: GoldenTensor[][];
  /** Gradients fed at each step and the parameters after it, per group and param. */
  steps: { lr: number; grads: GoldenTensor[][]; params: GoldenTensor[][] }[];
}
