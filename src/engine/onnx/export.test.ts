// Round trip: import → export with unchanged weights → both files run in onnxruntime-web (WASM) → same logits.
import { describe, expect, it } from 'vitest';
import { exportOnnx, readOnnxMetadata } from './export.ts';
import { importOnnx } from './import.ts';
import { maxAbsDiff, runOrt } from './testing/ort.ts';
import { readShared } from './testing/shared.ts';

function randomInput(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => Math.random() * 4 - 2);
}

describe('ONNX export round trip (onnxruntime-web WASM)', () => {
  // shufflenet: folded shape subgraphs, Slice, Transpose, ReduceMean; mobilenet_v3: HardSigmoid, SE, two Gemms.
  for (const file of [
    'models/arch/shufflenet_v2_x0_5-random.onnx',
    'models/arch/mobilenet_v3_small-random.onnx',
  ]) {
    it(`${file}: exported logits equal the original within 1e-5`, async () => {
      const bytes = readShared(file);
      const { graph } = importOnnx(bytes, file);
      const exported = exportOnnx(graph, { training: { note: 'round trip' } });
      // Batch 2 while the original ran with symbolic batch: the folded shapes must stay batch-free.
      const x = randomInput(2 * 3 * 224 * 224);
      const a = await runOrt(bytes, x, [2, 3, 224, 224]);
      const b = await runOrt(exported, x, [2, 3, 224, 224]);
      expect(b.dims).toEqual([2, 1000]);
      expect(a.data.some((v) => v !== 0)).toBe(true);
      expect(maxAbsDiff(b.data, a.data)).toBeLessThanOrEqual(1e-5);
      // The exported file imports again to the same graph shape.
      const again = importOnnx(exported, 'exported.onnx').graph;
      expect(again.nodes.map((n) => n.op)).toEqual(graph.nodes.map((n) => n.op));
      expect(readOnnxMetadata(exported).training).toEqual({ note: 'round trip' });
    }, 60_000);
  }
});
