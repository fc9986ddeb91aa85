// Full and last-k fine-tuning on image batches: each step decodes its images, augments them on the GPU
// (augment/gpu, keyed by seed/epoch/step/sample so a resumed epoch repeats exactly), copies the batch into the
// executor's input buffer on the GPU (no readback) and runs one training step of the compiled schedule.

import type { AugmentPipeline } from '../../augment/config/types.ts';
import type { RgbImage } from '../../augment/core/image.ts';
import { augmentBatchGpu, uploadSources } from '../../augment/gpu/augment-gpu.ts';
import { evalPreprocess } from '../../data/feed/eval-preprocess.ts';
import type { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { emaUpdate } from '../../kernels/optim-update/optim-update.ts';
import { preprocessBatch, uploadRgba } from '../../kernels/preprocess/preprocess.ts';
import type { PreprocessOptions } from '../../preprocess/pipeline.ref.ts';
import { findClassifierHead } from '../graph/head.ts';
import { cloneGraph, type Graph } from '../graph/ir.ts';
import { reinitWeights } from '../graph/reinit.ts';
import { compileEvalSchedule, compileTrainSchedule, withInputSize } from '../plan/compile.ts';
import type { DriverStateTensor, EpochDriver, EpochHooks, EpochStats } from '../run/driver.ts';
import { GpuExecutor, type GpuStepMetrics } from '../train/gpu-executor.ts';
import { type ImageRows, u8FromRgb } from './image-rows.ts';
import { trainPipeline } from './image-transforms.ts';
import type { Recipe } from './recipe.ts';
import { epochBatches } from './shuffle.ts';

/** Checkpoint names of the EMA shadows: `ema:<tensor>`, beside the executor's own state tensors. */
const EMA_PREFIX = 'ema:';

/** Copies a whole tensor on the GPU, after everything recorded so far (queue order keeps it in sequence). */
async function copyTensor(ctx: GpuContext, src: GpuTensor, dst: GpuTensor, what: string): Promise<void> {
  if (src.size !== dst.size)
    throw new Error(
      `${what}: ${src.size} values into a ${dst.size}-value tensor ([${src.shape}] → [${dst.shape}])`,
    );
  await ctx.flush();
  const enc = ctx.device.createCommandEncoder({ label: what });
  enc.copyBufferToBuffer(src.buffer, 0, dst.buffer, 0, src.size * 4);
  ctx.device.queue.submit([enc.finish()]);
}

export class ImageDriver implements EpochDriver {
  readonly stepsPerEpoch: number;
  /** Eval preprocessing of the validation images (and of the exported model's metadata). */
  readonly evalPreprocess: PreprocessOptions;
  /** EMA shadows of the params and running stats, when the recipe asks for EMA. */
  private readonly shadows = new Map<string, GpuTensor>();
  private evalExec: GpuExecutor | null = null;
  private augmentBytes = 0;

  private constructor(
    private readonly ctx: GpuContext,
    /** The graph being trained (input sized to the recipe, re-initialised for fromScratch). */
    readonly graph: Graph,
    readonly recipe: Recipe,
    readonly pipeline: AugmentPipeline,
    readonly exec: GpuExecutor,
    private readonly train: ImageRows,
    private readonly val: ImageRows | null,
    readonly classes: number,
  ) {
    this.stepsPerEpoch = Math.ceil(train.count / recipe.batch);
    const norm = pipeline.transforms.find((t) => t.kind === 'NormalizeImage');
    this.evalPreprocess = {
      ...evalPreprocess(recipe.size, norm ? { mean: [...norm.mean], std: [...norm.std] } : undefined),
      ...(norm ? { scale: norm.scale } : {}),
    };
    if (recipe.ema) {
      for (const name of exec.stateTensors()) {
        const spec = exec.schedule.tensors.get(name)!;
        if (spec.kind === 'optim-state') continue;
        this.shadows.set(name, ctx.upload(graph.params.get(name)!.data, [...spec.shape], `ema ${name}`));
      }
    }
  }

  /**
   * `graph` already has its fresh N-class head. Compiles the train schedule for recipe.mode ('full', or
   * 'last-k' with recipe.k) with the head at lr × 1 and every other param at lr × backboneLrMult, and the
   * train transform pipeline (recipe.transformOps, else recipe.augment + ImageNet NormalizeImage).
   */
  static create(
    ctx: GpuContext,
    graph: Graph,
    recipe: Recipe,
    train: ImageRows,
    val: ImageRows | null,
    classes: number,
  ): ImageDriver {
    if (recipe.mode !== 'full' && recipe.mode !== 'last-k')
      throw new Error(
        `image driver: --mode ${recipe.mode} trains on cached features (head-loop.ts), not here`,
      );
    if (recipe.mode === 'last-k' && recipe.k === undefined)
      throw new Error(
        'image driver: --mode last-k needs --k N (stages counted from the output; 1 = classifier)',
      );
    if (train.count < 1) throw new Error('image driver: no training images');
    const head = findClassifierHead(graph);
    if (head.outFeatures !== classes)
      throw new Error(
        `image driver: the head outputs ${head.outFeatures} classes, the dataset has ${classes}`,
      );
    const pipeline = trainPipeline(recipe);
    let g = withInputSize(graph, recipe.size, recipe.size);
    if (recipe.fromScratch) g = reinitWeights(g, recipe.seed).graph;
    const schedule = compileTrainSchedule(g, {
      batch: recipe.batch,
      mode: recipe.mode,
      k: recipe.k,
      optimizer: recipe.optimizer,
      labelSmoothing: recipe.labelSmoothing,
      lrMult: (_, isHead) => (isHead ? 1 : recipe.backboneLrMult),
    });
    const exec = GpuExecutor.create(ctx, schedule, g, { readEvery: 1 });
    return new ImageDriver(ctx, g, recipe, pipeline, exec, train, val, classes);
  }

  get peakBytes(): number {
    const evalBytes = this.evalExec?.plan.peak.totalBytes ?? 0;
    let shadowBytes = 0;
    for (const t of this.shadows.values()) shadowBytes += t.size * 4;
    return this.exec.plan.peak.totalBytes + evalBytes + shadowBytes + this.augmentBytes;
  }

  private decode(rows: Uint32Array): Promise<RgbImage[]> {
    return Promise.all(Array.from(rows, (i) => this.train.pixels(i)));
  }

  /** Augments one batch into the executor's input on the GPU; its key is (seed, epoch, step in epoch, sample). */
  async augmentInto(images: readonly RgbImage[], labels: readonly number[], epoch: number, step: number) {
    const ctx = this.ctx;
    const src = uploadSources(ctx, images, 'train sources');
    const key = { seed: this.recipe.seed, epoch, step };
    const out = augmentBatchGpu(ctx, this.pipeline, src, labels, this.classes, key);
    try {
      const input = this.exec.input;
      if (out.compiled.outW !== input.shape[3] || out.compiled.outH !== input.shape[2])
        throw new Error(
          `transform ops: images come out ${out.compiled.outW}×${out.compiled.outH} but the model input is ` +
            `${input.shape[3]}×${input.shape[2]} (--size): end the pipeline with a crop or resize to that size`,
        );
      // What the augmentation holds at once: sources, output, and the pass buffers (see augment-gpu.ts).
      const { cap, midCap, passes } = out.compiled;
      const n = images.length;
      const temps =
        n * 3 * 4 * (Math.min(2, passes.length - 1) * cap + (passes.some((p) => p.needsResize) ? midCap : 0));
      this.augmentBytes = Math.max(this.augmentBytes, (src.tensor.size + 2 * out.images.size) * 4 + temps);
      await copyTensor(ctx, out.images, input, 'augmented batch → train input');
    } finally {
      for (const t of [src.tensor, out.images, out.targets]) ctx.release(t);
    }
  }

  async runEpoch(epoch: number, hooks: EpochHooks): Promise<EpochStats> {
    const r = this.recipe;
    const batches = epochBatches(this.train.count, r.batch, r.seed, epoch);
    const t0 = performance.now();
    const pending: Promise<GpuStepMetrics>[] = [];
    let lr = 0;
    // The next batch decodes while this one trains.
    let next = this.decode(batches[0]);
    try {
      for (let s = 0; s < batches.length; s++) {
        await hooks.beforeStep();
        const images = await next;
        if (s + 1 < batches.length) next = this.decode(batches[s + 1]);
        const labels = Array.from(batches[s], (i) => this.train.label(i));
        await this.augmentInto(images, labels, epoch, s);
        lr = hooks.lrAt(hooks.firstStep + s);
        const { metrics } = await this.exec.step(Uint32Array.from(labels), lr);
        if (metrics) pending.push(metrics);
        this.updateEma();
        hooks.onStep(s + 1, batches.length);
      }
    } finally {
      // A stop thrown by beforeStep must not leave the prefetch as an unhandled rejection.
      next.catch(() => {});
    }
    const metrics = await Promise.all(pending);
    const seconds = (performance.now() - t0) / 1000;
    return {
      loss: metrics.reduce((a, m) => a + m.loss, 0) / metrics.length,
      trainTop1: metrics.reduce((a, m) => a + m.correct, 0) / (metrics.length * r.batch),
      imagesPerS: (batches.length * r.batch) / seconds,
      lr,
    };
  }

  /** shadow ← d·shadow + (1 − d)·value after every optimizer step (params and BN running stats, as timm). */
  private updateEma(): void {
    const d = this.recipe.ema;
    if (!d) return;
    for (const [name, shadow] of this.shadows) emaUpdate(this.ctx, shadow, this.exec.tensor(name), d);
  }

  /** The EMA shadows for a checkpoint, as `ema:<tensor>` (none without EMA). */
  async readExtraState(): Promise<DriverStateTensor[]> {
    const out: DriverStateTensor[] = [];
    for (const [name, shadow] of this.shadows)
      out.push({ name: `${EMA_PREFIX}${name}`, data: await this.ctx.read(shadow) });
    return out;
  }

  /**
   * Restores the EMA shadows after the executor's state. Without any (a checkpoint saved before shadows were
   * kept) the average restarts from the restored weights rather than from the untrained start.
   */
  async restoreExtraState(tensors: readonly DriverStateTensor[]): Promise<void> {
    const byName = new Map(tensors.map((t) => [t.name, t.data]));
    for (const name of byName.keys())
      if (!name.startsWith(EMA_PREFIX) || !this.shadows.has(name.slice(EMA_PREFIX.length)))
        throw new Error(
          `image driver: checkpoint tensor '${name}' is not an EMA shadow of this run (ema ${
            this.recipe.ema ?? 'off'
          }, ${this.shadows.size} shadows)`,
        );
    if (byName.size > 0)
      for (const [name, shadow] of this.shadows) {
        const data = byName.get(`${EMA_PREFIX}${name}`);
        if (!data)
          throw new Error(`image driver: the checkpoint has EMA shadows but not '${EMA_PREFIX}${name}'`);
        if (data.length !== shadow.size)
          throw new Error(
            `image driver: checkpoint tensor '${EMA_PREFIX}${name}' holds ${data.length} values, its shadow ` +
              `[${shadow.shape}] needs ${shadow.size}`,
          );
      }
    // Dispatches still batched would land after a writeBuffer: flush them first.
    await this.ctx.flush();
    for (const [name, shadow] of this.shadows) {
      const data = byName.get(`${EMA_PREFIX}${name}`);
      if (data)
        this.ctx.device.queue.writeBuffer(shadow.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
      else await copyTensor(this.ctx, this.exec.tensor(name), shadow, `restored ${name} → ema shadow`);
    }
  }

  /** Where the weights to evaluate and export live: the EMA shadow when there is one, else the trained tensor. */
  private weight(name: string): GpuTensor {
    return this.shadows.get(name) ?? this.exec.tensor(name);
  }

  /**
   * Logits of the validation images. They go through a separate eval schedule (BatchNorm on running stats,
   * Dropout off) because the train schedule's forward normalizes with the batch's own statistics and updates
   * the running stats: correct for training, wrong for evaluation whenever the model keeps its BatchNorm. The
   * eval executor gets the current weights by GPU copies of every trained param and running stat.
   */
  async valLogits(): Promise<Float32Array | null> {
    const val = this.val;
    if (!val || val.count === 0) return null;
    const ctx = this.ctx;
    const batch = this.recipe.batch;
    if (!this.evalExec)
      this.evalExec = GpuExecutor.create(ctx, compileEvalSchedule(this.graph, batch), this.graph);
    const ev = this.evalExec;
    for (const name of this.exec.stateTensors()) {
      const spec = ev.schedule.tensors.get(name);
      if (spec && spec.kind !== 'optim-state')
        await copyTensor(ctx, this.weight(name), ev.tensor(name), `weights → eval ${name}`);
    }
    const out = new Float32Array(val.count * this.classes);
    for (let at = 0; at < val.count; at += batch) {
      const k = Math.min(batch, val.count - at);
      const pixels = await Promise.all(Array.from({ length: k }, (_, i) => val.pixels(at + i)));
      const images = pixels.map((p, i) => uploadRgba(ctx, u8FromRgb(p), `val image ${at + i}`));
      try {
        await ctx.flush();
        await preprocessBatch(ctx, images, this.evalPreprocess, ev.input.buffer);
      } finally {
        for (const im of images) im.texture.destroy();
      }
      const logits = await ev.forward();
      out.set(logits.subarray(0, k * this.classes), at * this.classes);
    }
    return out;
  }

  /** The trained params and running stats (EMA shadows when EMA is on), read back by name. */
  async readWeights(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const name of this.exec.stateTensors()) {
      if (this.exec.schedule.tensors.get(name)!.kind === 'optim-state') continue;
      out.set(name, await this.ctx.read(this.weight(name)));
    }
    return out;
  }

  /** A copy of the trained graph (input sized to the recipe) holding the weights of `readWeights`, for export. */
  async trainedGraph(): Promise<Graph> {
    const g = cloneGraph(this.graph);
    for (const [name, data] of await this.readWeights()) {
      const p = g.params.get(name)!;
      g.params.set(name, { ...p, shape: [...p.shape], data });
    }
    return g;
  }

  dispose(): void {
    this.exec.dispose();
    this.evalExec?.dispose();
    this.evalExec = null;
    for (const t of this.shadows.values()) this.ctx.release(t);
    this.shadows.clear();
  }
}
