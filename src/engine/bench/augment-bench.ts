// `webclas bench augment`: images/s of the fused GPU augmentation pipeline vs TF.js WebGPU op by op (same
// adapter) vs the CPU (OffscreenCanvas + JS loops), on RandCrop + flip + Rotate + Brightness + Normalize +
// RandomErasing + Cutmix. Each column's output is consumed on its device; only a per-channel mean is read back.
import { augmentBatchGpu, type GpuAugmentResult, uploadSources } from '../augment/gpu/augment-gpu.ts';
import { GpuContext } from '../gpu/context.ts';
import type { GpuTensor } from '../gpu/tensor.ts';
import { globalAvgPoolForward } from '../kernels/global-avg-pool/global-avg-pool.ts';
import type { Task, TaskArgs } from '../tasks/task-types.ts';
import { BENCH_KEY, makeAugmentBenchCase } from './baselines/augment-case.ts';
import { cpuBaselineName, timeCpuAugment } from './baselines/augment-cpu.ts';
import { timeTfAugment } from './baselines/augment-tfjs.ts';
import { type Timing, type TimingOptions, timeGpuWork } from './timing.ts';

function intArg(args: TaskArgs, name: string, fallback: number): number {
  const v = args[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 1)
    throw new Error(`--${name}: '${String(v)}' is not a positive integer`);
  return n;
}

export const augmentBenchTask: Task = async (gpu, args, io) => {
  const n = intArg(args, 'batch', 64);
  const size = intArg(args, 'size', 224);
  const minMs = intArg(args, 'min-ms', 1500);
  const opts: TimingOptions = { minMs, minReps: 1, maxReps: 100 };
  const benchCase = makeAugmentBenchCase(n, size);
  const caseName = `crop+flip+rotate+brightness+erasing+cutmix ${size}px batch ${n}`;
  const ctx = await GpuContext.create(gpu, { label: 'bench-augment' });
  io.emit({ bench: 'augment', adapter: ctx.info, batch: n, size });
  const perSec = (t: Timing) => (n * 1000) / t.meanMs;
  try {
    io.progress(`augment ${caseName}: ours…`);
    const src = uploadSources(ctx, benchCase.images, 'bench sources');
    let last: { out: GpuAugmentResult; pooled: GpuTensor } | undefined;
    let passes = 0;
    const ours = await timeGpuWork(
      async () => {
        if (last) for (const t of [last.out.images, last.out.targets, last.pooled]) ctx.release(t);
        const out = augmentBatchGpu(
          ctx,
          benchCase.pipeline,
          src,
          benchCase.labels,
          benchCase.classNum,
          BENCH_KEY,
          benchCase.plans,
        );
        passes = out.compiled.passes.length;
        // the batch is consumed on the GPU (as a training step would bind it): no readback of images
        last = { out, pooled: globalAvgPoolForward(ctx, out.images) };
        await ctx.flush();
      },
      async () => {
        if (last) await ctx.read(last.pooled);
      },
      opts,
    );
    if (last) for (const t of [last.out.images, last.out.targets, last.pooled]) ctx.release(t);
    ctx.release(src.tensor);
    io.progress(`augment: ours ${perSec(ours).toFixed(1)} images/s in ${passes} fused passes`);
    const line = (baseline: string, t: Timing) => ({
      bench: 'augment',
      case: caseName,
      unit: 'images/s',
      ours: perSec(ours),
      baseline,
      baseline_value: perSec(t),
      ratio: perSec(ours) / perSec(t),
      ours_ms: ours.meanMs,
      baseline_ms: t.meanMs,
      ours_passes: passes,
      readback: 'per-channel means only (the batch stays on the GPU)',
      reps: { ours: ours.reps, baseline: t.reps },
    });
    if (args['no-tfjs'] !== true) {
      io.progress('augment: tfjs-webgpu…');
      const tf = await timeTfAugment(benchCase, opts);
      io.progress(`augment: tfjs-webgpu ${perSec(tf).toFixed(1)} images/s`);
      io.emit(line('tfjs-webgpu', tf));
    }
    if (args['no-cpu'] !== true) {
      io.progress(`augment: ${cpuBaselineName()}…`);
      const cpu = await timeCpuAugment(benchCase, opts);
      io.progress(`augment: ${cpuBaselineName()} ${perSec(cpu).toFixed(1)} images/s`);
      io.emit(line(cpuBaselineName(), cpu));
    }
  } finally {
    ctx.destroy();
  }
};
