// The 'engine' benchmark backend on the GPU with ../shared/models/arch/squeezenet1_1-random.onnx (the smallest
// arch graph), its input made symbolic in H×W so the run can use 64×64 images (SwiftShader takes ~10 s per 224²
// forward): records at batch 1 and 2 are complete, and the timed runs awaited the GPU: each is at least the GPU
// time of one forward, measured apart as the wait of ctx.sync() after a forward was submitted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedBytes } from '../../goldens/testing/shared-bytes.ts';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, randomF32, requireGpu } from '../../gpu/testing.ts';
import { compileEvalSchedule, withInputSize } from '../../nn/plan/compile.ts';
import { GpuExecutor } from '../../nn/train/gpu-executor.ts';
import { importOnnx } from '../../onnx/import.ts';
import { decodeModel, onnx } from '../../onnx/proto.ts';
import { fileModelInfo } from './model-info.ts';
import { runBench } from './runner.ts';

const MODEL = 'arch/squeezenet1_1-random.onnx';
const SIDE = 64;

/** The model with its input's H and W turned into named dims: the benchmark's imageDims then set the size. */
function symbolicSize(bytes: Uint8Array): Uint8Array {
  const model = decodeModel(bytes, MODEL);
  const dims = model.graph?.input?.[0]?.type?.tensorType?.shape?.dim;
  if (dims?.length !== 4) throw new Error(`${MODEL}: expected an NCHW input`);
  dims.forEach((d, i) => {
    if (i < 2) return;
    delete (d as { dimValue?: unknown }).dimValue;
    d.dimParam = i === 2 ? 'height' : 'width';
  });
  return onnx.ModelProto.encode(model).finish();
}

const env = {
  userAgent: 'test',
  adapter: null,
  fallbackAdapter: true,
  crossOriginIsolated: false,
  hardwareConcurrency: 1,
};
const noOrt = async (): Promise<never> => {
  throw new Error('ORT is not part of this test');
};

describe.skipIf(gpuSkipped)('bench models: engine backend', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'engine bench test' });
  });
  afterAll(() => ctx?.destroy());

  it('benchmarks squeezenet at batch 1 and 2 with timings that awaited the GPU', async () => {
    const bytes = symbolicSize(await sharedBytes(`models/${MODEL}`));
    const model = { info: fileModelInfo(MODEL, bytes), bytes, inputName: null, imageDims: [3, SIDE, SIDE] };
    const progress: string[] = [];
    const { results, skipped } = await runBench(
      [model],
      { backends: ['engine'], batches: [1, 2], warmup: 1, runs: 2 },
      {
        ortWebGpu: noOrt,
        ortWasm: noOrt,
        device: async () => ctx.device,
        gpuContext: async () => ctx,
        env,
      },
      { onProgress: (p) => progress.push(p.message) },
    );
    expect(skipped).toEqual([]);
    expect(results.map((r) => [r.model.id, r.backend, r.batch])).toEqual([
      [MODEL, 'engine', 1],
      [MODEL, 'engine', 2],
    ]);
    for (const r of results) {
      expect(r.samplesMs).toHaveLength(2);
      expect(r.warmupRuns).toBe(1);
      expect(r.p50Ms).toBeGreaterThan(0);
      expect(r.p90Ms).toBeGreaterThanOrEqual(r.p50Ms);
      expect(r.imagesPerSec).toBeCloseTo((r.batch * 1000) / r.p50Ms, 6);
      expect(r.sessionCreateMs).toBeGreaterThan(0);
      expect(r.firstRunMs).toBeGreaterThan(0);
      expect(r.threads).toBeNull();
      // The executor holds at least the float32 weights (SqueezeNet 1.1: 1.2 M parameters).
      expect(r.peakGpuBytes).toBeGreaterThan(4 * r.model.params);
    }
    expect(progress.some((m) => m.includes('engine batch 2: run 2/2'))).toBe(true);

    // GPU time of one batch-1 forward, apart from the benchmark: submit a forward (its dispatches are handed to the
    // queue before forward() returns, pipelines being compiled), then time how long the queue takes to drain.
    const graph = withInputSize(importOnnx(bytes, MODEL).graph, SIDE, SIDE);
    const exec = GpuExecutor.create(ctx, compileEvalSchedule(graph, 1), graph);
    const submitMs: number[] = [];
    const drainMs: number[] = [];
    try {
      const x = randomF32(exec.input.size, -2, 2);
      await exec.forward(x);
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const run = exec.forward(x);
        const t1 = performance.now();
        await ctx.sync();
        drainMs.push(performance.now() - t1);
        submitMs.push(t1 - t0);
        await run;
      }
    } finally {
      exec.dispose();
    }
    const gpuMs = Math.min(...drainMs);
    // The check can tell: handing the work over is far quicker than the GPU doing it, so a timer that stopped at
    // submit would read well below gpuMs.
    expect(Math.min(...submitMs), `submit ${submitMs} vs drain ${drainMs}`).toBeLessThan(gpuMs / 2);
    // Each timed run waited for its GPU work: a timer that stopped at submit would read about submitMs, one that
    // waited reads about gpuMs. The threshold sits between the two with room for load, which can shift the two
    // measurements (taken minutes apart) by 1.5× against each other.
    const b1 = results[0];
    const floor = Math.max(...submitMs) + 0.25 * gpuMs;
    expect(
      Math.min(...b1.samplesMs),
      `samples ${b1.samplesMs} vs submit ${submitMs}, GPU ${gpuMs}`,
    ).toBeGreaterThan(floor);
  }, 240_000);
});
