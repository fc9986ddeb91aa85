// Float64 reference for transpose with any permutation (ONNX Transpose: out.shape[i] = in.shape[perm[i]]).
import { formatShape, shapeSize, shapeStrides } from '../../gpu/tensor.ts';

/** Checks perm against the rank (default: reversed axes) and returns it with the output shape. */
export function planTranspose(
  shape: readonly number[],
  perm?: readonly number[],
): { perm: number[]; outShape: number[] } {
  const rank = shape.length;
  const p = perm ? [...perm] : shape.map((_, i) => rank - 1 - i);
  if (p.length !== rank) {
    throw new Error(
      `Transpose: perm ${formatShape(p)} has ${p.length} entries for input shape ${formatShape(shape)}`,
    );
  }
  const seen = new Set(p);
  if (seen.size !== rank || p.some((a) => !Number.isInteger(a) || a < 0 || a >= rank)) {
    throw new Error(`Transpose: perm ${formatShape(p)} is not a permutation of 0..${rank - 1}`);
  }
  return { perm: p, outShape: p.map((a) => shape[a]) };
}

export function transposeRef(
  x: ArrayLike<number>,
  shape: number[],
  perm?: number[],
): { data: Float64Array; shape: number[] } {
  const plan = planTranspose(shape, perm);
  const inStrides = shapeStrides(shape);
  const outShape = plan.outShape;
  const n = shapeSize(outShape);
  const data = new Float64Array(n);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let src = 0;
    for (let d = 0; d < outShape.length; d++) src += idx[d] * inStrides[plan.perm[d]];
    data[i] = x[src];
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return { data, shape: outShape };
}
