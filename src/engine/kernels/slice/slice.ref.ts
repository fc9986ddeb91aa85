// Float64 reference for ONNX Slice (starts/ends/axes/steps, negatives, clamping), and its backward (scatter).
import { checkTensor, fmtShape, normAxis, sizeOf, stridesOf, type Tensor64 } from '../../nn/ref/tensor64.ts';

export interface SliceParams {
  starts: readonly number[];
  ends: readonly number[];
  /** Default 0..starts.length−1; may be negative. */
  axes?: readonly number[];
  /** Default all 1; must be non-zero. */
  steps?: readonly number[];
}

/** Per-axis effective start, step and output length after ONNX clamping. */
export interface SlicePlan {
  start: number[];
  step: number[];
  shape: number[];
}

export function slicePlan(op: string, xShape: readonly number[], p: SliceParams): SlicePlan {
  const rank = xShape.length;
  const k = p.starts.length;
  const axes = p.axes ?? Array.from({ length: k }, (_, i) => i);
  const steps = p.steps ?? new Array<number>(k).fill(1);
  if (p.ends.length !== k || axes.length !== k || steps.length !== k) {
    throw new Error(
      `${op}: starts (${k}), ends (${p.ends.length}), axes (${axes.length}) and steps (${steps.length}) must have equal lengths`,
    );
  }
  const start = new Array<number>(rank).fill(0);
  const step = new Array<number>(rank).fill(1);
  const shape = [...xShape];
  const seen = new Set<number>();
  for (let i = 0; i < k; i++) {
    const ax = normAxis(op, axes[i], rank);
    if (seen.has(ax)) throw new Error(`${op}: axis ${ax} repeated in axes [${axes.join(',')}]`);
    seen.add(ax);
    const dim = xShape[ax];
    const st = steps[i];
    if (!Number.isInteger(st) || st === 0)
      throw new Error(`${op}: step ${st} for axis ${ax} must be a non-zero integer`);
    let s = p.starts[i];
    let e = p.ends[i];
    // Exporters write int64 min/max for "to the end"; as JS numbers they stay huge, so clamping handles them.
    if (s < 0) s += dim;
    if (e < 0) e += dim;
    if (st > 0) {
      s = Math.min(Math.max(s, 0), dim);
      e = Math.min(Math.max(e, 0), dim);
    } else {
      s = Math.min(Math.max(s, 0), dim - 1);
      e = Math.min(Math.max(e, -1), dim - 1);
    }
    start[ax] = s;
    step[ax] = st;
    shape[ax] = Math.max(0, Math.ceil((e - s) / st));
  }
  return { start, step, shape };
}

/** Calls visit(outIndex, inIndex) for each output element in row-major order. */
function forEachPicked(
  xShape: readonly number[],
  plan: SlicePlan,
  visit: (o: number, i: number) => void,
): void {
  const xs = stridesOf(xShape);
  const rank = xShape.length;
  const n = sizeOf(plan.shape);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < n; o++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += (plan.start[d] + idx[d] * plan.step[d]) * xs[d];
    visit(o, src);
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < plan.shape[d]) break;
      idx[d] = 0;
    }
  }
}

export function sliceForward(x: Tensor64, p: SliceParams): Tensor64 {
  checkTensor('Slice', 'input', x);
  const plan = slicePlan('Slice', x.shape, p);
  const y = new Float64Array(sizeOf(plan.shape));
  forEachPicked(x.shape, plan, (o, i) => {
    y[o] = x.data[i];
  });
  return { data: y, shape: plan.shape };
}

/** dX = zeros with dY scattered back to the sliced positions. */
export function sliceBackward(xShape: readonly number[], dy: Tensor64, p: SliceParams): Tensor64 {
  checkTensor('Slice backward', 'dY', dy);
  const plan = slicePlan('Slice backward', xShape, p);
  if (plan.shape.length !== dy.shape.length || plan.shape.some((d, i) => d !== dy.shape[i])) {
    throw new Error(`Slice backward: dY shape ${fmtShape(dy.shape)} ≠ output shape ${fmtShape(plan.shape)}`);
  }
  const dx = new Float64Array(sizeOf(xShape));
  forEachPicked(xShape, plan, (o, i) => {
    dx[i] += dy.data[o];
  });
  return { data: dx, shape: [...xShape] };
}
