// Test helpers: random inputs and central finite differences of a reference forward, to check its backward.

/** Fresh random float64 values in [lo, hi), kept at least `margin` away from each of `kinks` (non-smooth points). */
export function randomF64(
  n: number,
  lo = -1,
  hi = 1,
  kinks: readonly number[] = [],
  margin = 1e-2,
): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    do v = lo + (hi - lo) * Math.random();
    while (kinks.some((k) => Math.abs(v - k) < margin));
    a[i] = v;
  }
  return a;
}

/**
 * Numeric vector-Jacobian product: ∂(Σ dy·f(x))/∂x[which] by central differences with step h.
 * `f` takes all inputs (it must not keep or mutate them) and returns its output as a flat array.
 */
export function numericVjp(
  f: (inputs: Float64Array[]) => Float64Array,
  inputs: Float64Array[],
  dy: Float64Array,
  which: number,
  h = 1e-5,
): Float64Array {
  const x = inputs[which];
  const g = new Float64Array(x.length);
  const dot = (y: Float64Array): number => {
    if (y.length !== dy.length)
      throw new Error(`numericVjp: output has ${y.length} values, dy has ${dy.length}`);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += dy[i] * y[i];
    return s;
  };
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + h;
    const up = dot(f(inputs));
    x[i] = keep - h;
    const down = dot(f(inputs));
    x[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/**
 * Worst violation of |actual − expected| ≤ rtol·max(|expected|, floor); returns a message for the first
 * failing element, or null when all pass. Default: 1e-6 relative with floor 1 (so 1e-6 absolute below 1).
 */
export function closeness(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-6,
  floor = 1,
): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ ${expected.length}`;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i] - expected[i]) / (rtol * Math.max(Math.abs(expected[i]), floor));
    if (!(e <= worst)) {
      worst = e;
      at = i;
    }
  }
  if (worst <= 1) return null;
  return `element ${at}: ${actual[at]} vs ${expected[at]} (${worst.toFixed(2)}× the tolerance rtol=${rtol}, floor=${floor})`;
}

/**
 * Compares each analytic gradient with numericVjp of `f`; returns "name: message" for the first mismatch or null.
 * A null entry in `analytic` skips that input (e.g. an input with no gradient).
 */
export function vjpMismatch(
  f: (inputs: Float64Array[]) => Float64Array,
  inputs: Float64Array[],
  dy: Float64Array,
  analytic: readonly (Float64Array | null)[],
  names: readonly string[],
  rtol = 1e-6,
  floor = 1,
): string | null {
  for (let k = 0; k < analytic.length; k++) {
    const a = analytic[k];
    if (!a) continue;
    const msg = closeness(a, numericVjp(f, inputs, dy, k), rtol, floor);
    if (msg) return `${names[k] ?? `input ${k}`}: ${msg}`;
  }
  return null;
}

/**
 * n distinct values in [lo, hi) in random order, at least (hi − lo)/(2n) apart: for ops that pick a maximum, so a
 * finite-difference step can never swap which element wins.
 */
export function distinctF64(n: number, lo = -1, hi = 1): Float64Array {
  const step = (hi - lo) / n;
  const a = Float64Array.from({ length: n }, (_, i) => lo + step * (i + 0.25 + 0.5 * Math.random()));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
