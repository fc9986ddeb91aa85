// Test-only: one training step of a schedule on both executors, comparing loss, top-1 hits, gradients, updated
// params and BatchNorm running stats (1e-3 relative), one submit per step, and no buffer allocated per step.
import { expect } from 'vitest';
import type { GpuContext } from '../../../gpu/context.ts';
import { maxRelError, randomF32 } from '../../../gpu/testing.ts';
import type { Graph } from '../../graph/ir.ts';
import { compileTrainSchedule, type TrainOptions } from '../../plan/compile.ts';
import { tensor64 } from '../../ref/tensor64.ts';
import { CpuExecutor } from '../cpu-executor.ts';
import { GpuExecutor } from '../gpu-executor.ts';

const TOL = 1e-3;

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** One step on both executors; gradients, updated params and running stats compared. */
export async function compareStep(
  ctx: GpuContext,
  g: Graph,
  optimizer: TrainOptions['optimizer'],
  batch: number,
  mode: TrainOptions['mode'] = 'full',
  clipNorm = 5,
) {
  const s = compileTrainSchedule(g, { batch, mode, optimizer, labelSmoothing: 0.1, clipNorm });
  const shape = s.tensors.get(s.input)!.shape;
  const x = randomF32(shape.reduce((a, b) => a * b, 1));
  const k = s.tensors.get(s.logits)!.shape[1];
  const labels = Uint32Array.from({ length: batch }, (_, i) => (i * 7) % k);
  const cpu = new CpuExecutor(s, g);
  const gpu = GpuExecutor.create(ctx, s, g, { readEvery: 1 });
  try {
    const want = cpu.step(tensor64(shape, Float64Array.from(x)), labels, 0.05);
    const submits = ctx.batcher.submits;
    const metrics = await (await gpu.step(labels, 0.05, x)).metrics!;
    expect(ctx.batcher.submits - submits).toBe(1);
    expect(Math.abs(metrics.loss - want.loss)).toBeLessThan(TOL * Math.max(1, want.loss));
    expect(metrics.correct).toBe(want.correct);
    // Floor: 1% of the largest gradient anywhere, for gradients that are ~0 up to float32 rounding.
    const floor = 0.01 * Math.max(...[...cpu.grads.values()].map(maxAbs));
    for (const { name } of s.trainable) {
      const cw = cpu.grads.get(name)!;
      const ge = maxRelError(await gpu.readGrad(name), cw, floor);
      expect(ge.err, `grad ${name} at ${ge.index}`).toBeLessThan(TOL);
      const pe = maxRelError(await gpu.readParam(name), cpu.params.get(name)!.data, 1e-3);
      expect(pe.err, `param ${name} at ${pe.index}`).toBeLessThan(TOL);
    }
    for (const st of s.steps.filter((x) => x.op === 'BatchNormalization' && x.attrs.mode === 'train')) {
      for (const t of st.inputs.slice(3, 5)) {
        const e = maxRelError(await gpu.readParam(t), cpu.params.get(t)!.data, 1e-3);
        expect(e.err, t).toBeLessThan(TOL);
      }
    }
    // A second step allocates nothing new: live pool buffers are unchanged.
    const live = ctx.pool.stats().liveBuffers;
    await gpu.step(labels, 0.05, x);
    await ctx.sync();
    expect(ctx.pool.stats().liveBuffers).toBe(live);
  } finally {
    gpu.dispose();
  }
}
