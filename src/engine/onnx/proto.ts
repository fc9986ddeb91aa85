// The protobufjs-generated ONNX classes (onnx-proto), loaded through its CommonJS default export.
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;

import type { onnx as OnnxTypes } from 'onnx-proto';

export type { OnnxTypes };

/**
 * A protobuf int64 as a JS number (protobufjs gives Long objects when 'long' is installed). Values beyond
 * ±2^53 only occur as sentinels (Slice ends = INT64_MAX) and clamp to the safe range, which keeps their meaning.
 */
export function toNum(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  const n = typeof v === 'number' ? v : v.toNumber();
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, n));
}

/** Decodes an .onnx file, with a clear message when the bytes are not an ONNX model. */
export function decodeModel(bytes: Uint8Array, source = 'model'): OnnxTypes.ModelProto {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(`${source}: not a valid ONNX protobuf (${(e as Error).message})`);
  }
  if (!model.graph) throw new Error(`${source}: ONNX model has no graph`);
  return model;
}
