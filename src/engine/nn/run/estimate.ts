// Memory and time of a run before it starts: the training schedule is compiled (no training) for its buffer plan's
// peak, FLOPs are counted from the schedule's Conv/Gemm/MatMul steps, and time comes from a measured device rate.
import type { RunEstimate } from '../../../../workers/train-api.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { matmul } from '../../kernels/matmul/matmul.ts';
import { formatDuration, formatFlops } from '../../numeric/human-units.ts';
import type { Graph } from '../graph/ir.ts';
import type { Recipe } from '../loop/recipe.ts';
import { planSlots } from '../plan/buffer-plan.ts';
import { compileEvalSchedule, compileTrainSchedule } from '../plan/compile.ts';
import type { Schedule, Step } from '../plan/schedule-types.ts';

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Multiply-accumulates of one forward step (0 for ops that are not Conv/Gemm/MatMul). */
export function stepMacs(s: Schedule, step: Step): number {
  const shape = (name: string | undefined) => (name ? s.tensors.get(name)?.shape : undefined);
  const y = shape(step.outputs[0]);
  if (!y) return 0;
  if (step.op === 'Conv') {
    const w = shape(step.inputs[1]);
    // Each output element sums C/group × kh × kw products: the weight's size per output channel.
    return w ? prod(y) * (prod(w) / w[0]) : 0;
  }
  if (step.op === 'Gemm' || step.op === 'MatMul') {
    const a = shape(step.inputs[0]);
    if (!a) return 0;
    const k = step.op === 'Gemm' && step.attrs.transA ? a[0] : a[a.length - 1];
    return prod(y) * k;
  }
  return 0;
}

export interface ScheduleFlops {
  forward: number;
  /** Forward FLOPs of the layers that get a backward step (the trained part and what lies between it and the loss). */
  trainedForward: number;
  /** forward + backward (≈ 2 × the trained part's forward: the input and the weight gradients) for the batch. */
  total: number;
}

/** FLOPs (2 per MAC) of one step of the schedule, for the whole batch. */
export function scheduleFlops(s: Schedule): ScheduleFlops {
  const withGrad = new Set(s.steps.filter((st) => st.phase === 'backward').map((st) => st.node));
  let forward = 0;
  let trainedForward = 0;
  for (const st of s.steps) {
    if (st.phase !== 'forward') continue;
    const f = 2 * stepMacs(s, st);
    forward += f;
    if (withGrad.has(st.node)) trainedForward += f;
  }
  return { forward, trainedForward, total: forward + 2 * trainedForward };
}

const rates = new WeakMap<GpuContext, Promise<number>>();

/** FLOP/s of a 256³ tiled matmul on this device (median of 5 after a warm-up), measured once per context. */
export function deviceFlopRate(ctx: GpuContext): Promise<number> {
  let r = rates.get(ctx);
  if (!r) {
    r = measureRate(ctx);
    rates.set(ctx, r);
  }
  return r;
}

async function measureRate(ctx: GpuContext): Promise<number> {
  const n = 256;
  const data = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 97) / 97 - 0.5);
  const a = ctx.upload(data, [n, n], 'estimate A');
  const b = ctx.upload(data, [n, n], 'estimate B');
  const c = ctx.empty([n, n], 'f32', 'estimate C');
  try {
    matmul(ctx, a, b, c);
    await ctx.sync();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      matmul(ctx, a, b, c);
      await ctx.sync();
      times.push(performance.now() - t0);
    }
    const ms = times.sort((x, y) => x - y)[2];
    return (2 * n ** 3) / (Math.max(ms, 1e-3) / 1000);
  } finally {
    for (const t of [a, b, c]) ctx.release(t);
  }
}

/**
 * The estimate for training `graph` (fresh head, run input size) on `trainImages` images with `recipe`.
 * Head mode compiles the head-on-features schedule and adds the one-time feature pass to the basis sentence.
 */
export function estimateFromGraph(
  graph: Graph,
  recipe: Recipe,
  trainImages: number,
  valImages: number,
  flopRate: number,
  featureBackend: 'gpu' | 'wasm' = 'gpu',
): RunEstimate {
  const schedule = compileTrainSchedule(graph, {
    batch: recipe.batch,
    mode: recipe.mode,
    k: recipe.k,
    cacheFeatures: recipe.mode === 'head',
    optimizer: recipe.optimizer,
    labelSmoothing: recipe.labelSmoothing,
  });
  const plan = planSlots(schedule);
  const stepsPerEpoch = Math.ceil(trainImages / recipe.batch);
  const flops = scheduleFlops(schedule);
  const flopsPerImage = flops.total / recipe.batch;
  // Validation costs one forward per val image each epoch.
  const epochFlops = stepsPerEpoch * flops.total + valImages * (flops.forward / recipe.batch);
  const secondsPerEpoch = epochFlops / flopRate;
  let basis = `${formatFlops(flopsPerImage)} per image (Conv/Gemm/MatMul MACs ×2, backward ≈ 2× forward of the trained layers) at ${formatFlops(flopRate)}/s, the rate of a 256³ matmul measured on this device's GPU`;
  let peak = plan.peak.totalBytes;
  if (recipe.mode === 'head') {
    const backbone = compileEvalSchedule(graph, recipe.batch);
    const perImage = scheduleFlops(backbone).forward / recipe.batch;
    const images = trainImages + valImages;
    if (featureBackend === 'gpu') {
      peak = Math.max(peak, planSlots(backbone).peak.totalBytes);
      basis += `; plus a one-time backbone feature pass of ${images} images on WebGPU (engine), about ${formatDuration((perImage * images) / flopRate)}`;
    } else {
      // The GPU's matmul rate says nothing about ONNX Runtime's WASM speed: no number is better than a wrong one.
      basis += `; plus a one-time backbone feature pass of ${images} images (${formatFlops(perImage)} each) on WASM (ONNX Runtime), not timed here: the run shows its progress and ETA`;
    }
  }
  return {
    trainImages,
    valImages,
    stepsPerEpoch,
    peakGpuBytes: peak,
    flopsPerImage,
    secondsPerEpoch,
    basis: `${basis}.`,
  };
}
