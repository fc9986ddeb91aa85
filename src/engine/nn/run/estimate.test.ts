// FLOP counting of a compiled schedule on a small hand-built graph, counted by hand: a strided conv, a depthwise
// conv, a pointwise conv and a Gemm head; head mode trains only the Gemm, full mode everything.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECIPE } from '../loop/recipe.ts';
import { compileTrainSchedule } from '../plan/compile.ts';
import { GraphBuilder, mulberry32 } from '../plan/testing/graph-builder.ts';
import { estimateFromGraph, scheduleFlops } from './estimate.ts';

function smallNet() {
  const b = new GraphBuilder('flops', ['batch', 3, 8, 8], mulberry32(3));
  const c1 = b.conv(b.input, 3, 8, 3, 2); // → 8×4×4
  const r1 = b.one('Relu', [c1]);
  const dw = b.conv(r1, 8, 8, 3, 1, 8); // depthwise → 8×4×4
  const pw = b.conv(dw, 8, 16, 1); // → 16×4×4
  const pool = b.one('GlobalAveragePool', [pw]);
  return b.build(b.head(pool, 16, 5));
}

// Per image: conv1 8·4·4 outputs × 3·3·3; depthwise 8·4·4 × 1·3·3; pointwise 16·4·4 × 8; head 5 × 16.
const macs = { c1: 128 * 27, dw: 128 * 9, pw: 256 * 8, head: 80 };
const perImage = macs.c1 + macs.dw + macs.pw + macs.head;

describe('scheduleFlops', () => {
  it('counts Conv/Gemm MACs ×2; full mode adds 2× forward for backward', () => {
    const batch = 4;
    const s = compileTrainSchedule(smallNet(), { batch, mode: 'full', optimizer: { kind: 'sgd' } });
    const f = scheduleFlops(s);
    expect(f.forward).toBe(2 * perImage * batch);
    expect(f.trainedForward).toBe(2 * perImage * batch);
    expect(f.total).toBe(3 * 2 * perImage * batch);
  });

  it('head mode on cached features trains only the Gemm', () => {
    const s = compileTrainSchedule(smallNet(), {
      batch: 2,
      mode: 'head',
      cacheFeatures: true,
      optimizer: { kind: 'sgd' },
    });
    const f = scheduleFlops(s);
    expect(f.forward).toBe(2 * macs.head * 2);
    expect(f.total).toBe(3 * 2 * macs.head * 2);
  });

  it('estimateFromGraph: steps, seconds from the rate, and the basis sentence', () => {
    const r = { ...DEFAULT_RECIPE, mode: 'full' as const, batch: 4, size: 8 };
    const e = estimateFromGraph(smallNet(), r, 10, 3, 1e9);
    expect(e.stepsPerEpoch).toBe(3);
    expect(e.flopsPerImage).toBe(3 * 2 * perImage);
    expect(e.secondsPerEpoch).toBeCloseTo((3 * 4 * e.flopsPerImage + 3 * 2 * perImage) / 1e9, 12);
    expect(e.peakGpuBytes).toBeGreaterThan(0);
    expect(e.basis).toMatch(/ GFLOP\/s,/);
    expect(e.basis).not.toMatch(/\de[+-]\d/);
  });

  it('head mode: the feature pass is timed for WebGPU only, and named with the backend that runs it', () => {
    const r = { ...DEFAULT_RECIPE, mode: 'head' as const, batch: 4, size: 8 };
    const gpu = estimateFromGraph(smallNet(), r, 10, 3, 1e9, 'gpu');
    expect(gpu.basis).toMatch(/feature pass of 13 images on WebGPU \(engine\), about [\d.]+ s\./);
    const wasm = estimateFromGraph(smallNet(), r, 10, 3, 1e9, 'wasm');
    expect(wasm.basis).toMatch(
      /feature pass of 13 images \([\d.]+ k?FLOP each\) on WASM \(ONNX Runtime\), not timed/,
    );
    expect(wasm.basis).not.toMatch(/WebGPU/);
  });
});
