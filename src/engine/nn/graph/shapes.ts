// Static shape inference for one IR node, over concrete or symbolic dims, with exact validation messages.
import { dimOp, dimProduct, formatShape, normAxis, windowOut } from './dims.ts';
import type { AttrValue, Dim, GraphNode } from './ir.ts';

function ints(node: GraphNode, key: string, fallback?: number[]): number[] {
  const v: AttrValue | undefined = node.attrs[key];
  if (v === undefined) {
    if (fallback) return fallback;
    throw new Error(`${where(node)}: missing attribute '${key}'`);
  }
  if (!Array.isArray(v)) throw new Error(`${where(node)}: attribute '${key}' must be a list of ints`);
  return v;
}

function num(node: GraphNode, key: string, fallback: number): number {
  const v = node.attrs[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number') throw new Error(`${where(node)}: attribute '${key}' must be a number`);
  return v;
}

function where(node: GraphNode): string {
  return `${node.op} '${node.name}'`;
}

function sameDim(a: Dim, b: Dim): boolean {
  return a === b || typeof a !== 'number' || typeof b !== 'number';
}

/** Numpy-style broadcast of two shapes; a numeric mismatch (neither 1) is an error. */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[], ctx: string): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else if (typeof x === 'number' && typeof y === 'number') {
      throw new Error(`${ctx}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`);
    } else out.push(typeof x === 'number' ? x : y);
  }
  return out;
}

function expectRank(node: GraphNode, shape: readonly Dim[], what: string, min: number, max = min): void {
  if (shape.length < min || shape.length > max) {
    const want = min === max ? `${min}` : `${min}..${max}`;
    throw new Error(
      `${where(node)}: ${what} has rank ${shape.length} ${formatShape(shape)}, expected ${want}`,
    );
  }
}

function conv(node: GraphNode, ins: Dim[][]): Dim[][] {
  const [x, w, b] = ins;
  expectRank(node, x, 'input', 3, 5);
  expectRank(node, w, 'weight', x.length);
  const group = num(node, 'group', 1);
  const spatial = x.length - 2;
  const kernel = ints(node, 'kernelShape', w.slice(2) as number[]);
  const strides = ints(node, 'strides', Array(spatial).fill(1));
  const dil = ints(node, 'dilations', Array(spatial).fill(1));
  const pads = ints(node, 'pads', Array(2 * spatial).fill(0));
  const [cin, m] = [x[1], w[0]];
  if (typeof cin === 'number' && typeof w[1] === 'number' && cin !== w[1] * group) {
    throw new Error(`${where(node)}: input channels ${cin} ≠ weight in-channels×group ${w[1]}×${group}`);
  }
  if (typeof m === 'number' && m % group !== 0) {
    throw new Error(`${where(node)}: output channels ${m} not divisible by group ${group}`);
  }
  for (let i = 0; i < spatial; i++) {
    if (w[2 + i] !== kernel[i]) {
      throw new Error(`${where(node)}: kernelShape ${formatShape(kernel)} ≠ weight ${formatShape(w)}`);
    }
  }
  if (b && (b.length !== 1 || !sameDim(b[0], m))) {
    throw new Error(`${where(node)}: bias ${formatShape(b)} ≠ [${m}]`);
  }
  const out: Dim[] = [x[0], m];
  for (let i = 0; i < spatial; i++) {
    const o = windowOut(x[2 + i], kernel[i], strides[i], pads[i], pads[spatial + i], dil[i]);
    if (typeof o === 'number' && o < 1) throw new Error(`${where(node)}: input ${formatShape(x)} too small`);
    out.push(o);
  }
  return [out];
}

function pool(node: GraphNode, ins: Dim[][]): Dim[][] {
  const [x] = ins;
  expectRank(node, x, 'input', 3, 5);
  const spatial = x.length - 2;
  const kernel = ints(node, 'kernelShape');
  const strides = ints(node, 'strides', Array(spatial).fill(1));
  const dil = ints(node, 'dilations', Array(spatial).fill(1));
  const pads = ints(node, 'pads', Array(2 * spatial).fill(0));
  const ceil = num(node, 'ceilMode', 0) === 1;
  if (kernel.length !== spatial)
    throw new Error(`${where(node)}: kernelShape ${formatShape(kernel)} for input ${formatShape(x)}`);
  const out: Dim[] = [x[0], x[1]];
  for (let i = 0; i < spatial; i++) {
    out.push(windowOut(x[2 + i], kernel[i], strides[i], pads[i], pads[spatial + i], dil[i], ceil));
  }
  return [out];
}

function gemm(node: GraphNode, ins: Dim[][]): Dim[][] {
  const [a, b, c] = ins;
  expectRank(node, a, 'A', 2);
  expectRank(node, b, 'B', 2);
  const ta = num(node, 'transA', 0) === 1;
  const tb = num(node, 'transB', 0) === 1;
  const [m, k] = ta ? [a[1], a[0]] : [a[0], a[1]];
  const [k2, n] = tb ? [b[1], b[0]] : [b[0], b[1]];
  if (!sameDim(k, k2))
    throw new Error(`${where(node)}: A ${formatShape(a)} in-features ${k} ≠ B in-features ${k2}`);
  if (c) broadcastShapes([m, n], c, `${where(node)} bias`);
  return [[m, n]];
}

