// Replacing the classifier head: [N,12] output in the graph and in ONNX Runtime, class names in metadata.
import { describe, expect, it } from 'vitest';
import { FLOWERS12_CLASSES } from '../data/testing/flowers12.ts';
import { findClassifierHead, replaceHead } from '../nn/graph/head.ts';
import { inferShapes } from '../nn/graph/infer.ts';
import { exportOnnx, META_KEYS, readOnnxMetadata } from './export.ts';
import { importOnnx } from './import.ts';
import { runOrt } from './testing/ort.ts';
import { readShared } from './testing/shared.ts';

const FLOWERS = [...FLOWERS12_CLASSES];

// Big-model imports take seconds on a loaded 2-core runner: more than Vitest's 5 s default.
describe('classifier head', { timeout: 60_000 }, () => {
  it('finds the head of torch (Gemm, transB) and int8 (MatMul + Add) graphs', () => {
    const f = importOnnx(readShared('models/mobilenetv2-12-float.onnx')).graph;
    const hf = findClassifierHead(f);
    expect(hf.node.op).toBe('Gemm');
    expect([hf.inFeatures, hf.outFeatures, hf.transposed]).toEqual([1280, 1000, true]);
    expect(hf.bias?.name).toBe('classifier.1.bias');

    const q = importOnnx(readShared('models/mobilenetv2-12-int8.onnx')).graph;
    const hq = findClassifierHead(q);
    expect(hq.node.op).toBe('MatMul');
    expect([hq.inFeatures, hq.outFeatures, hq.transposed]).toEqual([1280, 1000, false]);
    expect(hq.biasAdd?.op).toBe('Add');
    expect(hq.bias?.data.length).toBe(1000);
  });

  it('mobilenet_v3_small: the last of two Gemms is the head', () => {
    const g = importOnnx(readShared('models/arch/mobilenet_v3_small-random.onnx')).graph;
    const h = findClassifierHead(g);
    expect([h.inFeatures, h.outFeatures]).toEqual([1024, 1000]);
    expect(h.node).toBe(g.nodes.filter((n) => n.op === 'Gemm').at(-1));
  });

  it('replaced 12-class head exports with [N,12] output, runs in ORT, and its class names read back', async () => {
    const file = 'models/arch/squeezenet1_1-random.onnx';
    // squeezenet has no Gemm (its classifier is a 1×1 Conv): the error names the graph.
    expect(() => findClassifierHead(importOnnx(readShared(file), file).graph)).toThrow(
      /no Gemm\/MatMul feeds output 'logits'/,
    );

    const src = importOnnx(readShared('models/mobilenetv2-12-int8.onnx'), 'int8').graph;
    const g = replaceHead(src, 12, { seed: 7 });
    expect(findClassifierHead(src).outFeatures).toBe(1000);
    expect(g.outputs).toEqual([{ name: 'output', shape: ['batch_size', 12] }]);
    expect(inferShapes(g, { input: [3, 3, 224, 224] }).get('output')).toEqual([3, 12]);
    const head = findClassifierHead(g);
    expect(head.weight.shape).toEqual([1280, 12]);

    const training = { epochs: 3, lr: 0.01, valAccuracy: 0.5 };
    const bytes = exportOnnx(g, { classes: FLOWERS, training });
    const meta = readOnnxMetadata(bytes);
    expect(meta.classes).toEqual(FLOWERS);
    expect(meta.training).toEqual(training);
    expect(JSON.parse(meta.props[META_KEYS.source])).toMatchObject({
      dequantized: 'true',
      headReplaced: '12',
    });

    const x = Float32Array.from({ length: 2 * 3 * 224 * 224 }, () => Math.random() * 2 - 1);
    const out = await runOrt(bytes, x, [2, 3, 224, 224]);
    expect(out.dims).toEqual([2, 12]);
    expect(out.data.every(Number.isFinite)).toBe(true);
    // The exported file imports again with the new head, the same weights and the class count.
    const back = importOnnx(bytes).graph;
    expect(Array.from(findClassifierHead(back).weight.data)).toEqual(Array.from(head.weight.data));
  }, 60_000);

  it('rejects bad head sizes with a clear message', () => {
    const g = importOnnx(readShared('models/mobilenetv2-12-float.onnx')).graph;
    expect(() => replaceHead(g, 0)).toThrow(/numClasses 0 must be a positive integer/);
    expect(() => replaceHead(g, 3, { weight: new Float32Array(5) })).toThrow(
      /weight has 5 values, expected 3×1280/,
    );
  });
});
