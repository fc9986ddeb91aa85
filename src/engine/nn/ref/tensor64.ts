// Float64 tensors (flat row-major data + explicit shape) and the shape checks every reference op shares.

/** A float64 tensor: flat row-major (NCHW for images) data with an explicit shape. */
export interface Tensor64 {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** A tensor over `data` (zeros when omitted); throws when the element count does not match the shape. */
export function tensor64(shape: readonly number[], data?: Float64Array | readonly number[]): Tensor64 {
  const n = sizeOf(shape);
  const d = data === undefined ? new Float64Array(n) : Float64Array.from(data);
  if (d.length !== n)
    throw new Error(`tensor64: ${d.length} values for shape ${fmtShape(shape)} (needs ${n})`);
  return { data: d, shape: [...shape] };
}

/** Throws `${op}: ${name} …` when `t` is malformed or (given `rank`) has another rank. */
export function checkTensor(op: string, name: string, t: Tensor64, rank?: number): void {
  for (const d of t.shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new Error(`${op}: ${name} has invalid shape ${fmtShape(t.shape)}`);
  }
  if (t.data.length !== sizeOf(t.shape)) {
    throw new Error(
      `${op}: ${name} has ${t.data.length} values but shape ${fmtShape(t.shape)} needs ${sizeOf(t.shape)}`,
    );
  }
  if (rank !== undefined && t.shape.length !== rank) {
    throw new Error(`${op}: ${name} must be ${rank}-D, got shape ${fmtShape(t.shape)}`);
  }
}

/** Throws unless `a` and `b` have identical shapes. */
export function checkSameShape(op: string, nameA: string, a: Tensor64, nameB: string, b: Tensor64): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`${op}: ${nameA} shape ${fmtShape(a.shape)} ≠ ${nameB} shape ${fmtShape(b.shape)}`);
  }
}

/** Normalises a possibly negative axis for a tensor of `rank`, or throws naming the op. */
export function normAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(`${op}: axis ${axis} out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}
