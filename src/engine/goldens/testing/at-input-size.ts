// Test-only: an ONNX file with its first input's spatial dims rewritten, so onnxruntime runs it at a golden's size.
import onnxProto from 'onnx-proto';

export function onnxAtInputSize(bytes: Uint8Array, height: number, width: number, what: string): Uint8Array {
  const { onnx } = onnxProto;
  const m = onnx.ModelProto.decode(bytes);
  const dims = m.graph?.input?.[0]?.type?.tensorType?.shape?.dim;
  if (dims?.length !== 4) throw new Error(`${what}: the first graph input is not a 4-D tensor`);
  dims[2] = onnx.TensorShapeProto.Dimension.create({ dimValue: height });
  dims[3] = onnx.TensorShapeProto.Dimension.create({ dimValue: width });
  return onnx.ModelProto.encode(m).finish();
}
