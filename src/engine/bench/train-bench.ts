// `webclas bench train`: images/s of our whole MobileNetV2 training step (one submit, no per-step readback) vs
// TF.js's WebGPU backend training the same architecture (tf.layers, trainOnBatch), full and head-only, same run.
import { GpuContext } from '../gpu/context.ts';
import { replaceHead } from '../nn/graph/head.ts';
import type { Graph } from '../nn/graph/ir.ts';
import { fromBase64, readPayload } from '../nn/loop/task-payload.ts';
import { planSlots } from '../nn/plan/buffer-plan.ts';
import { compileTrainSchedule, withInputSize } from '../nn/plan/compile.ts';
import type { OptimizerSpec } from '../nn/plan/schedule-types.ts';
import { GpuExecutor } from '../nn/train/gpu-executor.ts';
import { importOnnx } from '../onnx/import.ts';
import { mulberry32 } from '../random/mulberry32.ts';
import type { Task, TaskArgs } from '../tasks/task-types.ts';
import { loadTfWebgpu } from './baselines/tfjs-matmul.ts';
import { timeTfTrain } from './baselines/tfjs-mobilenetv2-train.ts';

/** What `webclas bench train` sends the task: the ONNX model's bytes (read on the Node side). */
export interface TrainBenchPayload {
  modelName: string;
  modelBase64: string;
}

export type TrainBenchMode = 'full' | 'head';

export interface TrainBenchOptions {
  size: number;
  batch: number;
  /** Timed steps (each awaited on the GPU at the end of the span). */
  steps: number;
  /** Untimed steps first: pipeline compilation, buffer allocation, TF.js graph tracing. */
  warmup: number;
  modes: TrainBenchMode[];
  classes: number;
  lr: number;
  tfjs: boolean;
}

/**
 * Small on purpose: on SwiftShader (CPU) our full MobileNetV2 step takes minutes even at 32 px batch 2, so only
 * this finishes in minutes there; on a real GPU pass `--size 224 --batch 32`.
 */
export const TRAIN_BENCH_DEFAULTS: TrainBenchOptions = {
  size: 32,
  batch: 2,
  steps: 3,
  warmup: 1,
  modes: ['full', 'head'],
  classes: 12,
  lr: 0.001,
  tfjs: true,
};

/** The case the memory target names: reported from the compiled plan only (never run here). */
export const PLAN_CASE = { size: 224, batch: 32 } as const;

const SGD: OptimizerSpec = { kind: 'sgd', momentum: 0.9 };

function intArg(args: TaskArgs, name: string, fallback: number, min: number): number {
  const v = args[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min)
    throw new Error(`bench train: --${name} '${String(v)}' must be an integer ≥ ${min}`);
  return n;
}

export function parseTrainBenchArgs(args: TaskArgs): TrainBenchOptions {
  const d = TRAIN_BENCH_DEFAULTS;
  const rawModes = args.modes;
  let modes = d.modes;
  if (rawModes !== undefined) {
    if (typeof rawModes !== 'string') throw new Error('bench train: --modes takes full,head');
    const list = rawModes.split(',').map((m) => m.trim());
    for (const m of list)
      if (m !== 'full' && m !== 'head') throw new Error(`bench train: --modes: '${m}' is not full or head`);
    modes = [...new Set(list)] as TrainBenchMode[];
  }
  const lr = args.lr === undefined ? d.lr : Number(args.lr);
  if (!(lr > 0) || !Number.isFinite(lr))
    throw new Error(`bench train: --lr '${String(args.lr)}' must be > 0`);
  const size = intArg(args, 'size', d.size, 32);
  if (size % 32 !== 0)
    throw new Error(`bench train: --size ${size} must be a multiple of 32 (MobileNetV2 downsamples by 32)`);
  return {
    size,
    batch: intArg(args, 'batch', d.batch, 1),
    steps: intArg(args, 'steps', d.steps, 1),
    warmup: intArg(args, 'warmup', d.warmup, 0),
    modes,
    classes: intArg(args, 'classes', d.classes, 2),
    lr,
    tfjs: args['no-tfjs'] !== true,
  };
}

/** Wall time of the timed span of one side of a case. */
export interface SideTiming {
  warmupMs: number;
  steps: number;
  meanMs: number;
  loss: number;
}

export interface TrainCaseResult {
  mode: TrainBenchMode;
  size: number;
  batch: number;
  ours: SideTiming;
  /** Our executor's slot plan: every GPU buffer one step needs, params and optimizer state included. */
  peakBytes: number;
  tfjs: SideTiming | { skipped: string };
}

