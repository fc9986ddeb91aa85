// Head-only fine-tuning on cached backbone features: the backbone is frozen, so its pooled features are computed
// once (data/feed/forward-images.ts) and every epoch trains only the classifier on the GPU executor — no image is
// decoded or convolved twice. Augmentation cannot apply here (features are fixed), which matches a linear probe.
// The epoch itself is run/head-driver.ts's HeadDriver, shared with the studio's training runs.
import type { GpuContext } from '../../gpu/context.ts';
import type { Graph } from '../graph/ir.ts';
import type { EpochStats } from '../run/driver.ts';
import { HeadDriver } from '../run/head-driver.ts';
import { classificationMetrics, type EvalMetrics } from './metrics.ts';
import { type Recipe, recipeLr } from './recipe.ts';

/** Rows of features with their labels. */
export interface FeatureSet {
  features: Float32Array;
  labels: Uint32Array;
  dim: number;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  lr: number;
  train_top1: number;
  val_top1: number | null;
  val_top5: number | null;
  images_per_s: number;
  peak_gpu_mb: number;
}

/**
 * Trains the head of `graph` (already given a fresh N-class head) in place: on return its head params hold the
 * trained weights. Calls `onEpoch` after each epoch with the epoch's mean loss, train and val accuracy.
 */
export async function trainHead(
  ctx: GpuContext,
  graph: Graph,
  train: FeatureSet,
  val: FeatureSet | null,
  r: Recipe,
  onEpoch: (e: EpochReport) => void,
  /** GPU bytes an earlier phase needed (feature extraction), so the report is the run's peak. */
  priorPeakBytes = 0,
): Promise<{ val: EvalMetrics | null }> {
  const driver = HeadDriver.fromFeatures(ctx, graph, train, val, r, priorPeakBytes);
  const steps = driver.stepsPerEpoch;
  const total = r.epochs * steps;
  const lrAt = recipeLr(r, steps);
  let last: EvalMetrics | null = null;
  try {
    for (let epoch = 0; epoch < r.epochs; epoch++) {
      const stats = await driver.runEpoch(epoch, {
        lrAt: (s) => lrAt(s, total),
        firstStep: epoch * steps,
        beforeStep: async () => undefined,
        onStep: () => undefined,
      });
      const logits = await driver.valLogits();
      last = logits && val ? classificationMetrics(logits, val.labels, driver.classes) : null;
      onEpoch(epochReport(epoch, stats, last, driver.peakBytes));
    }
    for (const { name } of driver.exec.schedule.trainable) {
      const p = graph.params.get(name)!;
      p.data = await driver.exec.readParam(name);
    }
  } finally {
    driver.dispose();
  }
  return { val: last };
}

/** The line `webclas train` prints (and a run's history holds) for 0-based `epoch`. */
export function epochReport(
  epoch: number,
  s: EpochStats,
  val: EvalMetrics | null,
  peakBytes: number,
): EpochReport {
  return {
    epoch: epoch + 1,
    loss: s.loss,
    lr: s.lr,
    train_top1: s.trainTop1,
    val_top1: val?.top1 ?? null,
    val_top5: val?.top5 ?? null,
    images_per_s: s.imagesPerS,
    peak_gpu_mb: Number((peakBytes / 2 ** 20).toPrecision(4)),
  };
}
