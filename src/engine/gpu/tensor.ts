// GpuTensor (a storage buffer plus shape and dtype) and the shape helpers every op validates with.

export type GpuDType = 'f32' | 'u32' | 'i32';

export interface GpuTensor {
  /** May be larger than size*4 bytes (pool size classes); only the first size elements are meaningful. */
  buffer: GPUBuffer;
  shape: number[];
  dtype: GpuDType;
  /** Number of elements (product of shape; 1 for a scalar shape []). */
  size: number;
}

/** "[2,3]": the exact form used in error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Throws "<op>: <what> shape [..] is invalid" unless every dim is a non-negative integer. */
export function assertShape(op: string, shape: readonly number[], what = 'input'): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new Error(`${op}: ${what} shape ${formatShape(shape)} is invalid (dims must be integers >= 0)`);
    }
  }
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-order) element strides. */
export function shapeStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** numpy broadcasting of two shapes; throws "Add: shapes [2,3] and [4] do not broadcast". */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides to read `shape` as if it had `outShape` (right-aligned, broadcast dims get stride 0), padded on the
 * left to outShape's rank.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = shapeStrides(shape);
  const rank = outShape.length;
  const out = new Array<number>(rank).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const o = rank - shape.length + i;
    out[o] = shape[i] === 1 && outShape[o] !== 1 ? 0 : strides[i];
  }
  return out;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Bytes per element; all three dtypes are 32-bit. */
export const BYTES_PER_ELEMENT = 4;