function matmul(node: GraphNode, ins: Dim[][]): Dim[][] {
  const [a0, b0] = ins;
  if (a0.length === 0 || b0.length === 0) throw new Error(`${where(node)}: scalar operand`);
  const a = a0.length === 1 ? [1, a0[0]] : a0;
  const b = b0.length === 1 ? [b0[0], 1] : b0;
  const k = a[a.length - 1];
  const k2 = b[b.length - 2];
  if (!sameDim(k, k2))
    throw new Error(`${where(node)}: ${formatShape(a0)} × ${formatShape(b0)}: inner dims ${k} ≠ ${k2}`);
  const batch = broadcastShapes(a.slice(0, -2), b.slice(0, -2), where(node));
  const out = [...batch];
  if (a0.length > 1) out.push(a[a.length - 2]);
  if (b0.length > 1) out.push(b[b.length - 1]);
  return [out];
}

function reshape(node: GraphNode, x: Dim[]): Dim[] {
  const target = ints(node, 'shape');
  const out: Dim[] = [];
  let inferAt = -1;
  // Numeric element count of the input, and the symbols not consumed by a copied (0) entry.
  let numeric = 1;
  const symbols: Dim[] = [];
  for (const d of x)
    if (typeof d === 'number') numeric *= d;
    else symbols.push(d);
  let known = 1;
  target.forEach((t, i) => {
    if (t === -1) {
      if (inferAt >= 0) throw new Error(`${where(node)}: more than one -1 in shape ${formatShape(target)}`);
      inferAt = i;
      out.push(-1);
    } else if (t === 0) {
      if (i >= x.length)
        throw new Error(`${where(node)}: shape ${formatShape(target)} copies dim ${i} of ${formatShape(x)}`);
      const d = x[i];
      out.push(d);
      if (typeof d === 'number') known *= d;
      else symbols.splice(symbols.indexOf(d), 1);
    } else if (t > 0) {
      out.push(t);
      known *= t;
    } else throw new Error(`${where(node)}: invalid entry ${t} in shape ${formatShape(target)}`);
  });
  if (inferAt >= 0) {
    if (numeric % known !== 0)
      throw new Error(`${where(node)}: cannot reshape ${formatShape(x)} to ${formatShape(target)}`);
    out[inferAt] = dimOp(dimProduct(symbols), '*', numeric / known);
  } else if (symbols.length === 0 && numeric !== known) {
    throw new Error(
      `${where(node)}: cannot reshape ${formatShape(x)} (${numeric} elements) to ${formatShape(target)}`,
    );
  }
  return out;
}

function slice(node: GraphNode, x: Dim[]): Dim[] {
  const starts = ints(node, 'starts');
  const ends = ints(node, 'ends');
  const axes = ints(
    node,
    'axes',
    starts.map((_, i) => i),
  );
  const steps = ints(
    node,
    'steps',
    starts.map(() => 1),
  );
  const out = [...x];
  axes.forEach((ax, i) => {
    const a = normAxis(ax, x.length, where(node));
    const d = x[a];
    if (typeof d !== 'number') {
      out[a] = `slice(${d},${starts[i]},${ends[i]},${steps[i]})`;
      return;
    }
    const [s, e] = sliceRange(d, starts[i], ends[i], steps[i]);
    out[a] =
      steps[i] > 0 ? Math.max(0, Math.ceil((e - s) / steps[i])) : Math.max(0, Math.ceil((s - e) / -steps[i]));
  });
  return out;
}

/** ONNX Slice start/end clamping for one axis of length d. */
export function sliceRange(d: number, start: number, end: number, step: number): [number, number] {
  if (step === 0) throw new Error('Slice: step 0');
  let s = start < 0 ? start + d : start;
  let e = end < 0 ? end + d : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), d);
    e = Math.min(Math.max(e, 0), d);
  } else {
    s = Math.min(Math.max(s, 0), d - 1);
    e = Math.min(Math.max(e, -1), d - 1);
  }
  return [s, e];
}

function concat(node: GraphNode, ins: Dim[][]): Dim[] {
  const a = normAxis(num(node, 'axis', 0), ins[0].length, where(node));
  const out = [...ins[0]];
  let sum: Dim = 0;
  for (const s of ins) {
    if (s.length !== out.length)
      throw new Error(`${where(node)}: ranks differ (${ins.map(formatShape).join(' ')})`);
    s.forEach((d, i) => {
      if (i !== a && !sameDim(d, out[i])) {
        throw new Error(`${where(node)}: dim ${i} differs (${ins.map(formatShape).join(' ')})`);
      }
    });
    sum = dimOp(sum, '+', s[a]);
  }
  out[a] = sum;
  return out;
}

