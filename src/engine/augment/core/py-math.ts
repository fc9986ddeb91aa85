// Python's rounding and integer helpers, so box sizes match PaddleClas/torchvision exactly.

/** Python 3 round(): half to even. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Python's int() on a float: truncation toward zero. */
export const pyInt = (v: number): number => Math.trunc(v);

/** Python's a // b for integers (floor division). */
export const floorDiv = (a: number, b: number): number => Math.floor(a / b);
