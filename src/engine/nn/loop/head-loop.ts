// Head-only fine-tuning on cached backbone features: the backbone is frozen, so its pooled features are computed
// once (data/feed/forward-images.ts) and every epoch trains only the classifier on the GPU executor — no image is
// decoded or convolved twice. Augmentation cannot apply here (features are fixed), which matches a linear probe.
import type { GpuContext } from '../../gpu/context.ts';
import { findClassifierHead } from '../graph/head.ts';
import type { Graph } from '../graph/ir.ts';
import { compileTrainSchedule } from '../plan/compile.ts';
import { GpuExecutor, type GpuStepMetrics } from '../train/gpu-executor.ts';
import { classificationMetrics, type EvalMetrics } from './metrics.ts';
import { type Recipe, recipeLr } from './recipe.ts';
import { epochBatches } from './shuffle.ts';

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

function gather(set: FeatureSet, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * set.dim);
  for (let i = 0; i < rows.length; i++)
    out.set(set.features.subarray(rows[i] * set.dim, (rows[i] + 1) * set.dim), i * set.dim);
  return out;
}

/** Logits of every row through the executor's forward steps (the head: a Gemm), batch-padded with row 0. */
export async function headLogits(exec: GpuExecutor, set: FeatureSet, classes: number): Promise<Float32Array> {
  const n = set.labels.length;
  const b = exec.schedule.batch;
  const out = new Float32Array(n * classes);
  for (let at = 0; at < n; at += b) {
    const rows = Uint32Array.from({ length: b }, (_, i) => (at + i < n ? at + i : 0));
    const logits = await exec.forward(gather(set, rows));
    out.set(logits.subarray(0, Math.min(b, n - at) * classes), at * classes);
  }
  return out;
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
  const head = findClassifierHead(graph);
  if (head.inFeatures !== train.dim)
    throw new Error(`trainHead: head takes ${head.inFeatures} features, the cache holds ${train.dim}`);
  const classes = head.outFeatures;
  const schedule = compileTrainSchedule(graph, {
    batch: r.batch,
    mode: 'head',
    cacheFeatures: true,
    optimizer: r.optimizer,
    labelSmoothing: r.labelSmoothing,
  });
  const n = train.labels.length;
  const stepsPerEpoch = Math.ceil(n / r.batch);
  const total = r.epochs * stepsPerEpoch;
  const lrAt = recipeLr(r, stepsPerEpoch);
  const exec = GpuExecutor.create(ctx, schedule, graph, { readEvery: 1 });
  const peakMb = Math.max(priorPeakBytes, exec.plan.peak.totalBytes) / 2 ** 20;
  let last: EvalMetrics | null = null;
  try {
    let step = 0;
    for (let epoch = 0; epoch < r.epochs; epoch++) {
      const t0 = performance.now();
      // Readbacks are collected as promises so the next step is recorded while the last one's loss comes back.
      const pending: Promise<GpuStepMetrics>[] = [];
      let lr = 0;
      for (const rows of epochBatches(n, r.batch, r.seed, epoch)) {
        lr = lrAt(step++, total);
        const labels = Uint32Array.from(rows, (i) => train.labels[i]);
        const { metrics: m } = await exec.step(labels, lr, gather(train, rows));
        if (m) pending.push(m);
      }
      const metrics = await Promise.all(pending);
      const seconds = (performance.now() - t0) / 1000;
      const loss = metrics.reduce((a, m) => a + m.loss, 0) / metrics.length;
      const hits = metrics.reduce((a, m) => a + m.correct, 0);
      last = val ? classificationMetrics(await headLogits(exec, val, classes), val.labels, classes) : null;
      onEpoch({
        epoch: epoch + 1,
        loss,
        lr,
        train_top1: hits / (metrics.length * r.batch),
        val_top1: last?.top1 ?? null,
        val_top5: last?.top5 ?? null,
        images_per_s: (stepsPerEpoch * r.batch) / seconds,
        peak_gpu_mb: Number(peakMb.toPrecision(4)),
      });
    }
    for (const { name } of schedule.trainable) {
      const p = graph.params.get(name)!;
      p.data = await exec.readParam(name);
    }
  } finally {
    exec.dispose();
  }
  return { val: last };
}
