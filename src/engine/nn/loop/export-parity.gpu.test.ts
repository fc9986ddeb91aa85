// The shared MobileNetV2 models through the head-mode path: features from the engine's eval forward, a head trained
// on them, export; onnxruntime-web (WASM) runs the exported float model with logits equal to the engine's eval
// forward within 1e-4 relative, and the int8 model imports and trains a head step. Small inputs (64×64, batch 2)
// keep SwiftShader/Dawn fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, randomF32, requireGpu } from '../../gpu/testing.ts';
import { exportOnnx, readOnnxMetadata } from '../../onnx/export.ts';
import { importOnnx } from '../../onnx/import.ts';
import { findClassifierHead, replaceHead } from '../graph/head.ts';
import type { Graph } from '../graph/ir.ts';
import { compileEvalSchedule, withInputSize } from '../plan/compile.ts';
import { closeness } from '../ref/gradcheck.ts';
import { GpuExecutor } from '../train/gpu-executor.ts';
import { type EpochReport, trainHead } from './head-loop.ts';
import { DEFAULT_RECIPE } from './recipe.ts';
import { sharedFile } from './testing/shared-file.ts';

const SIZE = 64;
const N = 2;

describe.skipIf(gpuSkipped)('head mode on the shared MobileNetV2 models', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'export parity', maxDispatchesPerFlush: 10_000 });
  });
  afterAll(() => ctx?.destroy());

  async function forward(g: Graph, x: Float32Array, output?: string): Promise<Float32Array> {
    const exec = GpuExecutor.create(ctx, compileEvalSchedule(g, N, output ? [output] : undefined), g);
    try {
      return await exec.forward(x);
    } finally {
      exec.dispose();
    }
  }

  /** Features of random images, a 3-class head trained on them for 2 epochs; returns the trained graph. */
  async function trainedHead(file: string): Promise<{ g: Graph; reports: EpochReport[]; x: Float32Array }> {
    const { graph } = importOnnx(await sharedFile(file), file);
    const g0 = withInputSize(graph, SIZE, SIZE);
    const x = randomF32(N * 3 * SIZE * SIZE, -2, 2);
    const feature = findClassifierHead(g0).node.inputs[0];
    const features = await forward(g0, x, feature);
    const dim = features.length / N;
    expect(dim).toBe(1280);
    const g = replaceHead(g0, 3, { seed: 1 });
    const reports: EpochReport[] = [];
    const labels = Uint32Array.from([0, 2]);
    await trainHead(
      ctx,
      g,
      { features, labels, dim },
      null,
      { ...DEFAULT_RECIPE, epochs: 2, batch: 2, lr: 0.05 },
      (e) => reports.push(e),
    );
    return { g, reports, x };
  }

  it('float: exported model on ORT WASM = engine eval forward (rel 1e-4)', async () => {
    const { g, reports, x } = await trainedHead('models/mobilenetv2-12-float.onnx');
    expect(reports).toHaveLength(2);
    expect(Number.isFinite(reports[1].loss)).toBe(true);
    const bytes = exportOnnx(g, { classes: ['a', 'b', 'c'], training: { test: true } });
    expect(readOnnxMetadata(bytes).classes).toEqual(['a', 'b', 'c']);
    // The engine side runs the re-imported export, so both sides read the very same file.
    const { graph: back } = importOnnx(bytes, 'exported.onnx');
    const ours = await forward(withInputSize(back, SIZE, SIZE), x);
    if (typeof window !== 'undefined') return; // runOrt is the Node WASM build; the gpu-node project checks ORT.
    const { runOrt } = await import('../../onnx/testing/ort.ts');
    const ort = await runOrt(bytes, x, [N, 3, SIZE, SIZE]);
    expect(ort.dims).toEqual([N, 3]);
    let peak = 0;
    for (const v of ort.data) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(0);
    expect(closeness(Float64Array.from(ours), Float64Array.from(ort.data), 1e-4, 0.1 * peak)).toBeNull();
  }, 240_000);

  it('int8: imports, and its head trains on its features', async () => {
    const { g, reports } = await trainedHead('models/mobilenetv2-12-int8.onnx');
    expect(reports).toHaveLength(2);
    for (const r of reports) expect(Number.isFinite(r.loss)).toBe(true);
    const h = findClassifierHead(g);
    expect(h.outFeatures).toBe(3);
  }, 240_000);
});
