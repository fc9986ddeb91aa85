// mobilenetv2-12-int8 → dequantized float graph: weights equal the float export's, ORT predictions agree.
import { describe, expect, it } from 'vitest';
import { opCensus } from '../nn/graph/ir.ts';
import { impliedActivation } from './dequantize.ts';
import { exportOnnx } from './export.ts';
import { importOnnx } from './import.ts';
import { argmaxRows, maxAbsDiff, runOrt } from './testing/ort.ts';
import { decodePng, imagenetTensor } from './testing/png.ts';
import { readShared } from './testing/shared.ts';

const S = 3 * 224 * 224;

/** Photo variants: the two PNG photos and their mirror images, NCHW. */
function photoBatch(): { x: Float32Array; n: number; expected: number[][] } {
  const photos = [
    { file: 'data/photos/coffee.png', classes: [967] },
    { file: 'data/photos/chelsea.png', classes: [281, 282, 285] },
  ];
  const out: Float32Array[] = [];
  const expected: number[][] = [];
  for (const p of photos) {
    const img = decodePng(readShared(p.file), p.file);
    const base = imagenetTensor(img);
    const mirrored = new Float32Array(S);
    for (let r = 0; r < 3 * 224; r++)
      for (let c = 0; c < 224; c++) mirrored[r * 224 + c] = base[r * 224 + 223 - c];
    out.push(base, mirrored);
    expected.push(p.classes, p.classes);
  }
  const x = new Float32Array(out.length * S);
  out.forEach((t, i) => {
    x.set(t, i * S);
  });
  return { x, n: out.length, expected };
}

// Big-model imports take seconds on a loaded 2-core runner: more than Vitest's 5 s default.
describe('int8 MobileNetV2 dequantized to float', { timeout: 60_000 }, () => {
  it('reads ReLU / ReLU6 from output ranges', () => {
    expect(impliedActivation(6 / 255, 0, 2)).toBe('relu6');
    expect(impliedActivation(0.0176, 0, 2)).toBe('relu');
    expect(impliedActivation(0.05, 119, 2)).toBe('none');
    expect(impliedActivation(6 / 255, -128, 3)).toBe('relu6');
    expect(impliedActivation(0.05, 0, 3)).toBe('none');
  });

  it('dequantized weights equal the mobilenetv2-12-float initializers where they correspond', () => {
    const q = importOnnx(readShared('models/mobilenetv2-12-int8.onnx'), 'int8').graph;
    const f = importOnnx(readShared('models/mobilenetv2-12-float.onnx'), 'float').graph;
    const qc = q.nodes.filter((n) => n.op === 'Conv');
    const fc = f.nodes.filter((n) => n.op === 'Conv');
    expect(qc.length).toBe(fc.length);
    let weightDiff = 0;
    let biasDiff = 0;
    qc.forEach((node, i) => {
      const [qw, fw] = [q.params.get(node.inputs[1])!, f.params.get(fc[i].inputs[1])!];
      expect(qw.shape).toEqual(fw.shape);
      weightDiff = Math.max(weightDiff, maxAbsDiff(qw.data, fw.data));
      biasDiff = Math.max(
        biasDiff,
        maxAbsDiff(q.params.get(node.inputs[2])!.data, f.params.get(fc[i].inputs[2])!.data),
      );
    });
    // Conv weights match exactly; int32 biases × (x_scale·w_scale) differ from the float file by float rounding.
    expect(weightDiff).toBe(0);
    expect(biasDiff).toBeLessThanOrEqual(1e-6);
    // The classifier: int8 MatMul weight [1280,1000] is the float Gemm weight [1000,1280] transposed.
    const mm = q.params.get(q.nodes.find((n) => n.op === 'MatMul')!.inputs[1])!;
    const gemm = f.nodes.find((n) => n.op === 'Gemm')!;
    const gw = f.params.get(gemm.inputs[1])!;
    let headDiff = 0;
    for (let i = 0; i < 1280; i++) {
      for (let j = 0; j < 1000; j++)
        headDiff = Math.max(headDiff, Math.abs(mm.data[i * 1000 + j] - gw.data[j * 1280 + i]));
    }
    expect(headDiff).toBeLessThanOrEqual(1e-6);
    expect(
      maxAbsDiff(q.params.get('classifier.1.bias')!.data, f.params.get(gemm.inputs[2])!.data),
    ).toBeLessThanOrEqual(1e-6);
    // The float file has 35 Clip(0,6); the int8 output ranges show 8 of them as [0,6] and 27 as [0,<6] (→ Relu).
    expect(opCensus(f).Clip).toBe(35);
    expect((opCensus(q).Clip ?? 0) + (opCensus(q).Relu ?? 0)).toBe(35);
  });

  it('the exported float graph runs in ORT and agrees with the int8 model and the float export on photos', async () => {
    const int8 = readShared('models/mobilenetv2-12-int8.onnx');
    const exported = exportOnnx(importOnnx(int8, 'int8').graph);
    const { x, n, expected } = photoBatch();
    const dims = [n, 3, 224, 224];
    const q = await runOrt(int8, x, dims);
    const d = await runOrt(exported, x, dims);
    const f = await runOrt(readShared('models/mobilenetv2-12-float.onnx'), x, dims);
    const [tq, td, tf] = [argmaxRows(q.data, 1000), argmaxRows(d.data, 1000), argmaxRows(f.data, 1000)];
    const agree = tq.filter((v, i) => v === td[i]).length;
    const int8Diff = maxAbsDiff(q.data, d.data);
    const floatDiff = maxAbsDiff(d.data, f.data);
    console.info(
      `int8 vs dequantized top-1 agreement ${agree}/${n}, max |logit diff| ${int8Diff.toFixed(3)}; vs float export ${floatDiff.toExponential(2)}`,
    );
    expect(agree).toBeGreaterThanOrEqual(n - 1);
    expect(td.every((t, i) => expected[i].includes(t))).toBe(true);
    // int8 activations are rounded to 256 levels: a few logits move by up to a few units (measured ≈1.8).
    expect(int8Diff).toBeLessThan(4);
    // Against the float re-export only ReLU-vs-ReLU6 at 27 sites can differ (measured ≈3e-5).
    expect(floatDiff).toBeLessThan(1e-3);
    expect(tf).toEqual(td);
  }, 90_000);
});
