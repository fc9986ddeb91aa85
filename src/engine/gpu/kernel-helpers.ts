// Shared by the op launchers in src/engine/kernels: dtype and output checks, and uniform packing.
import type { GpuContext } from './context.ts';
import { formatShape, type GpuDType, type GpuTensor, sameShape } from './tensor.ts';

/** Highest tensor rank the shape-in-uniform kernels accept (two vec4<u32> per shape/stride list). */
export const MAX_RANK = 8;

export function requireDType(op: string, t: GpuTensor, what: string, dtype: GpuDType = 'f32'): void {
  if (t.dtype !== dtype) throw new Error(`${op}: ${what} has dtype ${t.dtype}, expected ${dtype}`);
}

export function requireRank(op: string, shape: readonly number[], what: string): void {
  if (shape.length > MAX_RANK) {
    throw new Error(`${op}: ${what} shape ${formatShape(shape)} has rank ${shape.length} > ${MAX_RANK}`);
  }
}

/**
 * The output tensor: `out` after checking its shape, dtype and that it aliases no input (WebGPU forbids a
 * buffer bound both read-only and writable in one dispatch), or a fresh pooled tensor.
 */
export function prepareOut(
  ctx: GpuContext,
  op: string,
  shape: number[],
  out: GpuTensor | undefined,
  inputs: GpuTensor[],
): GpuTensor {
  if (!out) return ctx.empty(shape, 'f32', `${op} out`);
  if (!sameShape(out.shape, shape)) {
    throw new Error(`${op}: out has shape ${formatShape(out.shape)}, expected ${formatShape(shape)}`);
  }
  requireDType(op, out, 'out');
  if (inputs.some((t) => t.buffer === out.buffer)) throw new Error(`${op}: out must not alias an input`);
  return out;
}

/** Packs a list of u32 values, padded to a multiple of 4 words (uniform structs are 16-byte aligned). */
export function packU32(values: number[]): Uint32Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(Math.max(1, values.length) / 4) * 4);
  words.set(values);
  return words;
}

/** A shape or stride list padded to MAX_RANK entries, for `array<vec4<u32>, 2>` uniform fields. */
export function padRank(values: readonly number[], fill = 0): number[] {
  const out = new Array<number>(MAX_RANK).fill(fill);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}
