// The CPU executor's eval forward on a real exported architecture equals onnxruntime-web's logits (WASM, float32)
// within 1e-4 relative, at a small input size so the float64 loops stay fast.
import { describe, expect, it } from 'vitest';
import { exportOnnx } from '../../onnx/export.ts';
import { importOnnx } from '../../onnx/import.ts';
import { runOrt } from '../../onnx/testing/ort.ts';
import { readShared } from '../../onnx/testing/shared.ts';
import { compileEvalSchedule, withInputSize } from '../plan/compile.ts';
import { closeness, randomF64 } from '../ref/gradcheck.ts';
import { tensor64 } from '../ref/tensor64.ts';
import { CpuExecutor } from './cpu-executor.ts';

describe('eval forward vs onnxruntime-web', () => {
  it('squeezenet1_1 (random weights) at 1×3×48×48', async () => {
    const { graph } = importOnnx(
      readShared('models/arch/squeezenet1_1-random.onnx'),
      'squeezenet1_1-random.onnx',
    );
    const g = withInputSize(graph, 48, 48);
    const s = compileEvalSchedule(g, 1);
    const x = randomF64(3 * 48 * 48, -2, 2);
    const x32 = Float32Array.from(x);
    const ours = new CpuExecutor(s, g).forward(tensor64([1, 3, 48, 48], Float64Array.from(x32)));
    const ort = await runOrt(exportOnnx(g), x32, [1, 3, 48, 48]);
    expect(ort.dims).toEqual(ours.shape);
    let peak = 0;
    for (const v of ort.data) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(0);
    // Relative to each logit, floored at a tenth of the largest: ORT's float32 sums round at the scale of their
    // terms, so a logit that cancels to near zero carries an absolute (not relative) float32 error.
    expect(closeness(ours.data, ort.data, 1e-4, 0.1 * peak)).toBeNull();
  }, 60_000);
});
