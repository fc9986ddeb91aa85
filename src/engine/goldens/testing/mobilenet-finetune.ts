// Test-only: the mobilenetv2 fine-tune golden (generate.py `mobilenet_golden`): the engine graph at the golden's
// size with the same fresh 12-class head torch started from, and the recipe as engine train options.
import { replaceHead } from '../../nn/graph/head.ts';
import type { Graph } from '../../nn/graph/ir.ts';
import { type TrainOptions, withInputSize } from '../../nn/plan/compile.ts';
import { importOnnx } from '../../onnx/import.ts';
import { lcgInput } from './lcg-input.ts';
import { parseResnetGolden, type ResnetStepGolden } from './resnet-step.ts';

export interface FinetuneGolden extends ResnetStepGolden {
  head: {
    classes: number;
    weight: string;
    bias: string;
    weightLcgSeed: number;
    biasLcgSeed: number;
    scale: number;
  };
  recipe: ResnetStepGolden['recipe'] & { backboneLrMult: number; steps: number };
  losses: number[];
}

export function parseFinetuneGolden(text: string): FinetuneGolden {
  const g = parseResnetGolden(text) as FinetuneGolden;
  if (!g.head || !g.losses || g.recipe.steps !== g.losses.length)
    throw new Error('mobilenetv2-finetune-steps.golden.json: missing head/losses (regenerate it)');
  return g;
}

/** The imported model at the golden's input size with torch's starting head (float32 of lcg · scale). */
export function finetuneGraph(bytes: Uint8Array, g: FinetuneGolden): Graph {
  const [, , height, width] = g.input.shape;
  const graph = withInputSize(importOnnx(bytes, g.model).graph, height, width);
  const features = graph.params.get(g.head.weight)?.shape[1];
  if (!features) throw new Error(`${g.model}: no head weight '${g.head.weight}'`);
  const scaled = (n: number, seed: number) => Float32Array.from(lcgInput(n, seed), (v) => v * g.head.scale);
  return replaceHead(graph, g.head.classes, {
    weight: scaled(g.head.classes * features, g.head.weightLcgSeed),
    bias: scaled(g.head.classes, g.head.biasLcgSeed),
  });
}

export function finetuneOptions(g: FinetuneGolden): TrainOptions {
  return {
    batch: g.input.shape[0],
    mode: 'full',
    labelSmoothing: g.recipe.labelSmoothing,
    optimizer: { kind: 'sgd', momentum: g.recipe.momentum, weightDecay: g.recipe.weightDecay },
    lrMult: (_param, isHead) => (isHead ? 1 : g.recipe.backboneLrMult),
  };
}
