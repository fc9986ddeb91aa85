// Head mode as an EpochDriver: the frozen backbone's pooled features are computed once (engine on WebGPU, or ORT
// WASM), then each epoch trains only the fresh classifier on them. trainHead (loop/head-loop.ts) and training
// runs (run-controller.ts) both train through this class, so the CLI and the studio share one loop.
import { forwardImages } from '../../data/feed/forward-images.ts';
import { forwardImagesWasm } from '../../data/feed/forward-images-wasm.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { bitmapPixels, decodeImage } from '../../infer/decode.ts';
import { uploadBitmap } from '../../kernels/preprocess/preprocess.ts';
import type { PreprocessOptions } from '../../preprocess/pipeline.ref.ts';
import { findClassifierHead } from '../graph/head.ts';
import type { Graph } from '../graph/ir.ts';
import type { FeatureSet } from '../loop/head-loop.ts';
import type { Recipe } from '../loop/recipe.ts';
import { epochBatches } from '../loop/shuffle.ts';
import { compileTrainSchedule } from '../plan/compile.ts';
import { GpuExecutor, type GpuStepMetrics } from '../train/gpu-executor.ts';
import type { EpochDriver, EpochHooks, EpochStats } from './driver.ts';

export function gatherRows(set: FeatureSet, rows: ArrayLike<number>): Float32Array {
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
    const logits = await exec.forward(gatherRows(set, rows));
    out.set(logits.subarray(0, Math.min(b, n - at) * classes), at * classes);
  }
  return out;
}

export class HeadDriver implements EpochDriver {
  private constructor(
    readonly exec: GpuExecutor,
    private readonly train: FeatureSet,
    private readonly val: FeatureSet | null,
    private readonly recipe: Recipe,
    readonly classes: number,
    readonly peakBytes: number,
  ) {}

  /** `graph` already carries the fresh N-class head; the executor starts from its params. */
  static fromFeatures(
    ctx: GpuContext,
    graph: Graph,
    train: FeatureSet,
    val: FeatureSet | null,
    recipe: Recipe,
    priorPeakBytes = 0,
  ): HeadDriver {
    const head = findClassifierHead(graph);
    if (head.inFeatures !== train.dim)
      throw new Error(`HeadDriver: head takes ${head.inFeatures} features, the cache holds ${train.dim}`);
    if (train.labels.length === 0) throw new Error('HeadDriver: the training set is empty');
    const schedule = compileTrainSchedule(graph, {
      batch: recipe.batch,
      mode: 'head',
      cacheFeatures: true,
      optimizer: recipe.optimizer,
      labelSmoothing: recipe.labelSmoothing,
    });
    const exec = GpuExecutor.create(ctx, schedule, graph, { readEvery: 1 });
    const peak = Math.max(priorPeakBytes, exec.plan.peak.totalBytes);
    return new HeadDriver(exec, train, val, recipe, head.outFeatures, peak);
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.train.labels.length / this.recipe.batch);
  }

  async runEpoch(epoch: number, hooks: EpochHooks): Promise<EpochStats> {
    const r = this.recipe;
    const batches = epochBatches(this.train.labels.length, r.batch, r.seed, epoch);
    // Readbacks are collected as promises so the next step is recorded while the last one's loss comes back.
    const pending: Promise<GpuStepMetrics>[] = [];
    let step = hooks.firstStep;
    let lr = 0;
    let waited = 0;
    const t0 = performance.now();
    for (let b = 0; b < batches.length; b++) {
      const w0 = performance.now();
      await hooks.beforeStep();
      waited += performance.now() - w0;
      const rows = batches[b];
      lr = hooks.lrAt(step++);
      const labels = Uint32Array.from(rows, (i) => this.train.labels[i]);
      const { metrics } = await this.exec.step(labels, lr, gatherRows(this.train, rows));
      if (metrics) {
        // Awaited below; a step that throws first (a lost device) must not leave these rejections unhandled.
        metrics.catch(() => undefined);
        pending.push(metrics);
      }
      hooks.onStep(b + 1, batches.length);
    }
    const metrics = await Promise.all(pending);
    // Time spent paused is not training time.
    const seconds = (performance.now() - t0 - waited) / 1000;
    return {
      loss: metrics.reduce((a, m) => a + m.loss, 0) / metrics.length,
      trainTop1: metrics.reduce((a, m) => a + m.correct, 0) / (metrics.length * r.batch),
      imagesPerS: (batches.length * r.batch) / seconds,
      lr,
    };
  }

  async valLogits(): Promise<Float32Array | null> {
    return this.val ? headLogits(this.exec, this.val, this.classes) : null;
  }

  dispose(): void {
    this.exec.dispose();
  }
}

/** One image of a run, as stored: its file bytes and a name for error messages. */
export type ImageBlobSource = (i: number) => Promise<{ blob: Blob; name: string }>;

/**
 * Pooled features of `count` images at the feature tensor feeding the classifier head: on the engine (WebGPU) or
 * ORT WASM. `onProgress` gets images done; the result's peakBytes is the GPU feature pass's (0 on WASM).
 */
export async function extractFeatures(
  ctx: GpuContext,
  graph: Graph,
  count: number,
  source: ImageBlobSource,
  pre: PreprocessOptions,
  batch: number,
  backend: 'gpu' | 'wasm',
  onProgress?: (done: number) => void,
): Promise<{ data: Float32Array; dim: number; peakBytes: number }> {
  const feature = findClassifierHead(graph).node.inputs[0];
  if (backend === 'wasm') {
    const pixels = async (i: number) => {
      const { blob, name } = await source(i);
      const bitmap = await decodeImage(blob, name);
      try {
        return bitmapPixels(bitmap);
      } finally {
        bitmap.close();
      }
    };
    const f = await forwardImagesWasm(graph, count, pixels, pre, batch, feature, onProgress);
    return { ...f, peakBytes: 0 };
  }
  const textures = async (i: number) => {
    const { blob, name } = await source(i);
    const bitmap = await decodeImage(blob, name);
    try {
      return uploadBitmap(ctx, bitmap, name);
    } finally {
      bitmap.close();
    }
  };
  return forwardImages(ctx, graph, count, textures, pre, batch, feature, onProgress);
}
