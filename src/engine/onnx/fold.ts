// Constant folding of shape subgraphs (Shape/Gather/Unsqueeze/Concat/Cast/Div/…): values may hold symbolic
// dims (the batch), so a Reshape target like [batch, 2, 24, 28, 28] folds once, independent of batch size.
import { dimOp } from '../nn/graph/dims.ts';
import type { Dim } from '../nn/graph/ir.ts';
import type { OnnxAttr } from './attrs.ts';
import type { DecodedTensor } from './tensor.ts';
import { isFloatType } from './tensor.ts';

/** A folded value: small, row-major; entries are numbers or symbols (strings) for unknown dims. */
export interface ConstVal {
  float: boolean;
  shape: number[];
  data: Dim[];
}

export const FOLDABLE_OPS = new Set([
  'Constant',
  'Shape',
  'Gather',
  'Unsqueeze',
  'Squeeze',
  'Concat',
  'Cast',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'ConstantOfShape',
  'Slice',
  'Reshape',
  'Identity',
]);

export function fromTensor(t: DecodedTensor): ConstVal {
  return { float: isFloatType(t.dataType), shape: t.dims, data: Array.from(t.data) };
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Integer entries of a folded value (axes, shapes, indices); throws naming `what` if symbolic. */
export function concreteInts(v: ConstVal, what: string): number[] {
  return v.data.map((d) => {
    if (typeof d !== 'number')
      throw new Error(`${what} depends on the symbolic dim '${d}' and cannot be folded`);
    return d;
  });
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

function broadcastBinary(a: ConstVal, b: ConstVal, f: (x: Dim, y: Dim) => Dim): ConstVal {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pa = [...Array(rank - a.shape.length).fill(1), ...a.shape];
  const pb = [...Array(rank - b.shape.length).fill(1), ...b.shape];
  const shape = pa.map((d, i) => {
    if (d !== pb[i] && d !== 1 && pb[i] !== 1)
      throw new Error(`shapes [${a.shape}] and [${b.shape}] do not broadcast`);
    return Math.max(d, pb[i]);
  });
  const [sa, sb, so] = [strides(pa), strides(pb), strides(shape)];
  const data: Dim[] = [];
  for (let i = 0; i < size(shape); i++) {
    let ia = 0;
    let ib = 0;
    for (let k = 0; k < rank; k++) {
      const c = Math.floor(i / so[k]) % shape[k];
      if (pa[k] !== 1) ia += c * sa[k];
      if (pb[k] !== 1) ib += c * sb[k];
    }
    data.push(f(a.data[ia], b.data[ib]));
  }
  return { float: a.float || b.float, shape, data };
}

function arith(op: '+' | '-' | '*' | '/', float: boolean): (x: Dim, y: Dim) => Dim {
  return (x, y) => {
    if (typeof x === 'number' && typeof y === 'number' && op === '/') {
      if (float) return x / y;
      if (y === 0) throw new Error('integer division by zero');
      return Math.trunc(x / y);
    }
    return dimOp(x, op, y);
  };
}

function axisOf(a: number, rank: number): number {
  const r = a < 0 ? a + rank : a;
  if (r < 0 || r >= rank) throw new Error(`axis ${a} out of range for rank ${rank}`);
  return r;
}

function gather(data: ConstVal, idx: ConstVal, axis: number): ConstVal {
  const ax = axisOf(axis, data.shape.length);
  const outer = size(data.shape.slice(0, ax));
  const inner = size(data.shape.slice(ax + 1));
  const n = data.shape[ax];
  const indices = concreteInts(idx, 'Gather indices').map((i) => (i < 0 ? i + n : i));
  const out: Dim[] = [];
  for (let o = 0; o < outer; o++) {
    for (const i of indices) {
      if (i < 0 || i >= n) throw new Error(`Gather index ${i} out of range for dim ${n}`);
      for (let k = 0; k < inner; k++) out.push(data.data[(o * n + i) * inner + k]);
    }
  }
  return {
    float: data.float,
    shape: [...data.shape.slice(0, ax), ...idx.shape, ...data.shape.slice(ax + 1)],
    data: out,
  };
}

function concat(vals: ConstVal[], axis: number): ConstVal {
  const rank = vals[0].shape.length;
  const ax = axisOf(axis, rank);
  const outer = size(vals[0].shape.slice(0, ax));
  const out: Dim[] = [];
  for (let o = 0; o < outer; o++) {
    for (const v of vals) {
      const chunk = size(v.shape.slice(ax));
      out.push(...v.data.slice(o * chunk, (o + 1) * chunk));
    }
  }
  const shape = [...vals[0].shape];
  shape[ax] = vals.reduce((s, v) => s + v.shape[ax], 0);
  return { float: vals.some((v) => v.float), shape, data: out };
}

function intsAttrOrInput(
  attrs: Map<string, OnnxAttr>,
  key: string,
  input: ConstVal | undefined,
): number[] | undefined {
  const a = attrs.get(key);
  if (Array.isArray(a)) return a as number[];
  return input ? concreteInts(input, key) : undefined;
}

/**
 * Evaluates a foldable op on folded inputs (`undefined` for omitted optional inputs). `shapeOf` gives the
 * (possibly symbolic) shape of a non-constant input, which only Shape reads.
 */
export function evalFoldable(
  op: string,
  ins: (ConstVal | undefined)[],
  attrs: Map<string, OnnxAttr>,
  inputShape?: Dim[],
): ConstVal[] {
  const [a, b] = ins;
  const need = (v: ConstVal | undefined, i: number): ConstVal => {
    if (!v) throw new Error(`input ${i} is missing`);
    return v;
  };
  switch (op) {
    case 'Constant': {
      const t = attrs.get('value');
      if (t && typeof t === 'object' && !Array.isArray(t)) return [fromTensor(t)];
      const f = attrs.get('value_float') ?? attrs.get('value_floats');
      if (f !== undefined)
        return [{ float: true, shape: Array.isArray(f) ? [f.length] : [], data: [f].flat() as number[] }];
      const i = attrs.get('value_int') ?? attrs.get('value_ints');
      if (i !== undefined)
        return [{ float: false, shape: Array.isArray(i) ? [i.length] : [], data: [i].flat() as number[] }];
      throw new Error('Constant without a supported value attribute');
    }
    case 'Shape': {
      if (!inputShape) throw new Error('Shape of a tensor whose shape is unknown');
      const rank = inputShape.length;
      const clampIdx = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
      const start = clampIdx((attrs.get('start') as number | undefined) ?? 0);
      const end = clampIdx((attrs.get('end') as number | undefined) ?? rank);
      const dims = inputShape.slice(start, end);
      return [{ float: false, shape: [dims.length], data: dims }];
    }
    case 'Identity':
      return [need(a, 0)];
    case 'Cast': {
      const v = need(a, 0);
      const to = attrs.get('to') as number;
      const float = isFloatType(to);
      const data = v.data.map((d) => (typeof d !== 'number' || float ? d : Math.trunc(d)));
      return [{ float, shape: v.shape, data }];
    }
    case 'Gather':
      return [gather(need(a, 0), need(b, 1), (attrs.get('axis') as number | undefined) ?? 0)];
    case 'Unsqueeze': {
      const v = need(a, 0);
      const axes = intsAttrOrInput(attrs, 'axes', b);
      if (!axes) throw new Error('Unsqueeze without axes');
      const rank = v.shape.length + axes.length;
      const set = new Set(axes.map((x) => axisOf(x, rank)));
      const shape: number[] = [];
      for (let i = 0, j = 0; i < rank; i++) shape.push(set.has(i) ? 1 : v.shape[j++]);
      return [{ ...v, shape }];
    }
    case 'Squeeze': {
      const v = need(a, 0);
      const axes = intsAttrOrInput(attrs, 'axes', b);
      const set = new Set((axes ?? []).map((x) => axisOf(x, v.shape.length)));
      const shape = v.shape.filter((d, i) => (axes ? !set.has(i) : d !== 1));
      return [{ ...v, shape }];
    }
    case 'Concat':
      return [concat(ins.map(need), attrs.get('axis') as number)];
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div': {
      const sym = { Add: '+', Sub: '-', Mul: '*', Div: '/' } as const;
      const x = need(a, 0);
      const y = need(b, 1);
      return [broadcastBinary(x, y, arith(sym[op], x.float || y.float))];
    }
    case 'ConstantOfShape': {
      const shape = concreteInts(need(a, 0), 'ConstantOfShape shape');
      const t = attrs.get('value');
      const fill =
        t && typeof t === 'object' && !Array.isArray(t)
          ? fromTensor(t)
          : { float: true, shape: [1], data: [0] };
      return [{ float: fill.float, shape, data: new Array<Dim>(size(shape)).fill(fill.data[0]) }];
    }
    case 'Slice': {
      const v = need(a, 0);
      if (v.shape.length !== 1) throw new Error('folding Slice is only supported on 1-D values');
      const starts = intsAttrOrInput(attrs, 'starts', ins[1]) ?? [0];
      const ends = intsAttrOrInput(attrs, 'ends', ins[2]) ?? [v.shape[0]];
      const steps = ins[4] ? concreteInts(ins[4], 'Slice steps') : [1];
      const n = v.shape[0];
      const norm = (x: number, lo: number, hi: number) => Math.min(Math.max(x < 0 ? x + n : x, lo), hi);
      const step = steps[0];
      const out: Dim[] = [];
      if (step > 0)
        for (let i = norm(starts[0], 0, n); i < norm(ends[0], 0, n); i += step) out.push(v.data[i]);
      else
        for (let i = norm(starts[0], 0, n - 1); i > norm(ends[0], -1, n - 1); i += step) out.push(v.data[i]);
      return [{ float: v.float, shape: [out.length], data: out }];
    }
    case 'Reshape': {
      const v = need(a, 0);
      const target = concreteInts(need(b, 1), 'Reshape shape');
      const total = v.data.length;
      const shape = target.map((d, i) => (d === 0 ? v.shape[i] : d));
      const known = shape.filter((d) => d !== -1).reduce((p, q) => p * q, 1);
      return [{ ...v, shape: shape.map((d) => (d === -1 ? total / known : d)) }];
    }
  }
  throw new Error(`op '${op}' cannot be folded`);
}
