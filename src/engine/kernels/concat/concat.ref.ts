// Float64 reference for ONNX Concat along one axis (negative allowed), and its backward (split of dY).
import { checkTensor, fmtShape, normAxis, type Tensor64 } from '../../nn/ref/tensor64.ts';
import { aroundAxis } from '../softmax/softmax.ref.ts';

export function concatForward(inputs: readonly Tensor64[], axis: number): Tensor64 {
  if (inputs.length === 0) throw new Error('Concat: needs at least one input');
  inputs.forEach((t, i) => {
    checkTensor('Concat', `input ${i}`, t);
  });
  const first = inputs[0].shape;
  const ax = normAxis('Concat', axis, first.length);
  let total = 0;
  inputs.forEach((t, i) => {
    if (t.shape.length !== first.length || t.shape.some((d, k) => k !== ax && d !== first[k])) {
      throw new Error(
        `Concat: input ${i} shape ${fmtShape(t.shape)} differs from input 0 shape ${fmtShape(first)} outside axis ${ax}`,
      );
    }
    total += t.shape[ax];
  });
  const shape = [...first];
  shape[ax] = total;
  const { outer, inner } = aroundAxis(shape, ax);
  const y = new Float64Array(outer * total * inner);
  let offset = 0;
  for (const t of inputs) {
    const block = t.shape[ax] * inner;
    for (let o = 0; o < outer; o++)
      y.set(t.data.subarray(o * block, (o + 1) * block), o * total * inner + offset);
    offset += block;
  }
  return { data: y, shape };
}

/** Cuts `x` along `axis` into consecutive parts of the given sizes (Split forward = Concat backward). */
export function splitAlong(op: string, x: Tensor64, axis: number, sizes: readonly number[]): Tensor64[] {
  checkTensor(op, 'input', x);
  const ax = normAxis(op, axis, x.shape.length);
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sum !== x.shape[ax]) {
    throw new Error(
      `${op}: split sizes [${sizes.join(',')}] do not sum to dimension ${x.shape[ax]} of axis ${ax}`,
    );
  }
  const { outer, len, inner } = aroundAxis(x.shape, ax);
  let offset = 0;
  return sizes.map((s) => {
    const shape = [...x.shape];
    shape[ax] = s;
    const block = s * inner;
    const out = new Float64Array(outer * block);
    for (let o = 0; o < outer; o++) {
      out.set(x.data.subarray(o * len * inner + offset, o * len * inner + offset + block), o * block);
    }
    offset += block;
    return { data: out, shape };
  });
}

/** dInput_i = the slice of dY that input i filled. */
export function concatBackward(
  inputShapes: readonly (readonly number[])[],
  dy: Tensor64,
  axis: number,
): Tensor64[] {
  const ax = normAxis('Concat backward', axis, dy.shape.length);
  return splitAlong(
    'Concat backward',
    dy,
    ax,
    inputShapes.map((s) => s[ax]),
  );
}
