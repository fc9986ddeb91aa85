// The epoch loop of `webclas train --mode full|last-k`: an ImageDriver per run, one JSON-able report per epoch
// (the same fields as head mode), val metrics after each epoch, and the trained graph for export.
import type { GpuContext } from '../../gpu/context.ts';
import type { Graph } from '../graph/ir.ts';
import type { EpochReport } from './head-loop.ts';
import { ImageDriver } from './image-driver.ts';
import type { ImageRows } from './image-rows.ts';
import { classificationMetrics, type EvalMetrics } from './metrics.ts';
import { type Recipe, recipeLr } from './recipe.ts';

export interface ImageTrainResult {
  /** The trained graph (input sized to the recipe), ready for export. */
  graph: Graph;
  val: EvalMetrics | null;
  /** Eval preprocessing the val metrics used (recorded in the exported model). */
  preprocess: ImageDriver['evalPreprocess'];
}

/** Trains `graph` (already with a fresh head of `classes` outputs) for recipe.epochs epochs on image batches. */
export async function trainImages(
  ctx: GpuContext,
  graph: Graph,
  train: ImageRows,
  val: ImageRows | null,
  r: Recipe,
  classes: number,
  onEpoch: (e: EpochReport) => void,
  onProgress: (line: string) => void = () => {},
): Promise<ImageTrainResult> {
  const driver = ImageDriver.create(ctx, graph, r, train, val, classes);
  try {
    const steps = driver.stepsPerEpoch;
    const total = r.epochs * steps;
    const lrAt = recipeLr(r, steps);
    const valLabels = val ? Array.from({ length: val.count }, (_, i) => val.label(i)) : [];
    // Progress about every 10 % of an epoch: a full fine-tune epoch on a software GPU takes minutes.
    const every = Math.max(1, Math.round(steps / 10));
    let last: EvalMetrics | null = null;
    for (let epoch = 0; epoch < r.epochs; epoch++) {
      const stats = await driver.runEpoch(epoch, {
        lrAt: (step) => lrAt(step, total),
        firstStep: epoch * steps,
        beforeStep: async () => {},
        onStep: (done, of) => {
          if (done % every === 0 && done < of) onProgress(`epoch ${epoch + 1}: step ${done}/${of}`);
        },
      });
      const logits = await driver.valLogits();
      last = logits ? classificationMetrics(logits, valLabels, classes) : null;
      onEpoch({
        epoch: epoch + 1,
        loss: stats.loss,
        lr: stats.lr,
        train_top1: stats.trainTop1,
        val_top1: last?.top1 ?? null,
        val_top5: last?.top5 ?? null,
        images_per_s: stats.imagesPerS,
        peak_gpu_mb: Number((driver.peakBytes / 2 ** 20).toPrecision(4)),
      });
    }
    return { graph: await driver.trainedGraph(), val: last, preprocess: driver.evalPreprocess };
  } finally {
    driver.dispose();
  }
}