export const imagesPerSecond = (batch: number, meanMs: number) => (batch * 1000) / meanMs;
const mb = (bytes: number) => bytes / 2 ** 20;

export function caseName(r: { mode: TrainBenchMode; size: number; batch: number }): string {
  return `${r.mode} ${r.size}px b${r.batch}`;
}

/**
 * The JSON line for one case: a comparison line (`webclas bench` tabulates those: ratio = ours / TF.js images/s,
 * above 1 means our step is faster) when TF.js ran, else our figures with the reason TF.js was skipped.
 */
export function trainResultLine(r: TrainCaseResult): Record<string, unknown> {
  const ours = imagesPerSecond(r.batch, r.ours.meanMs);
  const common = {
    bench: 'train',
    case: caseName(r),
    unit: 'images/s',
    mode: r.mode,
    size: r.size,
    batch: r.batch,
    ours,
    ours_ms: r.ours.meanMs,
    ours_warmup_ms: r.ours.warmupMs,
    ours_loss: r.ours.loss,
    steps: r.ours.steps,
    peak_mb: mb(r.peakBytes),
  };
  if ('skipped' in r.tfjs) return { ...common, skipped: 'tfjs-webgpu', reason: r.tfjs.skipped };
  const tf = imagesPerSecond(r.batch, r.tfjs.meanMs);
  return {
    ...common,
    baseline: 'tfjs-webgpu',
    baseline_value: tf,
    ratio: ours / tf,
    baseline_ms: r.tfjs.meanMs,
    baseline_warmup_ms: r.tfjs.warmupMs,
    baseline_loss: r.tfjs.loss,
  };
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3));

