// Test-only: proof that a golden's torch model is the ONNX file — onnxruntime-web's logits on the file (at the
// golden's input size) against the eval logits torch recorded. Returns a mismatch message, or null.
import { closeness } from '../../nn/ref/gradcheck.ts';
import { runOrt } from '../../onnx/testing/ort.ts';
import { onnxAtInputSize } from './at-input-size.ts';
import type { ResnetStepGolden } from './resnet-step.ts';

export async function ortLogitsMismatch(
  bytes: Uint8Array,
  g: Pick<ResnetStepGolden, 'model' | 'input' | 'evalLogits'>,
  x: Float64Array,
): Promise<string | null> {
  const [, , height, width] = g.input.shape;
  const ort = await runOrt(
    onnxAtInputSize(bytes, height, width, g.model),
    Float32Array.from(x),
    g.input.shape,
  );
  if (ort.dims.join() !== g.evalLogits.shape.join())
    return `${g.model}: ORT logits [${ort.dims}] vs torch [${g.evalLogits.shape}]`;
  let peak = 0;
  for (const v of g.evalLogits.data) peak = Math.max(peak, Math.abs(v));
  // ORT is float32: each logit within 1e-4 relative, floored at a tenth of the largest (cancelling sums).
  return closeness(ort.data, g.evalLogits.data, 1e-4, 0.1 * peak);
}
