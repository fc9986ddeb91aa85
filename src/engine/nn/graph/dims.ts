// Arithmetic on dimensions that may be symbolic: numbers compute, symbols become opaque expressions.
// Import infers shapes with the batch as a symbol; plan time repeats the pass with numbers only.
import type { Dim } from './ir.ts';

export function isConcrete(shape: readonly Dim[]): shape is number[] {
  return shape.every((d) => typeof d === 'number');
}

/** a op b for numbers; otherwise a canonical expression string so equal derivations compare equal. */
export function dimOp(a: Dim, op: '+' | '-' | '*' | '/', b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return Math.floor(a / b);
    }
  }
  if (op === '*' && (a === 1 || b === 1)) return a === 1 ? b : a;
  if ((op === '/' && b === 1) || ((op === '+' || op === '-') && b === 0)) return a;
  return `(${a}${op}${b})`;
}

export function dimProduct(dims: readonly Dim[]): Dim {
  let p: Dim = 1;
  for (const d of dims) p = dimOp(p, '*', d);
  return p;
}

/** Output size of a windowed op along one axis (conv/pool), floor or ceil mode. */
export function windowOut(
  size: Dim,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation = 1,
  ceil = false,
): Dim {
  const span = dilation * (kernel - 1) + 1;
  if (typeof size !== 'number') {
    return `win(${size},${kernel},${stride},${padBegin},${padEnd},${dilation},${ceil ? 1 : 0})`;
  }
  const round = ceil ? Math.ceil : Math.floor;
  let out = round((size + padBegin + padEnd - span) / stride) + 1;
  // As PyTorch and ORT do: in ceil mode the last window must start inside the input or the leading padding.
  if (ceil && (out - 1) * stride >= size + padBegin) out -= 1;
  return out;
}

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.join(',')}]`;
}

/** Normalizes a possibly negative axis against a rank, or throws naming the context. */
export function normAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank)
    throw new Error(`${where}: axis ${axis} out of range for rank ${rank}`);
  return a;
}