/** The bench's own table (case, size, batch, both images/s, ratio, our peak MB) for stderr. */
export function formatTrainTable(rows: readonly TrainCaseResult[]): string {
  const head = ['case', 'size', 'batch', 'ours img/s', 'TF.js img/s', 'ratio', 'our peak MB'];
  const body = rows.map((r) => {
    const ours = imagesPerSecond(r.batch, r.ours.meanMs);
    const tf = 'skipped' in r.tfjs ? null : imagesPerSecond(r.batch, r.tfjs.meanMs);
    return [
      r.mode,
      String(r.size),
      String(r.batch),
      fmt(ours),
      tf === null ? 'skipped' : fmt(tf),
      tf === null ? '-' : `${(ours / tf).toFixed(2)}×`,
      mb(r.peakBytes).toFixed(1),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** The bench model: a fresh N-class head, input re-declared at size×size. */
export function benchGraph(graph: Graph, classes: number, size: number): Graph {
  return withInputSize(replaceHead(graph, classes, { seed: 1 }), size, size);
}

/** Peak GPU bytes of one training step as the GPU executor would allocate it (slot plan), without running it. */
export function plannedPeakBytes(graph: Graph, mode: TrainBenchMode, batch: number): number {
  return planSlots(compileTrainSchedule(graph, { batch, mode, optimizer: SGD })).peak.totalBytes;
}

/** Random normalized-range images (NCHW for us, the same values NHWC for TF.js) and labels. */
export function benchData(o: Pick<TrainBenchOptions, 'batch' | 'size' | 'classes'>, seed = 7) {
  const rand = mulberry32(seed);
  const { batch: n, size: s } = o;
  const nchw = Float32Array.from({ length: n * 3 * s * s }, () => rand() * 4 - 2);
  const nhwc = new Float32Array(nchw.length);
  for (let b = 0; b < n; b++)
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < s * s; i++) nhwc[(b * s * s + i) * 3 + c] = nchw[(b * 3 + c) * s * s + i];
  const labels = Uint32Array.from({ length: n }, () => Math.floor(rand() * o.classes));
  return { nchw, nhwc, labels };
}

/**
 * Our side of one case: compile, allocate, `warmup` steps (synced), then `steps` steps whose span ends when the
 * last step's loss readback resolves (the queue is in order: every step's work, updates included, is done).
 */
async function timeOurs(
  ctx: GpuContext,
  graph: Graph,
  o: TrainBenchOptions,
  mode: TrainBenchMode,
  data: ReturnType<typeof benchData>,
): Promise<{ timing: SideTiming; peakBytes: number }> {
  const schedule = compileTrainSchedule(graph, { batch: o.batch, mode, optimizer: SGD });
  const exec = GpuExecutor.create(ctx, schedule, graph, { readEvery: o.warmup + o.steps });
  try {
    // The batch is written once and every step reuses it (TF.js, too, keeps its batch tensor on the GPU).
    if (exec.input.size !== data.nchw.length)
      throw new Error(`bench train: input holds ${exec.input.size} values, the batch ${data.nchw.length}`);
    const t0 = performance.now();
    ctx.device.queue.writeBuffer(exec.input.buffer, 0, data.nchw);
    for (let i = 0; i < o.warmup; i++) await exec.step(data.labels, o.lr);
    await ctx.sync();
    const warmupMs = performance.now() - t0;
    const start = performance.now();
    let metrics: Awaited<ReturnType<GpuExecutor['step']>>['metrics'] = null;
    for (let i = 0; i < o.steps; i++) metrics = (await exec.step(data.labels, o.lr)).metrics;
    if (!metrics) throw new Error('bench train: the last timed step has no readback (readEvery mismatch)');
    const { loss } = await metrics;
    const totalMs = performance.now() - start;
    return {
      timing: { warmupMs, steps: o.steps, meanMs: totalMs / o.steps, loss },
      peakBytes: exec.plan.peak.totalBytes,
    };
  } finally {
    exec.dispose();
  }
}

export const trainBenchTask: Task = async (gpu, args, io) => {
  const o = parseTrainBenchArgs(args);
  const p = readPayload<TrainBenchPayload>(args, 'bench train');
  const { graph: source } = importOnnx(fromBase64(p.modelBase64), p.modelName);
  const graph = benchGraph(source, o.classes, o.size);
  let tf: Awaited<ReturnType<typeof loadTfWebgpu>> | null = null;
  let skipped = '--no-tfjs';
  if (o.tfjs) {
    try {
      tf = await loadTfWebgpu();
    } catch (e) {
      skipped = e instanceof Error ? e.message : String(e);
      io.progress(`tfjs-webgpu baseline skipped: ${skipped}`);
    }
  }
  // One submit per step: the whole schedule must fit under the batcher's auto-flush count.
  const ctx = await GpuContext.create(gpu, { label: 'bench-train', maxDispatchesPerFlush: 100_000 });
  io.emit({ bench: 'train', adapter: ctx.info, model: p.modelName, options: o });
  const data = benchData(o);
  const rows: TrainCaseResult[] = [];
  try {
    for (const mode of o.modes) {
      const name = caseName({ mode, size: o.size, batch: o.batch });
      io.progress(`train ${name}: ours (${o.warmup} warm-up + ${o.steps} timed steps)…`);
      const ours = await timeOurs(ctx, graph, o, mode, data);
      const ips = imagesPerSecond(o.batch, ours.timing.meanMs);
      io.progress(
        `train ${name}: ours ${ips.toFixed(2)} images/s (${ours.timing.meanMs.toFixed(0)} ms/step, warm-up ${ours.timing.warmupMs.toFixed(0)} ms)`,
      );
      let theirs: TrainCaseResult['tfjs'] = { skipped };
      if (tf) {
        io.progress(`train ${name}: tfjs-webgpu…`);
        try {
          const t = await timeTfTrain(tf, {
            mode,
            size: o.size,
            batch: o.batch,
            classes: o.classes,
            warmup: o.warmup,
            steps: o.steps,
            lr: o.lr,
            images: data.nhwc,
            labels: data.labels,
          });
          theirs = t;
          io.progress(
            `train ${name}: tfjs-webgpu ${imagesPerSecond(o.batch, t.meanMs).toFixed(2)} images/s (${t.meanMs.toFixed(0)} ms/step, warm-up ${t.warmupMs.toFixed(0)} ms)`,
          );
        } catch (e) {
          // A baseline that fails (e.g. out of memory at a big case) must not hide our figures.
          theirs = { skipped: `TF.js failed: ${e instanceof Error ? e.message : String(e)}` };
          io.progress(`train ${name}: tfjs-webgpu ${theirs.skipped}`);
        }
      }
      const row: TrainCaseResult = {
        mode,
        size: o.size,
        batch: o.batch,
        ours: ours.timing,
        peakBytes: ours.peakBytes,
        tfjs: theirs,
      };
      rows.push(row);
      io.emit(trainResultLine(row));
    }
  } finally {
    ctx.destroy();
  }
  io.progress(`\n${formatTrainTable(rows)}`);
  const big = benchGraph(source, o.classes, PLAN_CASE.size);
  for (const mode of o.modes) {
    const bytes = plannedPeakBytes(big, mode, PLAN_CASE.batch);
    const line = {
      bench: 'train',
      plan: caseName({ mode, ...PLAN_CASE }),
      peak_mb: mb(bytes),
      within_2gib: bytes <= 2 * 2 ** 30,
      source: 'compileTrainSchedule + planSlots (not run)',
    };
    io.emit(line);
    io.progress(`planned peak ${line.plan}: ${line.peak_mb.toFixed(1)} MB (target ≤ 2048 MB)`);
  }
};