function split(node: GraphNode, x: Dim[]): Dim[][] {
  const a = normAxis(num(node, 'axis', 0), x.length, where(node));
  const n = node.outputs.length;
  const d = x[a];
  let sizes = node.attrs.split as number[] | undefined;
  if (!sizes) {
    if (typeof d !== 'number')
      return node.outputs.map(() => x.map((v, i) => (i === a ? dimOp(v, '/', n) : v)));
    if (d % n !== 0) throw new Error(`${where(node)}: dim ${d} does not split evenly into ${n}`);
    sizes = Array(n).fill(d / n);
  }
  if (sizes.length !== n) throw new Error(`${where(node)}: ${sizes.length} split sizes for ${n} outputs`);
  const total = sizes.reduce((p, q) => p + q, 0);
  if (typeof d === 'number' && total !== d)
    throw new Error(`${where(node)}: split ${formatShape(sizes)} ≠ dim ${d}`);
  return sizes.map((s) => x.map((v, i) => (i === a ? s : v)));
}

function reduceMean(node: GraphNode, x: Dim[]): Dim[] {
  const keep = num(node, 'keepdims', 1) === 1;
  const given = ints(node, 'axes', []);
  const axes = new Set(
    (given.length ? given : x.map((_, i) => i)).map((a) => normAxis(a, x.length, where(node))),
  );
  const out: Dim[] = [];
  x.forEach((d, i) => {
    if (!axes.has(i)) out.push(d);
    else if (keep) out.push(1);
  });
  return out;
}

function squeeze(node: GraphNode, x: Dim[]): Dim[] {
  const given = ints(node, 'axes', []);
  const axes = new Set(given.map((a) => normAxis(a, x.length, where(node))));
  return x.filter((d, i) => {
    if (given.length === 0) return d !== 1;
    if (!axes.has(i)) return true;
    if (d !== 1 && typeof d === 'number')
      throw new Error(`${where(node)}: cannot squeeze dim ${i} of ${formatShape(x)}`);
    return false;
  });
}

function unsqueeze(node: GraphNode, x: Dim[]): Dim[] {
  const given = ints(node, 'axes');
  const rank = x.length + given.length;
  const axes = new Set(given.map((a) => normAxis(a, rank, where(node))));
  const out: Dim[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(axes.has(i) ? 1 : x[j++]);
  return out;
}

/** Output shapes of one node from its input shapes (params included), validating on the way. */
export function inferNodeShapes(node: GraphNode, ins: Dim[][]): Dim[][] {
  const x = ins[0];
  switch (node.op) {
    case 'Conv':
      return conv(node, ins);
    case 'Gemm':
      return gemm(node, ins);
    case 'MatMul':
      return matmul(node, ins);
    case 'BatchNormalization': {
      for (let i = 1; i < 5; i++) {
        if (ins[i].length !== 1 || !sameDim(ins[i][0], x[1])) {
          throw new Error(`${where(node)}: input ${i} shape ${formatShape(ins[i])} ≠ channels [${x[1]}]`);
        }
      }
      return [x];
    }
    case 'Relu':
    case 'Clip':
    case 'HardSigmoid':
    case 'HardSwish':
    case 'Sigmoid':
    case 'Dropout':
      return [x];
    case 'Softmax':
      normAxis(num(node, 'axis', -1), x.length, where(node));
      return [x];
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
      return [broadcastShapes(ins[0], ins[1], where(node))];
    case 'GlobalAveragePool':
      expectRank(node, x, 'input', 3, 5);
      return [x.map((d, i) => (i < 2 ? d : 1))];
    case 'MaxPool':
    case 'AveragePool':
      return pool(node, ins);
    case 'ReduceMean':
      return [reduceMean(node, x)];
    case 'Flatten': {
      const axis = num(node, 'axis', 1);
      const a = axis < 0 ? axis + x.length : axis;
      if (a < 0 || a > x.length)
        throw new Error(`${where(node)}: axis ${axis} out of range for rank ${x.length}`);
      return [[dimProduct(x.slice(0, a)), dimProduct(x.slice(a))]];
    }
    case 'Reshape':
      return [reshape(node, x)];
    case 'Squeeze':
      return [squeeze(node, x)];
    case 'Unsqueeze':
      return [unsqueeze(node, x)];
    case 'Transpose': {
      const perm = ints(
        node,
        'perm',
        x.map((_, i) => x.length - 1 - i),
      );
      if (perm.length !== x.length || [...perm].sort((p, q) => p - q).some((p, i) => p !== i)) {
        throw new Error(`${where(node)}: perm ${formatShape(perm)} invalid for rank ${x.length}`);
      }
      return [perm.map((p) => x[p])];
    }
    case 'Concat':
      return [concat(node, ins)];
    case 'Slice':
      return [slice(node, x)];
    case 'Split':
      return split(node, x);
  }
}
